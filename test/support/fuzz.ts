// Malformed input for the public endpoints' fuzz tests (test/app/fuzz*.test.ts), from a seed: the
// same seed makes the same inputs, so a failure is replayed with FUZZ_SEED=<seed>. Also a raw HTTP
// sender (bytes, any method, headers Node's client would refuse) with bounded concurrency, and a
// count of every table's rows.
import http from "node:http";
import net from "node:net";
import { Prisma, type Db } from "../../app/db.server";

export type Rng = {
  /** [0, 1) */
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: small, fast, good enough to spread inputs. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)],
    chance: (p) => next() < p,
  };
}

/** FUZZ_SEED from the environment, else a fresh one (printed by the tests when they fail). */
export const fuzzSeed = (): number =>
  Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);

const STRINGS = [
  "",
  " ",
  "null",
  "undefined",
  "0",
  "-1",
  "1e309",
  "NaN",
  "true",
  "[]",
  "{}",
  "\u0000",
  "\ud800",
  "\uffff",
  "ü",
  "😀".repeat(50),
  "‮reversed",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${{7*7}}",
  "{{code}}",
  "../../etc/passwd",
  "%00",
  "%ZZ",
  "a\r\nX-Injected: 1",
  "gid://shopify/Customer/1",
  "x@y",
  "ann@example.com",
  "https://evil.example/",
  "javascript:alert(1)",
  "2026-13-45T99:99:99Z",
  "1970-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "trigger-map-demo.myshopify.com",
];

/** A value of any JSON type, sometimes odd: huge, deep, unicode, extreme numbers. */
export function anyValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.pick([
        0,
        -1,
        1.5,
        1e308,
        -1e308,
        Number.MAX_SAFE_INTEGER + 2,
        2 ** 63,
        -0,
      ]);
    case 2:
      return r.chance(0.5);
    case 3:
      return r.pick(STRINGS);
    case 4:
      return "x".repeat(r.pick([1, 255, 256, 1_000, 10_000, 100_000]));
    case 5:
      return String(r.int(1_000_000));
    case 6:
      return Array.from({ length: r.int(4) }, () => anyValue(r, depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, (_, i) => [
          r.pick(["id", "email", "token", "__proto__", "constructor", `k${i}`]),
          anyValue(r, depth + 1),
        ]),
      );
    default:
      return deep(r.pick([10, 100, 1_000]), r.chance(0.5));
  }
}

/** Nesting `levels` deep: arrays or objects. */
export function deep(levels: number, arrays: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = arrays ? [value] : { a: value };
  return value;
}

/**
 * A well-formed value changed in one to three places: a field removed, retyped, nulled, made huge
 * or an array, a number turned into a string, an extra field added; or the whole replaced.
 */
export function mutate(value: unknown, r: Rng): unknown {
  if (r.chance(0.05)) return anyValue(r);
  const copy = structuredClone(value) as unknown;
  for (let n = 1 + r.int(3); n > 0; n--) mutateOnce(copy, r);
  return copy;
}

function mutateOnce(root: unknown, r: Rng): void {
  // A random walk down to a container, then change one of its keys.
  let node = root;
  for (;;) {
    const children = containerKeys(node).filter((k) =>
      isContainer((node as Record<string, unknown>)[k]),
    );
    if (children.length === 0 || r.chance(0.4)) break;
    node = (node as Record<string, unknown>)[r.pick(children)];
  }
  if (!isContainer(node)) return;
  const record = node as Record<string, unknown>;
  const keys = containerKeys(record);
  const key =
    keys.length > 0 && !r.chance(0.1) ? r.pick(keys) : `extra_${r.int(100)}`;
  const old = record[key];
  switch (r.int(8)) {
    case 0:
      if (Array.isArray(record)) record.splice(Number(key), 1);
      else delete record[key];
      break;
    case 1:
      record[key] = null;
      break;
    case 2:
      record[key] =
        typeof old === "number"
          ? String(old)
          : typeof old === "string" && /^\d+(\.\d+)?$/.test(old)
            ? Number(old)
            : anyValue(r);
      break;
    case 3:
      record[key] = [old];
      break;
    case 4:
      record[key] =
        typeof old === "string"
          ? old + r.pick(STRINGS) + "x".repeat(r.pick([0, 300, 70_000]))
          : r.pick(STRINGS);
      break;
    case 5:
      record[key] = Array.isArray(old)
        ? {}
        : typeof old === "object" && old !== null
          ? []
          : { value: old };
      break;
    case 6:
      record[key] = deep(r.pick([50, 500]), r.chance(0.5));
      break;
    default:
      record[key] = anyValue(r);
  }
}

const isContainer = (v: unknown) => typeof v === "object" && v !== null;
const containerKeys = (v: unknown) =>
  isContainer(v) ? Object.keys(v as object) : [];

