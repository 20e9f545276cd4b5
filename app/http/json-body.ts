// A request body as JSON of a schema, or why not, in words a 400 can carry.
import type { z } from "zod";

export type Parsed<T> = { ok: true; data: T } | { ok: false; reason: string };

// Text no database takes, though JSON carries it: a UTF-16 surrogate without its pair ("\ud800",
// refused by Prisma's JSON parser) and NUL ("\u0000", refused by PostgreSQL's text and jsonb).
const UNSTORABLE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/g;

const wellFormedString = (value: string) => value.replace(UNSTORABLE, "\ufffd");

/**
 * The value with every string (and key) storable: lone surrogates and NUL become U+FFFD, as UTF-8
 * decoding does with what it cannot read. Recursive: for values of a known, shallow shape (a
 * normalized event).
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === "string") return wellFormedString(value) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [wellFormed(key), wellFormed(v)]),
    ) as T;
  }
  return value;
}

export function parseJsonBody<S extends z.ZodType>(
  raw: string,
  schema: S,
): Parsed<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(raw, (_key, value: unknown) =>
      typeof value === "string" ? wellFormedString(value) : value,
    );
  } catch {
    return { ok: false, reason: "Malformed JSON body" };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    reason: parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
      .join("; "),
  };
}
