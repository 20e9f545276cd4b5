// The theme app extension rendered as Shopify's storefront renders it: its blocks through liquidjs
// with Shopify's objects (block, request, cart, customer, product, app.metafields) and the filters
// the blocks use, made to behave as Shopify's where liquidjs differs. The extension is read from
// extensions/trigger-map-theme/ and read again whenever one of its files changes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  Drop,
  Liquid,
  Tag,
  type Context,
  type TagToken,
  type Template,
  type TopLevelToken,
} from "liquidjs";

export const EXTENSION_NAME = "trigger-map-theme";
export const EXTENSION_DIR = path.resolve(
  import.meta.dirname,
  "../../../extensions",
  EXTENSION_NAME,
);
/** Where the double serves the extension's assets/ (Shopify: its CDN). */
export const EXTENSION_ASSET_PATH = `/cdn/extensions/${EXTENSION_NAME}/assets/`;

export interface BlockSetting {
  id?: string;
  type: string;
  default?: unknown;
}

export interface BlockSchema {
  name: string;
  target: "body" | "head" | "section";
  settings?: BlockSetting[];
  stylesheet?: string;
  javascript?: string;
}

export interface ExtensionBlock {
  handle: string;
  schema: BlockSchema;
  template: Template[];
}

/** Liquid's `cart`: amounts in cents, as Shopify's. */
export interface LiquidCart {
  total_price: number;
  item_count: number;
  currency: { iso_code: string };
}

export interface LiquidCustomer {
  id: number;
  email: string | null;
  first_name: string | null;
  orders_count: number;
}

/** What Liquid's app.metafields.<namespace>.<key> finds: `value` is parsed for json types. */
export type AppMetafieldReader = (
  namespace: string,
  key: string,
) => { type: string; value: unknown } | null;

/** Shopify's global objects for one page. */
export interface StorefrontGlobals {
  request: {
    page_type: string;
    path: string;
    host: string;
    locale: { iso_code: string };
  };
  cart: LiquidCart;
  customer: LiquidCustomer | null;
  product?: { id: number; handle: string; title: string; price: number };
  shop: { name: string; permanent_domain: string; currency: string };
  appMetafield: AppMetafieldReader;
}

// `app.metafields.<namespace>.<key>`: looked up when the template asks, as Shopify's drops do.
class AppMetafieldsDrop extends Drop {
  constructor(private readonly read: AppMetafieldReader) {
    super();
  }
  override liquidMethodMissing(namespace: string | number) {
    const read = this.read;
    return new (class extends Drop {
      override liquidMethodMissing(key: string | number) {
        return read(String(namespace), String(key)) ?? undefined;
      }
    })();
  }
}

// `{% schema %}`: the block's settings for the theme editor; renders nothing.
class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    for (let next = remainTokens.shift(); next; next = remainTokens.shift()) {
      if ((next as Partial<TagToken>).name === "endschema") return;
    }
    throw new Error("{% schema %} is not closed");
  }
  *render(): Generator<unknown, void, unknown> {}
}

const htmlEscape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[
        c
      ]!,
  );

const globalsOf = (context: Context) =>
  context.globals as unknown as StorefrontGlobals;

/** One reading of the extension's files. */
export class ThemeExtension {
  readonly blocks = new Map<string, ExtensionBlock>();
  private readonly locales = new Map<string, Record<string, unknown>>();
  private readonly defaultLocale: string;
  private readonly engine: Liquid;

  private constructor(readonly dir: string) {
    const read = (sub: string) =>
      new Map(
        listFiles(path.join(dir, sub)).map((file) => [
          file,
          literalBackslashes(readFileSync(path.join(dir, sub, file), "utf8")),
        ]),
      );
    const snippets = read("snippets");
    this.engine = new Liquid({
      // Snippets from memory: `{% render 'name' %}` finds snippets/name.liquid and nothing else.
      templates: Object.fromEntries(snippets),
      extname: ".liquid",
      // An unknown filter is a filter the double does not provide yet: fail loudly.
      strictFilters: true,
      ownPropertyOnly: true,
    });
    this.engine.registerTag("schema", SchemaTag);
    this.registerFilters();

    const locales = read("locales");
    let fallback = "en";
    for (const [file, text] of locales) {
      const match = /^([\w-]+?)(\.default)?\.json$/.exec(file);
      if (!match || file.endsWith(".schema.json")) continue;
      this.locales.set(match[1]!, JSON.parse(text) as Record<string, unknown>);
      if (match[2]) fallback = match[1]!;
    }
    this.defaultLocale = fallback;

    for (const [file, source] of read("blocks")) {
      if (!file.endsWith(".liquid")) continue;
      const handle = file.slice(0, -".liquid".length);
      this.blocks.set(handle, {
        handle,
        schema: parseSchema(source, file),
        template: this.engine.parse(source, file),
      });
    }
  }

  private static current:
    { signature: string; extension: ThemeExtension } | undefined;

  /** The extension as its files are now (parsed again only after a file changed). */
  static load(dir = EXTENSION_DIR): ThemeExtension {
    const signature = ["blocks", "snippets", "locales", "assets"]
      .flatMap((sub) =>
        listFiles(path.join(dir, sub)).map((file) => {
          const stat = statSync(path.join(dir, sub, file));
          return `${sub}/${file}:${stat.mtimeMs}:${stat.size}`;
        }),
      )
      .join("|");
    if (ThemeExtension.current?.signature !== `${dir}|${signature}`) {
      ThemeExtension.current = {
        signature: `${dir}|${signature}`,
        extension: new ThemeExtension(dir),
      };
    }
    return ThemeExtension.current.extension;
  }

