// What the admin's message preview is asked for, and the parts of it that need no I/O: the
// request's schema (the unsaved message as the editor holds it), the sample contact the copy is
// personalized for, and the web push notification's mock. Pure.
import { z } from "zod";
import { escapeHtml } from "../http/escape-html";
import { personalize } from "../scenarios/engine";
import { Channel, Message, type LocalizedText } from "../scenarios/model";

export const PreviewLanguage = z.enum(["en", "ru"]);
export type PreviewLanguage = z.infer<typeof PreviewLanguage>;

export const PreviewRequest = z.object({
  channel: Channel,
  marketing: z.boolean().default(true),
  language: PreviewLanguage.default("en"),
  /** "named": a contact whose first name is known; "unnamed": one whose is not (the fallbacks show). */
  contact: z.enum(["named", "unnamed"]).default("named"),
  message: Message,
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

export interface FieldError {
  /** Dotted path in the request, e.g. "message.body.en". */
  field: string;
  message: string;
}

export function parsePreviewRequest(
  input: unknown,
): { ok: true; request: PreviewRequest } | { ok: false; errors: FieldError[] } {
  const parsed = PreviewRequest.safeParse(input);
  if (parsed.success) return { ok: true, request: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => ({
      field: i.path.join(".") || "body",
      message: i.message,
    })),
  };
}

const SAMPLE_CONTACT = {
  en: { first_name: "Anna", last_name: "Smith", email: "anna@example.com" },
  ru: { first_name: "Анна", last_name: "Смирнова", email: "anna@example.com" },
} as const;

/** The sample contact's personalization values, as the engine's snapshot names them. */
export function sampleValues(
  language: PreviewLanguage,
  contact: PreviewRequest["contact"],
  shopName: string,
  code: string | null,
): Record<string, string | null> {
  const known = SAMPLE_CONTACT[language];
  return {
    first_name: contact === "named" ? known.first_name : null,
    last_name: contact === "named" ? known.last_name : null,
    email: known.email,
    shop_name: shopName,
    ...(code ? { code } : {}),
  };
}

export interface PersonalizedCopy {
  title: string | null;
  body: string;
  cta: { label: string; url: string } | null;
  /** Placeholders with no value and no fallback: sending would fail the contact's run. Shown as typed. */
  missing: string[];
}

/** The message's copy in a language, filled as the engine fills it (values, then the message's fallbacks). */
export function personalizeCopy(
  message: Message,
  language: PreviewLanguage,
  values: Record<string, string | null>,
): PersonalizedCopy {
  const pick = (text: LocalizedText) => text[language] ?? text.en;
  const fallbacks = Object.fromEntries(
    Object.entries(message.fallbacks).map(([name, f]) => [
      name,
      typeof f === "string" ? f : pick(f),
    ]),
  );
  const missing = new Set<string>();
  const fill = (text: string) => {
    const result = personalize(text, values, fallbacks);
    if (result.ok) return result.text;
    result.missing.forEach((name) => missing.add(name));
    // Kept visible, so the merchant sees which placeholder needs a fallback.
    const shown = personalize(
      text,
      {
        ...values,
        ...Object.fromEntries(
          result.missing.map((name) => [name, `{{${name}}}`]),
        ),
      },
      fallbacks,
    );
    return shown.ok ? shown.text : text;
  };
  return {
    title: message.title ? fill(pick(message.title)) : null,
    body: fill(pick(message.body)),
    cta: message.cta
      ? { label: fill(pick(message.cta.label)), url: message.cta.url }
      : null,
    missing: [...missing],
  };
}

/** A browser's notification as a web push shows it: the shop's initial for its icon, the title (or the shop's name), the body. */
export function pushPreviewDocument(input: {
  shopName: string;
  title: string | null;
  body: string;
  language: PreviewLanguage;
}): string {
  const initial = (input.shopName.trim()[0] ?? "?").toUpperCase();
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{margin:0;padding:24px 16px;background:#e9eaee;font:14px/1.4 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111}
.notification{display:flex;gap:12px;max-width:360px;margin:0 auto;padding:12px;background:#fff;border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.15)}
.icon{flex:0 0 40px;height:40px;border-radius:8px;background:#1f2937;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700;font-size:20px}
.text{min-width:0}
.title{font-weight:600;margin:0 0 2px}
.body{margin:0;overflow-wrap:anywhere;white-space:pre-line}
.site{margin:0 0 4px;font-size:12px;color:#6b7280}
</style>
</head>
<body>
<div class="notification">
<div class="icon" aria-hidden="true">${escapeHtml(initial)}</div>
<div class="text"><p class="site">${escapeHtml(input.shopName)}</p><p class="title">${escapeHtml(input.title ?? input.shopName)}</p><p class="body">${escapeHtml(input.body)}</p></div>
</div>
</body>
</html>`;
}
