// Sender authentication: whether the sender's domain publishes SPF, DKIM and DMARC records that
// fit the connected provider. The evaluation of records is pure (the functions below take what
// DNS answered); `checkSenderDomain` does the lookups, each bounded, all in parallel, and a lookup
// that fails reads as "couldn't check", never as "missing".
import { Resolver } from "node:dns/promises";
import { domainToASCII } from "node:url";
import { OUTBOUND_TIMEOUT_MS } from "../../outbound/timeouts";
import type { ShopSettings } from "../../shops/settings";

export type ProviderKind = NonNullable<ShopSettings["emailProvider"]>["kind"];
export type DomainCheckState = "done" | "todo" | "unknown";

/** The operator's DNS servers (comma-separated ip or ip:port); unset, the system's. */
export const DNS_SERVERS_ENV = "TRIGGER_MAP_DNS_SERVERS";

/** What DNS answered for one name and type: its records, none, or a failure to get an answer. */
export type Lookup<T> =
  { ok: true; records: T[] } | { ok: false; error: string };

/** The `include:` each HTTP provider documents for its customers' SPF records. */
export const SPF_INCLUDES: Partial<Record<ProviderKind, string>> = {
  sendgrid: "sendgrid.net",
  postmark: "spf.mtasv.net",
  mailgun: "mailgun.org",
  ses: "amazonses.com",
};

/**
 * The DKIM selectors a provider uses when the merchant names none. SendGrid's automated security
 * publishes both s1 and s2; Mailgun's domains use one of a few. Postmark's (dated) and SES's
 * (per-domain tokens) cannot be guessed, nor an SMTP relay's.
 */
export const DKIM_SELECTORS: Partial<
  Record<ProviderKind, { selectors: string[]; need: "all" | "any" }>
> = {
  sendgrid: { selectors: ["s1", "s2"], need: "all" },
  // Older domains' smtp/mx/k1; pdk1/pdk2 where Mailgun rotates the keys itself.
  mailgun: { selectors: ["smtp", "mx", "k1", "pdk1", "pdk2"], need: "any" },
};

export interface SpfCheck {
  state: DomainCheckState;
  /** done: "included" (or "exists" for SMTP); todo: "noRecord", "multiple", "missingInclude", "tooManyLookups"; unknown: "lookupFailed". */
  reason:
    | "included"
    | "exists"
    | "noRecord"
    | "multiple"
    | "missingInclude"
    | "tooManyLookups"
    | "lookupFailed";
  /** The include the provider needs (absent for SMTP: the relay is not known). */
  include?: string;
  error?: string;
}

export interface DkimCheck {
  state: DomainCheckState;
  reason: "found" | "missing" | "selectorNeeded" | "lookupFailed";
  /** The selectors looked up; the missing ones when todo. */
  selectors: string[];
  missing?: string[];
  error?: string;
}

export interface DmarcCheck {
  state: DomainCheckState;
  reason: "found" | "noRecord" | "lookupFailed";
  /** Where the record was found: the From domain or a parent (its organizational domain). */
  recordDomain?: string;
  /** The policy that applies to the From domain: p=, or sp= when the record is a parent's. */
  policy?: string;
  error?: string;
}

export interface SenderDomainCheck {
  domain: string;
  provider: ProviderKind;
  spf: SpfCheck;
  dkim: DkimCheck;
  dmarc: DmarcCheck;
}

/** TXT answers as node gives them (each record in chunks) joined into strings. */
const joined = (records: string[][]) =>
  records.map((chunks) => chunks.join(""));

/** The domain's SPF records (more than one is the domain's error). */
const spfRecords = (txt: { records: string[][] }) =>
  joined(txt.records).filter((r) => /^v=spf1(\s|$)/i.test(r.trim()));

/** The domains an SPF record hands on to: its include: (pass qualifier) and redirect= targets. */
export function spfReferences(record: string): string[] {
  return record
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .flatMap((term) => {
      const match =
        /^\+?include:(.+)$/.exec(term) ?? /^redirect=(.+)$/.exec(term);
      // A macro (%{...}) names no fixed domain to follow.
      return match && !match[1]!.includes("%") ? [match[1]!] : [];
    });
}

/** RFC 7208 §4.6.4: past ten DNS lookups receivers stop evaluating; so does the check. */
export const SPF_LOOKUP_LIMIT = 10;

/**
 * Whether the domain's SPF record includes the provider, directly or through the records it
 * includes or redirects to (a merchant's own _spf domain often carries the providers).
 * `answers` holds what DNS answered for the domain and each record followed.
 */
