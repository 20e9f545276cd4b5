// What the HTTP email APIs share: one request, the provider's answer read, and its status turned
// into the channel's failure kinds (429 and 5xx and the network: transient; other 4xx: permanent).
import { EmailError, type Address } from "./types";

export async function callApi(provider: string, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new EmailError(`${provider}: ${(error as Error).message}`, "transient");
  }
  if (response.ok) return response;
  const body = (await response.text()).slice(0, 300);
  const kind = response.status === 429 || response.status >= 500 ? "transient" : "permanent";
  throw new EmailError(`${provider} ${response.status}: ${body}`, kind);
}

/** "Name <address>", with the name quoted when it needs to be. */
export function formatAddress({ name, address }: Address): string {
  if (!name) return address;
  return /^[\w .-]+$/.test(name) ? `${name} <${address}>` : `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`;
}
