// Hosts the app connects to on a merchant's say (the shop's SMTP server) must be on the public
// internet: never the app's own machine or network (Redis on 127.0.0.1, a cloud's metadata service
// on 169.254.169.254, a database on 10.x). A name is resolved once, every address it gives is
// checked, and the caller connects to the checked address, so a DNS answer that changes between
// the check and the connection (rebinding) cannot slip through. An operator whose mail relay is on
// a private network (and the sandbox and tests, whose servers listen on 127.0.0.1) allows private
// hosts with TRIGGER_MAP_ALLOW_PRIVATE_HOSTS=1.
import dns from "node:dns";
import net from "node:net";

export const ALLOW_PRIVATE_HOSTS_ENV = "TRIGGER_MAP_ALLOW_PRIVATE_HOSTS";

/** Resolves a name to every address it has (as `dns.lookup` with `all`); injected by tests. */
export type HostLookup = (
  host: string,
) => Promise<readonly { address: string; family: number }[]>;

export interface OutboundPolicy {
  /** Default: the operator's TRIGGER_MAP_ALLOW_PRIVATE_HOSTS, read at each call. */
  allowPrivateHosts?: boolean;
  lookup?: HostLookup;
}

/** A host that points (or may point) at a private, internal or reserved address. */
export class BlockedHostError extends Error {
  override name = "BlockedHostError";
  readonly code = "EBLOCKEDHOST";
  constructor(readonly host: string) {
    super(
      `${host} is a private, internal or reserved address: not connected to`,
    );
  }
}

export function privateHostsAllowed(
  env: Record<string, string | undefined> = process.env,
): boolean {
  return ["1", "true", "yes"].includes(
    (env[ALLOW_PRIVATE_HOSTS_ENV] ?? "").trim().toLowerCase(),
  );
}

// Everything that is not a unicast address on the public internet (IANA's special-purpose
// registries). Node's BlockList also matches IPv4-mapped IPv6 (::ffff:10.0.0.1) against the IPv4 rules.
const blocked = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0 included
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["::", 96], // IPv4-compatible (deprecated)
  ["64:ff9b::", 96], // NAT64: may translate to any IPv4 address
  ["64:ff9b:1::", 48],
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments: Teredo, documentation, benchmarking
  ["2001:db8::", 32],
  ["2002::", 16], // 6to4: embeds any IPv4 address
  ["3fff::", 20],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

/** Whether an IP address is a unicast address on the public internet. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = net.isIP(bare);
  if (family === 0) return false;
  return !blocked.check(bare, family === 4 ? "ipv4" : "ipv6");
}

const systemLookup: HostLookup = (host) =>
  dns.promises.lookup(host, { all: true, verbatim: true });

/**
 * The address to connect to for a host (a name or an IP, `[::1]` as written in a URL): resolved
 * once; refused with BlockedHostError when any address it gives is private, unless the operator
 * allows private hosts. DNS failures are thrown as they come (ENOTFOUND...).
 */
export async function resolvePublicAddress(
  host: string,
  policy: OutboundPolicy = {},
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.trim().replace(/^\[|\]$/g, "");
  const literal = net.isIP(bare.replace(/%.*$/, ""));
  const addresses = literal
    ? [{ address: bare, family: literal }]
    : await (policy.lookup ?? systemLookup)(bare);
  if (addresses.length === 0)
    throw Object.assign(new Error(`${host} has no address`), {
      code: "ENOTFOUND",
    });
  const allow = policy.allowPrivateHosts ?? privateHostsAllowed();
  if (!allow && addresses.some((a) => !isPublicAddress(a.address)))
    throw new BlockedHostError(host);
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * For a settings form: whether the host is refused. A name that does not resolve now, or not within
 * the time a form can wait, is not: every connection checks again, and the test email will say.
 */
export async function isRefusedHost(
  host: string,
  policy: OutboundPolicy = {},
  timeoutMs = 5_000,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<false>(
    (resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)),
  );
  const checked = resolvePublicAddress(host, policy).then(
    () => false,
    (error: unknown) => error instanceof BlockedHostError,
  );
  try {
    return await Promise.race([checked, givenUp]);
  } finally {
    clearTimeout(timer);
  }
}
