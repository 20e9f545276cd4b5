// The dashboard's setup checklist: what a shop must have for scenarios to reach shoppers. Each item
// is read afresh on every request (the merchant fixes one in Shopify's theme editor or in Settings
// and comes back), and a failed read shows as "couldn't check" with Shopify's reason, never as an
// error page.
import { isFreeMailAddress } from "../channels/email/free-mail";
import { shopSender } from "../channels/email/provider.server";
import {
  checkSenderDomain,
  type DnsOptions,
  type SenderDomainCheck,
} from "../channels/email/sender-domain.server";
import type { Db } from "../db.server";
import { OUTBOUND_TIMEOUT_MS } from "../outbound/timeouts";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { readShopSettings } from "../shops/settings";
import { pixelSettings } from "../shops/web-pixel.server";

/** The theme app extension's app embeds (extensions/trigger-map-theme/blocks, target body). */
export const APP_EMBEDS = ["popups", "chat"] as const;
export type AppEmbed = (typeof APP_EMBEDS)[number];
/** The app's handle in shopify.app.toml, which Shopify puts in the embeds' block types. */
export const DEFAULT_APP_HANDLE = "trigger-map";

export type CheckState = "done" | "todo" | "unknown";
export type EmbedState = "on" | "off" | "absent";

export interface SetupChecklist {
  themeEmbeds: {
    state: CheckState;
    reason?: string;
    embeds: { handle: AppEmbed; state: EmbedState; activateUrl: string }[];
  };
  email: {
    state: CheckState;
    providerConnected: boolean;
    testSent: boolean;
    /**
     * The address emails go out from, when it is a free mailbox (saved before such senders were
     * refused, or the shop's own email as the fallback): their DMARC rejects it, so not done.
     */
    freeMailSender?: string;
  };
  webPixel: { state: CheckState; reason?: string };
  /**
   * Present once a provider is connected and the shop has a sender address: its domain's SPF,
   * DKIM and DMARC records, looked up afresh (each lookup bounded, a failure "couldn't check").
   */
  senderDomain?: SenderDomainCheck;
  /**
   * Present while SA3 or SA4 is active: Shopify's own abandoned checkout email overlaps them, and
   * one of the two should be off. Not readable through the Admin API: done when the merchant says so.
   */
  abandonedCheckout?: {
    state: Exclude<CheckState, "unknown">;
    /** The active templates that overlap it. */
    templates: string[];
    notificationsUrl: string;
    automationsUrl: string;
  };
}

/** The templates that overlap Shopify's abandoned checkout email. */
export const ABANDONED_CHECKOUT_TEMPLATES = ["SA3", "SA4"] as const;

export interface SetupContext {
  db: Db;
  graphql: AdminGraphql;
  shop: string;
  apiKey: string;
  appUrl: string;
  appHandle?: string;
  /** The DNS servers and time limit for the sender domain checks (tests' local server). */
  dns?: DnsOptions;
}

const THEME_SETTINGS = `#graphql
  query TriggerMapThemeSettings {
    themes(first: 1, roles: [MAIN]) {
      nodes {
        id
        files(filenames: ["config/settings_data.json"]) {
          nodes {
            body {
              ... on OnlineStoreThemeFileBodyText { content }
              ... on OnlineStoreThemeFileBodyBase64 { contentBase64 }
              ... on OnlineStoreThemeFileBodyUrl { url }
            }
          }
        }
      }
    }
  }`;
const WEB_PIXEL = `#graphql
  query TriggerMapPixelCheck { webPixel { id settings } }`;

