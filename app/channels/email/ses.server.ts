// Amazon SES v2 SendEmail (Simple content with headers), signed with Signature Version 4 for the
// "ses" service in the shop's region. aws4fetch's signer only signs: the request goes out through
// callApi, with the channel's timeout and failure kinds (aws4fetch's own client would retry).
import { AwsV4Signer } from "aws4fetch";
import { DELIVERY_TAG } from "./events/types";
import { callApi, formatAddress } from "./http";
import type { EmailProvider, OutgoingEmail } from "./types";

interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export function createSesProvider(
  settings: AwsCredentials & {
    region: string;
    baseUrl?: string;
    configurationSet?: string;
  },
): EmailProvider {
  const url = `${settings.baseUrl ?? `https://email.${settings.region}.amazonaws.com`}/v2/email/outbound-emails`;
  return {
    name: "ses",
    // SES's default sending quota for an account out of the sandbox.
    perSecond: 14,
    async send(email: OutgoingEmail) {
      const body = JSON.stringify({
        FromEmailAddress: formatAddress(email.from),
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: email.text, Charset: "UTF-8" },
              Html: { Data: email.html, Charset: "UTF-8" },
            },
            Headers: Object.entries(email.headers).map(([Name, Value]) => ({
              Name,
              Value,
            })),
          },
        },
        ...(settings.configurationSet
          ? { ConfigurationSetName: settings.configurationSet }
          : {}),
        // Event publishing echoes message tags back in mail.tags (events/sns.ts). A cuid fits
        // SES's tag values ([A-Za-z0-9_-]).
        ...(email.deliveryId
          ? { EmailTags: [{ Name: DELIVERY_TAG, Value: email.deliveryId }] }
          : {}),
      });
      // Service and region given, not guessed from the URL (a test's base URL is not AWS's).
      const signed = await new AwsV4Signer({
        method: "POST",
        url,
        headers: { "content-type": "application/json" },
        body,
        accessKeyId: settings.accessKeyId,
        secretAccessKey: settings.secretAccessKey,
        sessionToken: settings.sessionToken,
        service: "ses",
        region: settings.region,
        // Content-type signed too, as AWS's examples do (aws4fetch leaves it out by default).
        allHeaders: true,
      }).sign();
      const response = await callApi("SES", url, {
        method: "POST",
        headers: signed.headers,
        body,
      });
      const answer = (await response.json()) as { MessageId?: string };
      return { providerMessageId: answer.MessageId ?? null };
    },
    close: async () => {},
  };
}
