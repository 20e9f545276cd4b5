// Where a shop's provider posts its events: one URL per shop and provider, carrying a token signed
// with the app's link keys, so a request names its shop and cannot be made up for another (SNS, for
// one, signs for AWS, not for the shop). Postmark signs nothing: it documents Basic auth credentials
// in the URL, so its URL carries them too. A rotated link key keeps the pasted URLs working.
import {
  signLink,
  verifyLink,
  type LinkKeys,
} from "../security/link-keys.server";
import type { EventProvider } from "../channels/email/events/types";
import { postmarkWebhookUrl } from "../channels/email/events/postmark";

export const EVENT_PROVIDERS: readonly EventProvider[] = [
  "sendgrid",
  "postmark",
  "mailgun",
  "ses",
];

export const isEventProvider = (name: string): name is EventProvider =>
  (EVENT_PROVIDERS as readonly string[]).includes(name);

export const postmarkPassword = (keys: LinkKeys, shopId: string) =>
  signLink(keys, "email-events-basic", shopId, "postmark");

export const verifyEventsToken = (
  keys: LinkKeys,
  token: string,
  shopId: string,
  provider: EventProvider,
) => verifyLink(keys, token, "email-events", shopId, provider);

/** The URL to paste into the provider's webhook settings. */
export function emailEventsUrl(
  appUrl: string,
  keys: LinkKeys,
  shopId: string,
  provider: EventProvider,
): string {
  const token = signLink(keys, "email-events", shopId, provider);
  const url = new URL(
    `/webhooks/email/${provider}/${encodeURIComponent(shopId)}/${token}`,
    appUrl,
  );
  return provider === "postmark"
    ? postmarkWebhookUrl(url.toString(), postmarkPassword(keys, shopId))
    : url.toString();
}
