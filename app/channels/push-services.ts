// Which push services the app will send to: only the browsers' own (PUSH_SERVICE_HOSTS, default
// below). A subscription's endpoint comes from the storefront, that is from anyone: without this,
// a shopper could point the worker at any host, such as one that accepts and never answers.
/** Chrome and Chromium browsers (FCM), Firefox (autopush), Safari (Apple), Edge (WNS). */
export const DEFAULT_PUSH_SERVICE_HOSTS = [
  "fcm.googleapis.com",
  "updates.push.services.mozilla.com",
  "*.push.services.mozilla.com",
  "*.push.apple.com",
  "*.notify.windows.com",
] as const;

/** The allow-list from PUSH_SERVICE_HOSTS (comma-separated hosts; `*.` allows the subdomains), else the default. */
export function pushServiceHosts(
  env: Record<string, string | undefined> = process.env,
): string[] {
  const listed = (env.PUSH_SERVICE_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return listed.length ? listed : [...DEFAULT_PUSH_SERVICE_HOSTS];
}

/** Null when the endpoint is an https URL on an allowed host; else why not. */
export function pushEndpointRefusal(
  endpoint: string,
  hosts: readonly string[],
): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "https:") return "a push service is reached over https";
  const host = url.hostname.toLowerCase();
  const allowed = hosts.some((pattern) =>
    pattern.startsWith("*.")
      ? host.endsWith(pattern.slice(1))
      : host === pattern,
  );
  return allowed
    ? null
    : `${host} is not a browser push service this app sends to (${hosts.join(", ")})`;
}
