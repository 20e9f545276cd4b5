// "Connect automatically": the shop's event webhook created through the provider's own API with the
// key the merchant already saved, so nothing is copied by hand. Each call goes through callApi, so
// timeouts and failure kinds match sending; a refusal is named (wrong key, missing permission, …)
// for the merchant's words. SES is left out: it needs an SNS topic and IAM rights a sending key lacks.
import { callApi } from "../http";
import { EmailError } from "../types";

/** What went wrong, for the merchant's words: the key, its rights, the named stream or domain, the plan's limit, no answer, or another refusal. */
export type ConnectFailure =
  | "auth"
  | "permission"
  | "stream"
  | "domain"
  | "limit"
  | "unreachable"
  | "refused";

export class ConnectError extends Error {
  override name = "ConnectError";
  constructor(
    readonly failure: ConnectFailure,
    message: string,
    /** What the merchant's words name (a plan's limit, the full webhook). */
    readonly vars: Record<string, string | number> = {},
    /** The provider's HTTP status, when it answered. */
    readonly status = 0,
  ) {
    super(message);
  }
}

/** What the provider gave back that the app must keep to check its reports. */
export interface Connected {
  eventVerificationKey?: string;
  webhookSigningKey?: string;
  /** Mailgun's signing key could not be fetched: the merchant pastes it. */
  signingKeyManual?: boolean;
}

const status = (error: EmailError) =>
  Number(/^\S+ (\d{3}):/.exec(error.message)?.[1] ?? 0);

/** One API call; a refusal becomes a ConnectError, named by `refusal` from a status other than 401 and 403. */
async function call(
  provider: string,
  url: string,
  init: RequestInit,
  refusal: (status: number) => ConnectFailure = () => "refused",
): Promise<Response> {
  try {
    return await callApi(provider, url, init);
  } catch (error) {
    if (!(error instanceof EmailError)) throw error;
    if (error.kind !== "permanent")
      throw new ConnectError("unreachable", error.message);
    const code = status(error);
    const failure =
      code === 401 ? "auth" : code === 403 ? "permission" : "refused";
    throw new ConnectError(
      failure === "refused" ? refusal(code) : failure,
      error.message,
      {},
      code,
    );
  }
}

/** The answer's JSON; an answer that is not JSON is a refusal, not a crash. */
async function read<T>(provider: string, response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new ConnectError("refused", `${provider}: the answer is not JSON`);
  }
}

const json = { Accept: "application/json", "Content-Type": "application/json" };

/**
 * Postmark's Webhooks API (server token): the webhook on the broadcast stream, its credentials as
 * HttpAuth rather than in the URL. A webhook already posting to the same URL on that stream is
 * updated, not doubled.
 */
export async function connectPostmark(
  settings: { serverToken: string; broadcastStream: string; baseUrl?: string },
  eventsUrl: string,
): Promise<Connected> {
  const base = settings.baseUrl ?? "https://api.postmarkapp.com";
  const headers = { ...json, "X-Postmark-Server-Token": settings.serverToken };
  const url = new URL(eventsUrl);
  const auth = {
    Username: decodeURIComponent(url.username),
    Password: decodeURIComponent(url.password),
  };
  url.username = url.password = "";
  const hook = {
    Url: url.toString(),
    HttpAuth: auth,
    Triggers: {
      Delivery: { Enabled: true },
      Bounce: { Enabled: true, IncludeContent: false },
      SpamComplaint: { Enabled: true, IncludeContent: false },
    },
  };
  // An unknown stream is an error here (Postmark documents it), not an empty list.
  const listed = await call(
    "Postmark",
    `${base}/webhooks?MessageStream=${encodeURIComponent(settings.broadcastStream)}`,
    { method: "GET", headers },
    (code) => (code === 422 || code === 404 ? "stream" : "refused"),
  );
  const { Webhooks = [] } = await read<{
    Webhooks?: { ID: number; Url: string; MessageStream?: string }[];
  }>("Postmark", listed);
  const same = Webhooks.find(
    (w) =>
      w.Url === hook.Url &&
      (w.MessageStream ?? settings.broadcastStream) ===
        settings.broadcastStream,
  );
  if (same)
    await call("Postmark", `${base}/webhooks/${same.ID}`, {
      method: "PUT",
      headers,
      body: JSON.stringify(hook),
    });
  else
    await call("Postmark", `${base}/webhooks`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        ...hook,
        MessageStream: settings.broadcastStream,
      }),
    });
  return {};
}

interface SendGridHook {
  id: string;
  url: string;
}

/**
 * SendGrid's Event Webhooks API, the documented one for several webhooks per account: the webhook
 * posting to this URL is updated, else one is created (within the plan's max_allowed); then its
 * signature is turned on, which answers with the public key the app verifies reports with.
 */