export function evaluateSpf(
  kind: ProviderKind,
  domain: string,
  answers: ReadonlyMap<string, Lookup<string[]>>,
): SpfCheck {
  const include = SPF_INCLUDES[kind];
  const base = include ? { include } : {};
  const top = answers.get(domain) ?? { ok: false, error: "no answer" };
  if (!top.ok)
    return {
      state: "unknown",
      reason: "lookupFailed",
      error: top.error,
      ...base,
    };
  const spf = spfRecords(top);
  if (spf.length === 0) return { state: "todo", reason: "noRecord", ...base };
  // Two SPF records are a permanent error for receivers (RFC 7208 §4.5): neither counts.
  if (spf.length > 1) return { state: "todo", reason: "multiple", ...base };
  if (!include) return { state: "done", reason: "exists" };
  const seen = new Set([domain]);
  let queue = spfReferences(spf[0]!);
  let failed: string | undefined;
  while (queue.length) {
    if (queue.includes(include))
      return { state: "done", reason: "included", include };
    const next: string[] = [];
    for (const ref of queue) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      const answer = answers.get(ref);
      if (!answer && answers.size >= SPF_LOOKUP_LIMIT)
        // Receivers give up here too (a permanent error): the record must be flattened.
        return { state: "todo", reason: "tooManyLookups", include };
      if (!answer || !answer.ok) {
        failed ??= answer ? answer.error : "no answer in time";
        continue;
      }
      const records = spfRecords(answer);
      if (records.length === 1) next.push(...spfReferences(records[0]!));
    }
    queue = next;
  }
  // A record we could not read might have held the include.
  return failed
    ? { state: "unknown", reason: "lookupFailed", error: failed, include }
    : { state: "todo", reason: "missingInclude", include };
}

/** The selectors to look up: the merchant's, else the provider's known ones (none: can't check). */
export function dkimSelectors(
  kind: ProviderKind,
  merchantSelector?: string,
): { selectors: string[]; need: "all" | "any" } | null {
  if (merchantSelector) return { selectors: [merchantSelector], need: "any" };
  return DKIM_SELECTORS[kind] ?? null;
}

/** A selector's key: a TXT record (v=DKIM1 or a p= tag) or a CNAME to the provider's. */
export type DkimAnswer = { txt: Lookup<string[]>; cname: Lookup<string> };

export function evaluateDkim(
  wanted: { selectors: string[]; need: "all" | "any" } | null,
  answers: DkimAnswer[],
): DkimCheck {
  if (!wanted)
    return { state: "unknown", reason: "selectorNeeded", selectors: [] };
  const { selectors, need } = wanted;
  const found = answers.map(({ txt, cname }) => {
    const hasTxt =
      txt.ok &&
      joined(txt.records).some((r) => /(^|;)\s*(v=DKIM1|p=)/i.test(r));
    const hasCname = cname.ok && cname.records.length > 0;
    if (hasTxt || hasCname) return true;
    // Either answer alone is enough; only when neither answered is the selector unknown.
    return txt.ok || cname.ok
      ? false
      : (txt.error ?? cname.error ?? "no answer");
  });
  const missing = selectors.filter((_, i) => found[i] === false);
  const failed = found.find((f): f is string => typeof f === "string");
  const ok =
    need === "all"
      ? found.every((f) => f === true)
      : found.some((f) => f === true);
  if (ok) return { state: "done", reason: "found", selectors };
  if (failed !== undefined)
    return {
      state: "unknown",
      reason: "lookupFailed",
      selectors,
      error: failed,
    };
  return { state: "todo", reason: "missing", selectors, missing };
}

/**
 * The domains whose `_dmarc` record may apply to mail from `domain`: the domain itself, then its
 * parents up to (not including) the top-level domain. The nearest record wins, as in DMARCbis's
 * tree walk, which spares a public suffix list: a parent's record is the organizational domain's.
 */
export function dmarcCandidates(domain: string): string[] {
  const labels = domain.toLowerCase().replace(/\.$/, "").split(".");
  // DMARCbis stops the walk at eight labels; a From domain this deep is rare.
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1 && out.length < 8; i++)
    out.push(labels.slice(i).join("."));
  return out;
}

export function evaluateDmarc(
  candidates: string[],
  answers: Lookup<string[]>[],
): DmarcCheck {
  for (let i = 0; i < candidates.length; i++) {
    const answer = answers[i]!;
    // A nearer domain we could not read might hold the record that applies.
    if (!answer.ok)
      return { state: "unknown", reason: "lookupFailed", error: answer.error };
    const record = joined(answer.records).find((r) =>
      /^v=DMARC1\s*(;|$)/i.test(r.trim()),
    );
    if (!record) continue;
    const tags = new Map(
      record
        .split(";")
        .map((t) => t.trim().split("="))
        .filter((kv) => kv.length === 2)
        .map(([k, v]) => [k!.trim().toLowerCase(), v!.trim().toLowerCase()]),
    );
    const policy =
      (i > 0 ? tags.get("sp") : undefined) ?? tags.get("p") ?? "none";
    return {
      state: "done",
      reason: "found",
      recordDomain: candidates[i],
      policy,
    };
  }
  return { state: "todo", reason: "noRecord" };
}

