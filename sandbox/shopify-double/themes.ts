// The shop's main theme, as the Admin API shows it: `themes(roles: [MAIN])` and its files, of which
// the double keeps one, `config/settings_data.json`, written as Shopify writes it (a comment header,
// then JSON) from which app embeds are on. The storefront renders an app embed only when it is on
// here, so the theme editor's switch and the shop's pages agree. Reading themes needs `read_themes`.
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import type { AdminApi, ShopStore } from "./admin-api";
import { connection, type PageArgs } from "./connections";
import { ThemeExtension } from "./storefront/liquid";

/** The app's handle (shopify.app.toml) and the theme extension's id, as block types name them. */
export const APP_HANDLE = "trigger-map";
export const EXTENSION_UID = "5d3c8e0a-7f41-4b2a-9c6e-1a2b3c4d5e6f";

export type EmbedState = "on" | "off" | "absent";

// Shopify writes this header at the top of every settings_data.json.
const HEADER = `/*
 * ------------------------------------------------------------
 * IMPORTANT: The contents of this file are auto-generated.
 *
 * This file may be updated by the Shopify admin theme editor
 * or related systems. Please exercise caution as any changes
 * made to this file may be overwritten.
 * ------------------------------------------------------------
 */
`;

/** The app embeds of the theme app extension (target body or head), by handle. */
export function embedHandles(): string[] {
  const extension = ThemeExtension.load();
  return [...extension.blocksFor("head"), ...extension.blocksFor("body")].map(
    (b) => b.handle,
  );
}

/** Each embed's state in the shop's main theme; the demo merchant turned them all on. */
export const appEmbedsIn = (store: ShopStore) =>
  store.get<Map<string, EmbedState>>(
    "appEmbeds",
    () => new Map(embedHandles().map((h) => [h, "on"])),
  );

export function appEmbedState(store: ShopStore, handle: string): EmbedState {
  return appEmbedsIn(store).get(handle) ?? "absent";
}

/** settings_data.json as Shopify keeps it: an embed turned off stays as a block with disabled: true. */
export function settingsDataJson(store: ShopStore): string {
  const blocks: Record<string, object> = {};
  for (const [handle, state] of appEmbedsIn(store)) {
    if (state === "absent") continue;
    const id = BigInt(
      `0x${createHash("sha256").update(`${store.shop.domain}/${handle}`).digest("hex").slice(0, 15)}`,
    ).toString();
    blocks[id] = {
      type: `shopify://apps/${APP_HANDLE}/blocks/${handle}/${EXTENSION_UID}`,
      disabled: state === "off",
      settings: {},
    };
  }
  const data = {
    current: { logo_width: 90, color_schemes: {}, blocks },
    presets: { Default: { logo_width: 90 } },
  };
  return `${HEADER}${JSON.stringify(data, null, 2)}\n`;
}

export function registerThemes(admin: AdminApi): void {
  admin.resolve("themes", (args, { store, scopes }) => {
    if (!scopes.includes("read_themes") && !scopes.includes("write_themes")) {
      throw new GraphQLError(
        "Access denied for themes field. Required access: `read_themes` access scope.",
        { extensions: { code: "ACCESS_DENIED" } },
      );
    }
    const roles = args.roles as string[] | null | undefined;
    const themes = [mainTheme(store)].filter(
      (t) => !roles?.length || roles.includes(t.role),
    );
    return connection(themes, args as PageArgs);
  });
}

function mainTheme(store: ShopStore) {
  const updatedAt = "2025-01-01T00:00:00Z";
  const file = () => {
    const content = settingsDataJson(store);
    return {
      filename: "config/settings_data.json",
      contentType: "application/json",
      size: String(Buffer.byteLength(content)),
      checksumMd5: createHash("md5").update(content).digest("hex"),
      createdAt: updatedAt,
      updatedAt,
      body: { __typename: "OnlineStoreThemeFileBodyText", content },
    };
  };
  return {
    id: `gid://shopify/OnlineStoreTheme/${store.number}00`,
    name: "Demo theme",
    prefix: "/t/1",
    role: "MAIN",
    processing: false,
    processingFailed: false,
    themeStoreId: null,
    createdAt: updatedAt,
    updatedAt,
    translations: () => [],
    // Filenames may use '*' for any characters, as Shopify's argument does.
    files: (args: PageArgs & { filenames?: string[] | null }) => {
      const wanted = args.filenames?.map(
        (f) => new RegExp(`^${f.split("*").map(escapeRegExp).join(".*")}$`),
      );
      const files = [file()].filter(
        (f) => !wanted || wanted.some((w) => w.test(f.filename)),
      );
      return {
        ...connection(files, { first: args.first, after: args.after }),
        userErrors: [],
      };
    },
  };
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
