// Postmark's email API: the server token in X-Postmark-Server-Token; marketing goes through the
// broadcast message stream (Postmark requires it), transactional through "outbound". The delivery
// id rides in Metadata (keys of at most 20 characters: DELIVERY_TAG is 20), echoed in its webhooks.
import { DELIVERY_TAG } from "./events/types";
import { callApi, formatAddress } from "./http";
import type { EmailProvider, OutgoingEmail } from "./types";

export function createPostmarkProvider(settings: {
  serverToken: string;
  baseUrl?: string;
  broadcastStream?: string;
}): EmailProvider {
  const url = `${settings.baseUrl ?? "https://api.postmarkapp.com"}/email`;
  return {
    name: "postmark",
    perSecond: 50,
    async send(email: OutgoingEmail) {
      const marketing = "List-Unsubscribe" in email.headers;
      const response = await callApi("Postmark", url, {
        method: "POST",
        headers: {
          "X-Postmark-Server-Token": settings.serverToken,
          Accept: "application/json",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          From: formatAddress(email.from),
          To: email.to,
          Subject: email.subject,
          HtmlBody: email.html,
          TextBody: email.text,
          Headers: [
            ...Object.entries(email.headers),
            ["Message-ID", email.messageId],
          ].map(([Name, Value]) => ({ Name, Value })),
          MessageStream: marketing
            ? (settings.broadcastStream ?? "broadcast")
            : "outbound",
          ...(email.deliveryId
            ? { Metadata: { [DELIVERY_TAG]: email.deliveryId } }
            : {}),
        }),
      });
      const body = (await response.json()) as { MessageID?: string };
      return { providerMessageId: body.MessageID ?? null };
    },
    close: async () => {},
  };
}
