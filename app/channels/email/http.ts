// What the HTTP email APIs share: one request, the provider's answer read, and its status turned
// into the channel's failure kinds (429 and 5xx and no connection: transient; other 4xx: permanent;
// no answer to a request that went out: unknown).
import { OUTBOUND_TIMEOUT_MS } from "../../outbound/timeouts";
import { EmailError, type Address } from "./types";

/** Failures once connected: the request may have reached the provider. Any other never left. */
const MAYBE_SENT = new Set([
  "UND_ERR_SOCKET",
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export async function callApi(
  provider: string,
  url: string,
  init: RequestInit,
  timeoutMs: number = OUTBOUND_TIMEOUT_MS.emailApi,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? "";
    const reason = `${provider}: ${(error as Error).message}${code ? ` (${code})` : ""}`;
    const maybeSent =
      MAYBE_SENT.has(code) || (error as Error).name === "TimeoutError";
    throw new EmailError(reason, maybeSent ? "unknown" : "transient");
  }
  if (response.ok) return response;
  const body = (await response.text()).slice(0, 300);
  const kind =
    response.status === 429 || response.status >= 500
      ? "transient"
      : "permanent";
  throw new EmailError(`${provider} ${response.status}: ${body}`, kind);
}

/** "Name <address>", with the name quoted when it needs to be. */
export function formatAddress({ name, address }: Address): string {
  if (!name) return address;
  return /^[\w .-]+$/.test(name)
    ? `${name} <${address}>`
    : `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`;
}
