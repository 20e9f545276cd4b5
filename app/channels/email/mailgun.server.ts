// Mailgun's messages API: basic auth as "api" with the key, a form body, custom headers as h:*,
// per sending domain; EU accounts use api.eu.mailgun.net. The delivery id rides as a v: variable,
// which Mailgun's events carry in user-variables.
import { DELIVERY_TAG } from "./events/types";
import { callApi, formatAddress } from "./http";
import type { EmailProvider, OutgoingEmail } from "./types";

export function createMailgunProvider(settings: {
  apiKey: string;
  domain: string;
  region?: "us" | "eu";
  baseUrl?: string;
}): EmailProvider {
  const base =
    settings.baseUrl ??
    (settings.region === "eu"
      ? "https://api.eu.mailgun.net"
      : "https://api.mailgun.net");
  const url = `${base}/v3/${encodeURIComponent(settings.domain)}/messages`;
  const auth = `Basic ${Buffer.from(`api:${settings.apiKey}`).toString("base64")}`;
  return {
    name: "mailgun",
    perSecond: 50,
    async send(email: OutgoingEmail) {
      const form = new URLSearchParams({
        from: formatAddress(email.from),
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
      for (const [name, value] of Object.entries({
        ...email.headers,
        "Message-Id": email.messageId,
      }))
        form.append(`h:${name}`, value);
      // Sent as a plain string (a cuid), it comes back as the same string.
      if (email.deliveryId) form.append(`v:${DELIVERY_TAG}`, email.deliveryId);
      const response = await callApi("Mailgun", url, {
        method: "POST",
        headers: { Authorization: auth },
        body: form,
      });
      const body = (await response.json()) as { id?: string };
      return { providerMessageId: body.id ?? null };
    },
    close: async () => {},
  };
}
