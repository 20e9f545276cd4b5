// The admin's message preview: an unsaved message rendered for one channel as the contact will see
// it, through the code that really shows it. Email: the one email renderer, with the shop's name,
// sender, currency and footer and sample data for the content block. Popup and chat: the built
// storefront UI module in a document of their own (app/storefront/preview.ts). Web push: a
// notification's mock. Copy is personalized for a sample contact.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "../db.server";
import type { Message } from "../scenarios/model";
import { previewEmail } from "../channels/email/preview";
import { shopSender } from "../channels/email/provider.server";
import { UNSUBSCRIBE_LABEL } from "../deliveries/send.server";
import { onSitePreviewDocument, SAMPLE_CODE } from "../storefront/preview";
import { readShopSettings } from "../shops/settings";
import {
  personalizeCopy,
  pushPreviewDocument,
  sampleValues,
  type PreviewRequest,
} from "./previews";
import en from "../../extensions/trigger-map-theme/locales/en.default.json";
import ru from "../../extensions/trigger-map-theme/locales/ru.json";

export type MessagePreview =
  | {
      channel: "email";
      html: string;
      subject: string;
      text: string;
      from: { name: string; email: string } | null;
      missing: string[];
    }
  | { channel: "popup" | "chat" | "web_push"; html: string; missing: string[] }
  /** The storefront's UI module is not built in this checkout: `npm run build:storefront`. */
  | { channel: "popup" | "chat"; error: "runtime_not_built" };

/** The app's folder: the nearest with a package.json above this module (app/shops/ in sources, build/ once built). */
function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (
    !existsSync(path.join(dir, "package.json")) &&
    path.dirname(dir) !== dir
  )
    dir = path.dirname(dir);
  return dir;
}
export const UI_ASSET = path.join(
  appRoot(),
  "extensions/trigger-map-theme/assets/trigger-map-ui.js",
);

const read = new Map<string, Promise<string | null>>();
/** The built UI module, read once; a missing file is read again next time (built meanwhile). */
function builtUi(file: string): Promise<string | null> {
  let text = read.get(file);
  if (!text) {
    text = readFile(file, "utf8").catch(() => {
      read.delete(file);
      return null;
    });
    read.set(file, text);
  }
  return text;
}

const RUNTIME_STRINGS = { en: en.runtime, ru: ru.runtime };
const NO_CODE_CONTENTS = new Set<Message["content"]>([
  "push_opt_in",
  "progress_to_threshold",
]);

export async function messagePreview(
  db: Db,
  domain: string,
  request: PreviewRequest,
  options: { uiAsset?: string } = {},
): Promise<MessagePreview> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const shopName = shop.name ?? domain;
  const { message, language, channel } = request;
  const code = message.discount ? SAMPLE_CODE : null;

  if (channel === "popup" || channel === "chat") {
    const ui = await builtUi(options.uiAsset ?? UI_ASSET);
    if (!ui) return { channel, error: "runtime_not_built" };
    // The storefront fills only the shopper's first name, and the code wherever a message with a
    // discount issues one (ui.ts: every popup but a push opt-in or a progress bar, every chat
    // message); the rest is the fallbacks'.
    const firstName = sampleValues(
      language,
      request.contact,
      shopName,
      null,
    ).first_name;
    const filled =
      channel === "chat" || !NO_CODE_CONTENTS.has(message.content)
        ? code
        : null;
    const { missing } = personalizeCopy(message, language, {
      first_name: firstName,
      code: filled,
    });
    const html = onSitePreviewDocument({
      message,
      channel,
      language,
      strings: RUNTIME_STRINGS[language],
      currency: shop.currencyCode,
      shopName,
      firstName,
      uiScript: ui,
    });
    return { channel, html, missing };
  }

  const copy = personalizeCopy(
    message,
    language,
    sampleValues(language, request.contact, shopName, code),
  );
  if (channel === "web_push") {
    return {
      channel,
      html: pushPreviewDocument({
        shopName,
        title: copy.title,
        body: copy.body,
        language,
      }),
      missing: copy.missing,
    };
  }
  const settings = readShopSettings(shop.settings);
  const storefront = `https://${domain}`;
  const email = await previewEmail(
    {
      shopName,
      title: copy.title,
      body: copy.body,
      cta: copy.cta,
      language,
      currency: shop.currencyCode,
      footer: request.marketing
        ? {
            address: settings.physicalAddress ?? null,
            unsubscribeUrl: `${storefront}/apps/trigger-map/unsubscribe`,
            unsubscribeLabel:
              UNSUBSCRIBE_LABEL[language] ?? UNSUBSCRIBE_LABEL.en,
          }
        : null,
    },
    message.content,
    storefront,
  );
  return { channel, ...email, from: shopSender(shop), missing: copy.missing };
}