export async function setupChecklist(
  ctx: SetupContext,
): Promise<SetupChecklist> {
  const shop = await ctx.db.shop.findUniqueOrThrow({
    where: { domain: ctx.shop },
    select: { id: true, domain: true, name: true, email: true, settings: true },
  });
  const settings = readShopSettings(shop.settings);
  const providerConnected = Boolean(settings.emailProvider);
  const testSent = providerConnected && Boolean(settings.emailTestSentAt);
  const sender = shopSender(shop);
  const freeMailSender =
    sender && isFreeMailAddress(sender.email) ? sender.email : undefined;
  const [themeEmbeds, webPixel, senderDomain, overlapping] = await Promise.all([
    checkThemeEmbeds(ctx),
    checkWebPixel(ctx),
    settings.emailProvider && sender
      ? checkSenderDomain(
          {
            email: sender.email,
            provider: settings.emailProvider.kind,
            dkimSelector: settings.dkimSelector,
          },
          ctx.dns,
        )
      : undefined,
    ctx.db.scenario.findMany({
      where: {
        shopId: shop.id,
        status: "ACTIVE",
        templateKey: { in: [...ABANDONED_CHECKOUT_TEMPLATES] },
      },
      select: { templateKey: true },
      orderBy: { templateKey: "asc" },
    }),
  ]);
  return {
    themeEmbeds,
    email: {
      state: testSent && !freeMailSender ? "done" : "todo",
      providerConnected,
      testSent,
      ...(freeMailSender ? { freeMailSender } : {}),
    },
    webPixel,
    ...(senderDomain ? { senderDomain } : {}),
    ...(overlapping.length
      ? {
          abandonedCheckout: {
            state: settings.shopifyAbandonedEmailOffAt ? "done" : "todo",
            templates: overlapping.map((s) => s.templateKey!),
            notificationsUrl: `https://${ctx.shop}/admin/settings/notifications`,
            automationsUrl: `https://${ctx.shop}/admin/marketing/automations`,
          },
        }
      : {}),
  };
}

/** The merchant's word that Shopify's abandoned checkout email is off (`off` false takes it back). */
export async function markShopifyAbandonedEmailOff(
  db: Db,
  shop: string,
  off: boolean,
  now = new Date(),
): Promise<void> {
  const row = await db.shop.findUniqueOrThrow({
    where: { domain: shop },
    select: { settings: true },
  });
  const { shopifyAbandonedEmailOffAt: _was, ...rest } = readShopSettings(
    row.settings,
  );
  await db.shop.update({
    where: { domain: shop },
    data: {
      settings: off
        ? { ...rest, shopifyAbandonedEmailOffAt: now.toISOString() }
        : rest,
    },
  });
}

/** Shopify's deep link: the theme editor opens with the app embed turned on, ready to save. */
export function activateEmbedUrl(
  shop: string,
  apiKey: string,
  handle: string,
): string {
  return `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${encodeURIComponent(handle)}`;
}

async function checkThemeEmbeds(
  ctx: SetupContext,
): Promise<SetupChecklist["themeEmbeds"]> {
  const embeds = (states: Partial<Record<AppEmbed, EmbedState>>) =>
    APP_EMBEDS.map((handle) => ({
      handle,
      state: states[handle] ?? "absent",
      activateUrl: activateEmbedUrl(ctx.shop, ctx.apiKey, handle),
    }));
  const unknown = (reason: string) => ({
    state: "unknown" as const,
    reason,
    embeds: embeds({}),
  });
  const { data, errors } = await call<{
    themes: {
      nodes: { files: { nodes: { body: FileBody }[] } | null }[];
    } | null;
  }>(ctx.graphql, THEME_SETTINGS);
  if (errors || !data) return unknown(errors ?? "no answer");
  const theme = data.themes?.nodes[0];
  if (!theme) return unknown("The shop has no published theme.");
  const body = theme.files?.nodes[0]?.body;
  let content: string | undefined;
  try {
    content = body && (await fileText(body));
  } catch (error) {
    return unknown((error as Error).message);
  }
  // A theme without settings yet has no app embeds in it.
  const parsed =
    body === undefined
      ? {}
      : content === undefined
        ? null
        : parseSettingsData(content);
  if (parsed === null)
    return unknown(
      "The theme's settings (config/settings_data.json) could not be read.",
    );
  const list = embeds(
    appEmbedStates(parsed, ctx.appHandle ?? DEFAULT_APP_HANDLE),
  );
  return {
    state: list.every((e) => e.state === "on") ? "done" : "todo",
    embeds: list,
  };
}

async function checkWebPixel(
  ctx: SetupContext,
): Promise<SetupChecklist["webPixel"]> {
  const { data, errors } = await call<{
    webPixel: { settings: unknown } | null;
  }>(ctx.graphql, WEB_PIXEL);
  if (!data) return { state: "unknown", reason: errors ?? "no answer" };
  // Shopify answers a null pixel (with its "not found" error) when the app has none on the shop.
  const pixel = data.webPixel;
  if (!pixel) return { state: "todo" };
  const settings =
    typeof pixel.settings === "string"
      ? safeJson(pixel.settings)
      : pixel.settings;
  const ingestUrl = (settings as { ingestUrl?: unknown } | null)?.ingestUrl;
  if (ingestUrl !== pixelSettings(ctx.appUrl).ingestUrl)
    return {
      state: "todo",
      reason: `The pixel sends its events to ${String(ingestUrl)}.`,
    };
  return { state: "done" };
}

type FileBody = { content?: string; contentBase64?: string; url?: string };