export async function connectSendGrid(
  settings: { apiKey: string; baseUrl?: string },
  eventsUrl: string,
): Promise<Connected> {
  const base = `${settings.baseUrl ?? "https://api.sendgrid.com"}/v3/user/webhooks/event/settings`;
  const headers = { ...json, Authorization: `Bearer ${settings.apiKey}` };
  const listed = await call("SendGrid", `${base}/all`, {
    method: "GET",
    headers,
  });
  const { webhooks = [], max_allowed: max } = await read<{
    webhooks?: SendGridHook[];
    max_allowed?: number;
  }>("SendGrid", listed);
  const hook = {
    enabled: true,
    url: eventsUrl,
    delivered: true,
    bounce: true,
    dropped: true,
    spam_report: true,
    friendly_name: "Trigger Map",
  };
  let id = webhooks.find((w) => w.url === eventsUrl)?.id;
  if (id)
    await call("SendGrid", `${base}/${encodeURIComponent(id)}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify(hook),
    });
  else {
    if (typeof max === "number" && webhooks.length >= max)
      throw new ConnectError("limit", `SendGrid allows ${max} event webhooks`, {
        max,
      });
    const created = await call("SendGrid", base, {
      method: "POST",
      headers,
      body: JSON.stringify(hook),
    });
    id = (await read<Partial<SendGridHook>>("SendGrid", created)).id;
    if (!id) throw new ConnectError("refused", "SendGrid gave no webhook id");
  }
  const signed = await call(
    "SendGrid",
    `${base}/signed/${encodeURIComponent(id)}`,
    { method: "PATCH", headers, body: JSON.stringify({ enabled: true }) },
  );
  const { public_key: key } = await read<{ public_key?: string }>(
    "SendGrid",
    signed,
  );
  if (!key) throw new ConnectError("refused", "SendGrid gave no public key");
  return { eventVerificationKey: key };
}

/** The Mailgun events the app reads, each a domain webhook of its own. */
export const MAILGUN_WEBHOOKS = [
  "delivered",
  "permanent_fail",
  "temporary_fail",
  "complained",
] as const;

/** Mailgun documents at most this many URLs for one event's webhook. */
const MAILGUN_URLS_PER_WEBHOOK = 3;

/**
 * Mailgun's domain Webhooks API (basic auth "api" and the key): each event's webhook created, or,
 * when Mailgun says it exists, its URLs replaced by the ones it had plus ours (other URLs the
 * merchant set stay). The HTTP webhook signing key is then read from the account
 * (GET /v5/accounts/http_signing_key, never regenerated: that would break the merchant's other
 * integrations); a key that cannot read it leaves the merchant to paste it.
 */
export async function connectMailgun(
  settings: {
    apiKey: string;
    domain: string;
    region?: "us" | "eu";
    baseUrl?: string;
  },
  eventsUrl: string,
): Promise<Connected> {
  const base =
    settings.baseUrl ??
    (settings.region === "eu"
      ? "https://api.eu.mailgun.net"
      : "https://api.mailgun.net");
  const headers = {
    Accept: "application/json",
    Authorization: `Basic ${Buffer.from(`api:${settings.apiKey}`).toString("base64")}`,
  };
  const hooks = `${base}/v3/domains/${encodeURIComponent(settings.domain)}/webhooks`;
  const domainRefusal = (code: number): ConnectFailure =>
    code === 404 ? "domain" : "refused";
  for (const id of MAILGUN_WEBHOOKS) {
    try {
      await call(
        "Mailgun",
        hooks,
        {
          method: "POST",
          headers,
          body: new URLSearchParams({ id, url: eventsUrl }),
        },
        domainRefusal,
      );
      continue;
    } catch (error) {
      const exists =
        error instanceof ConnectError &&
        error.status === 400 &&
        /already exists/i.test(error.message);
      if (!exists) throw error;
    }
    const current = await call("Mailgun", `${hooks}/${id}`, {
      method: "GET",
      headers,
    });
    const { webhook } = await read<{
      webhook?: { urls?: string[]; url?: string };
    }>("Mailgun", current);
    const urls = webhook?.urls ?? (webhook?.url ? [webhook.url] : []);
    if (urls.includes(eventsUrl)) continue;
    if (urls.length >= MAILGUN_URLS_PER_WEBHOOK)
      throw new ConnectError("limit", `Mailgun's ${id} webhook is full`, {
        max: MAILGUN_URLS_PER_WEBHOOK,
        event: id,
      });
    const form = new URLSearchParams();
    for (const url of [...urls, eventsUrl]) form.append("url", url);
    await call(
      "Mailgun",
      `${hooks}/${id}`,
      { method: "PUT", headers, body: form },
      domainRefusal,
    );
  }
  try {
    const answer = await callApi(
      "Mailgun",
      `${base}/v5/accounts/http_signing_key`,
      { method: "GET", headers },
    );
    const { http_signing_key: key } = (await answer.json()) as {
      http_signing_key?: string;
    };
    return key ? { webhookSigningKey: key } : { signingKeyManual: true };
  } catch {
    return { signingKeyManual: true };
  }
}
