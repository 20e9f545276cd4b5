// SendGrid's v3 Mail Send API: a bearer API key, JSON with text before HTML, 202 with the id in
// X-Message-Id. The delivery id rides as a custom arg, which SendGrid's events carry as a top-level key.
import { DELIVERY_TAG } from "./events/types";
import { callApi } from "./http";
import type { EmailProvider, OutgoingEmail } from "./types";

export function createSendGridProvider(settings: {
  apiKey: string;
  baseUrl?: string;
}): EmailProvider {
  const url = `${settings.baseUrl ?? "https://api.sendgrid.com"}/v3/mail/send`;
  return {
    name: "sendgrid",
    perSecond: 100,
    async send(email: OutgoingEmail) {
      const response = await callApi("SendGrid", url, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${settings.apiKey}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          personalizations: [
            {
              to: [{ email: email.to }],
              // Custom args must be strings; per personalization, as this recipient's.
              ...(email.deliveryId
                ? { custom_args: { [DELIVERY_TAG]: email.deliveryId } }
                : {}),
            },
          ],
          from: {
            email: email.from.address,
            ...(email.from.name ? { name: email.from.name } : {}),
          },
          subject: email.subject,
          content: [
            { type: "text/plain", value: email.text },
            { type: "text/html", value: email.html },
          ],
          headers: { ...email.headers, "Message-ID": email.messageId },
        }),
      });
      return { providerMessageId: response.headers.get("x-message-id") };
    },
    close: async () => {},
  };
}