/**
 * A body that is not the JSON of any object: truncated, duplicate keys, trailing garbage, a bare
 * value, invalid UTF-8, empty, form-encoded, binary. `valid` is a well-formed body to start from.
 */
export function malformedBody(valid: string, r: Rng): Buffer {
  const bytes = Buffer.from(valid);
  switch (r.int(14)) {
    case 0:
      return bytes.subarray(0, r.int(Math.max(1, bytes.length - 1)));
    case 1:
      return Buffer.alloc(0);
    case 2:
      return Buffer.from(valid.replace(/^\{/, '{"id":1,"id":"dup",'));
    case 3:
      return Buffer.from(
        `${valid}${r.pick(["}", "]", ",", " x", "\u0000", "{}"])}`,
      );
    case 4:
      return Buffer.from(
        r.pick([
          "null",
          "true",
          "0",
          '"string"',
          "[]",
          "[1,2,3]",
          "-",
          "1e999999",
        ]),
      );
    case 5:
      return Buffer.concat([
        bytes.subarray(0, Math.floor(bytes.length / 2)),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
        bytes.subarray(Math.floor(bytes.length / 2)),
      ]);
    case 6:
      return Buffer.from("a=1&b=2&email=x%40y");
    case 7:
      return Buffer.from(
        Array.from({ length: 1 + r.int(512) }, () => r.int(256)),
      );
    case 8:
      return Buffer.from(valid.replace(/"/g, "'"));
    case 9:
      return Buffer.from(`\ufeff${valid.slice(1)}`);
    case 10: {
      // Unclosed, or valid JSON nested deeper than any parser's recursion would go.
      const depth = r.pick([1_000, 100_000]);
      return Buffer.from(
        r.chance(0.5)
          ? "[".repeat(depth)
          : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
      );
    }
    case 11:
      return Buffer.from(`{"a":"${"\\u".repeat(3)}zz"}`);
    case 12:
      return Buffer.from(valid.replace(/:/, "::"));
    default:
      return Buffer.from(`{${"x".repeat(r.int(2000))}`);
  }
}

export const ODD_METHODS = [
  "GET",
  "HEAD",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
  "FOO",
] as const;

/** A query string of odd parameters: repeated, empty, encoded wrongly, huge. */
export function oddQuery(r: Rng): string {
  const parts: string[] = [];
  for (let n = r.int(5); n > 0; n--) {
    parts.push(
      r.pick([
        "shop=",
        "shop=evil.example",
        "shop=a.myshopify.com&shop=b.myshopify.com",
        "signature=",
        `signature=${"0".repeat(64)}`,
        "timestamp=-1",
        "timestamp=99999999999999",
        "%ZZ=%ZZ",
        "a[b][c]=1",
        "=",
        "&&&",
        "visitorId=",
        `visitorId=${"v".repeat(300)}`,
        "logged_in_customer_id=1%0d%0aX:%20y",
        `u=${encodeURIComponent("javascript:alert(1)")}`,
        "list=popular&list=all",
        `x=${"y".repeat(6000)}`,
      ]),
    );
  }
  return parts.join("&");
}

export interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface Answer {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request as given (Node still refuses CR/LF in headers: see `rawRequest`). A kept-alive
 * connection the server closed as it was reused (ECONNRESET) is retried once on a new one.
 */
export async function send(baseUrl: string, input: Sent): Promise<Answer> {
  try {
    return await sendOnce(baseUrl, input, agent);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") throw error;
    return sendOnce(baseUrl, input, false);
  }
}

function sendOnce(
  baseUrl: string,
  input: Sent,
  agent: http.Agent | false,
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: input.method,
        path: input.path,
        // A body is sent with its length unless the case asks for chunks.
        headers: {
          ...(input.body && !input.headers?.["Transfer-Encoding"]
            ? { "Content-Length": String(input.body.length) }
            : {}),
          ...input.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8").slice(0, 500),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(input.body);
  });
}

/** Bytes written straight to a socket (header injection, bad request lines): the status line's code. */
export function rawRequest(
  baseUrl: string,
  head: string,
  body = Buffer.alloc(0),
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0),
        body: text.slice(0, 500),
      });
    });
    // Not half-closed: a server may drop a request whose client has ended before it answers.
    socket.write(Buffer.concat([Buffer.from(head, "latin1"), body]));
    socket.setTimeout(30_000, () => socket.destroy());
  });
}

/** Runs `work` over `items`, at most `concurrency` at once, in order of start. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

const MODELS = Object.values(Prisma.ModelName).map(
  (name) => name.charAt(0).toLowerCase() + name.slice(1),
);

/** Rows per table. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts = await Promise.all(
    MODELS.map((model) =>
      (
        db[model as keyof Db] as unknown as { count(): Promise<number> }
      ).count(),
    ),
  );
  return Object.fromEntries(MODELS.map((model, i) => [model, counts[i]]));
}