  /** The blocks a target shows: "body" and "head" are app embeds, "section" app blocks. */
  blocksFor(target: BlockSchema["target"]): ExtensionBlock[] {
    return [...this.blocks.values()].filter((b) => b.schema.target === target);
  }

  /** A block's HTML inside Shopify's wrapper; its settings are the schema's defaults. */
  async renderBlock(
    handle: string,
    globals: StorefrontGlobals,
  ): Promise<string> {
    const block = this.blocks.get(handle);
    if (!block)
      throw new Error(`The theme app extension has no block ${handle}`);
    const id = blockId(handle);
    const scope = {
      block: {
        id,
        type: `shopify://apps/trigger-map/blocks/${handle}`,
        settings: defaultSettings(block.schema),
        shopify_attributes: "",
      },
    };
    // Shopify's globals reach snippets too (`render` isolates only the caller's variables).
    const liquidGlobals = {
      ...globals,
      app: { metafields: new AppMetafieldsDrop(globals.appMetafield) },
    };
    const html = (await this.engine.render(block.template, scope, {
      globals: liquidGlobals,
    })) as string;
    return `<div id="shopify-block-${id}" class="shopify-block shopify-app-block">${html}</div>`;
  }

  /** The asset's URL as `asset_url` gives it: versioned, so it can be cached for good. */
  assetUrl(file: string): string {
    let version = "0";
    try {
      version = Math.floor(
        statSync(path.join(this.dir, "assets", file)).mtimeMs,
      ).toString(36);
    } catch {
      // A missing asset still gets a URL, as on Shopify (theme check reports it).
    }
    return `${EXTENSION_ASSET_PATH}${encodeURIComponent(file)}?v=${version}`;
  }

  /** Shopify's `t`: the visitor's locale, then the default one; missing keys say so. */
  translate(
    locale: string,
    key: string,
    args: Record<string, unknown> = {},
  ): string {
    const lookup = (code: string) =>
      key
        .split(".")
        .reduce<unknown>(
          (node, part) =>
            node && typeof node === "object"
              ? (node as Record<string, unknown>)[part]
              : undefined,
          this.locales.get(code),
        );
    let value = lookup(locale) ?? lookup(this.defaultLocale);
    if (value && typeof value === "object" && "count" in args) {
      const forms = value as Record<string, unknown>;
      value =
        (args.count === 0 && forms.zero) ||
        (args.count === 1 && forms.one) ||
        forms.other;
    }
    if (typeof value !== "string")
      return `translation missing: ${locale}.${key}`;
    const text = value.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) =>
      String(args[name] ?? ""),
    );
    // Shopify escapes translations, except those whose key ends in _html.
    return /(^|[._])html$/.test(key) ? text : htmlEscape(text);
  }

  private registerFilters() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- filters get liquidjs's `this`
    const extension = this;
    // Shopify prints null for nil (liquidjs's JSON.stringify(undefined) prints nothing).
    this.engine.registerFilter("json", (value: unknown) =>
      JSON.stringify(value === undefined ? null : value),
    );
    this.engine.registerFilter("asset_url", (file: unknown) =>
      extension.assetUrl(String(file)),
    );
    this.engine.registerFilter(
      "t",
      function (this: { context: Context }, key: unknown, ...args: unknown[]) {
        // liquidjs hands keyword arguments (`t: count: 2`) over as [name, value] pairs.
        const named = Object.fromEntries(
          args.filter(
            (a): a is [string, unknown] => Array.isArray(a) && a.length === 2,
          ),
        );
        return extension.translate(
          globalsOf(this.context).request.locale.iso_code,
          String(key),
          named,
        );
      },
    );
    // Shopify divides integers as integers (7 / 2 = 3); liquidjs would give 3.5.
    this.engine.registerFilter(
      "divided_by",
      (value: unknown, divisor: unknown) => {
        const [a, b] = [Number(value), Number(divisor)];
        return Number.isInteger(a) &&
          Number.isInteger(b) &&
          typeof divisor !== "string"
          ? Math.floor(a / b)
          : a / b;
      },
    );
    this.engine.registerFilter(
      "money",
      function (this: { context: Context }, cents: unknown) {
        const currency =
          globalsOf(this.context).cart?.currency.iso_code ?? "USD";
        return formatMoney(Number(cents) || 0, currency);
      },
    );
  }
}

/** Shopify's default money format for the shop's currency ("$19.00"). */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(
    cents / 100,
  );
}

/** A stable block id per handle, shaped like Shopify's ("AbC…__handle_xyz"). */
export function blockId(handle: string): string {
  return `A${Buffer.from(`trigger-map/${handle}`).toString("base64url").slice(0, 12)}__${handle.replace(/-/g, "_")}`;
}

/** A setting without default is nil in Liquid, except checkboxes, which are false. */
export function defaultSettings(schema: BlockSchema): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const setting of schema.settings ?? []) {
    if (!setting.id) continue;
    settings[setting.id] =
      setting.default ?? (setting.type === "checkbox" ? false : undefined);
  }
  return settings;
}

/**
 * Shopify's Liquid has no escapes in string literals ('\u003c' is six characters); liquidjs reads
 * backslash escapes in them. Doubling every backslash inside Liquid markup makes liquidjs read them as
 * Shopify does (a backslash is meaningless elsewhere in markup).
 */
export function literalBackslashes(source: string): string {
  return source.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, (markup) =>
    markup.replaceAll("\\", "\\\\"),
  );
}

export function parseSchema(source: string, file: string): BlockSchema {
  const match =
    /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source);
  if (!match) throw new Error(`${file} has no {% schema %}`);
  return JSON.parse(match[1]!) as BlockSchema;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
