// A request body as JSON of a schema, or why not, in words a 400 can carry.
import type { z } from "zod";

export type Parsed<T> = { ok: true; data: T } | { ok: false; reason: string };

export function parseJsonBody<S extends z.ZodType>(raw: string, schema: S): Parsed<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "Malformed JSON body" };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, reason: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") };
}