/** A theme file's text: Shopify gives it inline, in base64, or (a large file) as a URL to fetch. */
async function fileText(body: FileBody): Promise<string | undefined> {
  if (typeof body.content === "string") return body.content;
  if (typeof body.contentBase64 === "string")
    return Buffer.from(body.contentBase64, "base64").toString("utf8");
  if (typeof body.url === "string") {
    const response = await fetch(body.url, {
      signal: AbortSignal.timeout(OUTBOUND_TIMEOUT_MS.shopify),
    });
    if (!response.ok)
      throw new Error(
        `The theme's settings could not be downloaded (HTTP ${response.status}).`,
      );
    return response.text();
  }
  return undefined;
}

/**
 * One query's data and errors, whether the client returns Shopify's body (the double, a plain
 * fetch) or throws on errors as the library's `admin.graphql` does (GraphqlQueryError keeps the
 * body). A thrown Response is the library's re-authentication and goes on up.
 */
async function call<T>(
  graphql: AdminGraphql,
  text: string,
): Promise<{ data?: T; errors?: string }> {
  try {
    const response = await graphql(text);
    const body = (await response.json()) as {
      data?: T | null;
      errors?: unknown;
    };
    return {
      data: body.data ?? undefined,
      errors:
        errorWords(body.errors) ??
        (body.data ? undefined : `Shopify answered HTTP ${response.status}`),
    };
  } catch (error) {
    if (error instanceof Response) throw error;
    const body = (error as { body?: { data?: T | null; errors?: unknown } })
      .body;
    return {
      data: body?.data ?? undefined,
      errors:
        errorWords(body?.errors) ?? ((error as Error).message || "no answer"),
    };
  }
}

/** Shopify's error words: a string, a list of errors, or the client's wrapper around that list. */
function errorWords(errors: unknown): string | undefined {
  if (typeof errors === "string") return errors || undefined;
  if (Array.isArray(errors))
    return (
      errors
        .map((e: { message?: string }) => e?.message)
        .filter(Boolean)
        .join("; ") || undefined
    );
  if (errors && typeof errors === "object") {
    const { graphQLErrors, message } = errors as {
      graphQLErrors?: unknown;
      message?: string;
    };
    return errorWords(graphQLErrors) ?? message;
  }
  return undefined;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/**
 * settings_data.json's JSON: Shopify writes a comment header before it (and themes may carry other
 * comments), so comments outside strings are dropped first. Null when it still is not JSON.
 */
export function parseSettingsData(
  content: string,
): Record<string, unknown> | null {
  let out = "";
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < content.length && content[i] !== '"'; i++)
        if (content[i] === "\\") i++;
      out += content.slice(start, i + 1);
    } else if (c === "/" && content[i + 1] === "*") {
      const end = content.indexOf("*/", i + 2);
      i = end < 0 ? content.length : end + 1;
    } else if (c === "/" && content[i + 1] === "/") {
      while (i < content.length && content[i] !== "\n") i++;
    } else out += c;
  }
  const value = safeJson(out.replace(/^\uFEFF/, ""));
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * Our app embeds in the theme's current settings: a block of type
 * shopify://apps/<app handle>/blocks/<embed>/<extension id> is on unless `disabled`. `current` may
 * instead name one of the presets.
 */
export function appEmbedStates(
  settings: Record<string, unknown>,
  appHandle = DEFAULT_APP_HANDLE,
): Partial<Record<AppEmbed, EmbedState>> {
  let current = settings.current;
  if (typeof current === "string")
    current = (settings.presets as Record<string, unknown> | undefined)?.[
      current
    ];
  const blocks = (current as { blocks?: unknown } | undefined)?.blocks;
  const states: Partial<Record<AppEmbed, EmbedState>> = {};
  if (!blocks || typeof blocks !== "object") return states;
  for (const block of Object.values(blocks as Record<string, unknown>)) {
    const { type, disabled } = (block ?? {}) as {
      type?: unknown;
      disabled?: unknown;
    };
    const match =
      typeof type === "string"
        ? /^shopify:\/\/apps\/([^/]+)\/blocks\/([^/]+)(\/|$)/.exec(type)
        : null;
    if (
      !match ||
      match[1] !== appHandle ||
      !(APP_EMBEDS as readonly string[]).includes(match[2]!)
    )
      continue;
    const handle = match[2] as AppEmbed;
    // A theme could hold an embed twice; one that is on is enough.
    if (states[handle] !== "on")
      states[handle] = disabled === true ? "off" : "on";
  }
  return states;
}
