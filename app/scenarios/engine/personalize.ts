// Fills {{placeholders}} in message copy. A placeholder with neither a value nor a declared
// fallback is an error, never an empty string or "null": "Hello, null" must not happen.
export type Personalized =
  { ok: true; text: string } | { ok: false; missing: string[] };

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

export function personalize(
  template: string,
  values: Record<string, string | null | undefined>,
  fallbacks: Record<string, string> = {},
): Personalized {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (typeof value === "string" && value.trim() !== "") return value;
    if (name in fallbacks) return fallbacks[name];
    missing.push(name);
    return "";
  });
  return missing.length
    ? { ok: false, missing: [...new Set(missing)] }
    : { ok: true, text };
}