export interface DnsOptions {
  /** ip or ip:port each; default TRIGGER_MAP_DNS_SERVERS, else the system's resolvers. */
  servers?: string[];
  timeoutMs?: number;
}

export function dnsServersFromEnv(
  value = process.env[DNS_SERVERS_ENV],
): string[] | undefined {
  const servers = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return servers.length ? servers : undefined;
}

/** Names with no record of the type are an answer (none), not a failure. */
const NO_RECORD = new Set(["ENODATA", "ENOTFOUND"]);

/** The sender domain's SPF, DKIM and DMARC, looked up in parallel within `timeoutMs` all told. */
export async function checkSenderDomain(
  input: { email: string; provider: ProviderKind; dkimSelector?: string },
  options: DnsOptions = {},
): Promise<SenderDomainCheck> {
  const part = input.email.slice(input.email.lastIndexOf("@") + 1);
  // DNS holds an international domain (магазин.рф) in its ASCII form.
  const domain = (domainToASCII(part) || part).toLowerCase();
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS.dns;
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  const servers = options.servers ?? dnsServersFromEnv();
  const wanted = dkimSelectors(input.provider, input.dkimSelector);
  try {
    if (servers) resolver.setServers(servers);
  } catch (error) {
    // A mistyped server list costs the checks, not the dashboard.
    const failed: Lookup<never> = {
      ok: false,
      error: `${DNS_SERVERS_ENV}: ${(error as Error).message}`,
    };
    return {
      domain,
      provider: input.provider,
      spf: evaluateSpf(input.provider, domain, new Map([[domain, failed]])),
      dkim: wanted
        ? evaluateDkim(
            wanted,
            wanted.selectors.map(() => ({ txt: failed, cname: failed })),
          )
        : evaluateDkim(null, []),
      dmarc: evaluateDmarc([domain], [failed]),
    };
  }
  // c-ares tries each server in turn: the timer bounds the whole check, cancelling what is left.
  const deadline = Date.now() + timeoutMs;
  const timer = setTimeout(() => resolver.cancel(), timeoutMs + 200);
  const lookup = async <T>(run: () => Promise<T[]>): Promise<Lookup<T>> => {
    try {
      return { ok: true, records: await run() };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (NO_RECORD.has(code)) return { ok: true, records: [] };
      return {
        ok: false,
        error:
          code === "ECANCELLED"
            ? `no answer within ${timeoutMs / 1000} s`
            : code || (error as Error).message,
      };
    }
  };
  const txt = (name: string) => lookup(() => resolver.resolveTxt(name));
  const cname = (name: string) => lookup(() => resolver.resolveCname(name));
  const candidates = dmarcCandidates(domain);
  try {
    const [spfAnswers, dkim, dmarc] = await Promise.all([
      spfTree(domain, SPF_INCLUDES[input.provider], txt, deadline),
      Promise.all(
        (wanted?.selectors ?? []).map(async (s) => {
          const name = `${s}._domainkey.${domain}`;
          const [t, c] = await Promise.all([txt(name), cname(name)]);
          return { txt: t, cname: c };
        }),
      ),
      Promise.all(candidates.map((d) => txt(`_dmarc.${d}`))),
    ]);
    return {
      domain,
      provider: input.provider,
      spf: evaluateSpf(input.provider, domain, spfAnswers),
      dkim: evaluateDkim(wanted, dkim),
      dmarc: evaluateDmarc(candidates, dmarc),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The SPF records evaluateSpf follows, a level at a time (each level's lookups in parallel): until
 * the provider's include shows, the references run out, ten lookups are made or the time is up.
 */
async function spfTree(
  domain: string,
  include: string | undefined,
  txt: (name: string) => Promise<Lookup<string[]>>,
  deadline: number,
): Promise<Map<string, Lookup<string[]>>> {
  const answers = new Map<string, Lookup<string[]>>();
  let level = [domain];
  while (level.length && Date.now() < deadline) {
    const fresh = level.slice(0, SPF_LOOKUP_LIMIT - answers.size);
    const results = await Promise.all(fresh.map(txt));
    fresh.forEach((d, i) => answers.set(d, results[i]!));
    // Without a known provider only the domain's own record is checked.
    if (!include) break;
    const refs = results.flatMap((r) => {
      const records = r.ok ? spfRecords(r) : [];
      return records.length === 1 ? spfReferences(records[0]!) : [];
    });
    if (refs.includes(include)) break;
    level = [...new Set(refs)].filter((d) => !answers.has(d));
  }
  return answers;
}
