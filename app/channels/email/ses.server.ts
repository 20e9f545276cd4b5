// Amazon SES v2 SendEmail (Simple content with headers), signed with Signature Version 4 for the
// "ses" service in the shop's region.
import { signAwsV4, type AwsCredentials } from "./aws-sigv4";
import { callApi, formatAddress } from "./http";
import type { EmailProvider, OutgoingEmail } from "./types";

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
      });
      const headers = signAwsV4(
        {
          method: "POST",
          url,
          headers: { "content-type": "application/json" },
          body,
        },
        { region: settings.region, service: "ses" },
        settings,
      );
      const response = await callApi("SES", url, {
        method: "POST",
        headers,
        body,
      });
      const answer = (await response.json()) as { MessageId?: string };
      return { providerMessageId: answer.MessageId ?? null };
    },
    close: async () => {},
  };
}
