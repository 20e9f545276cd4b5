// An email's HTML and plain text from a delivery's rendered copy: one responsive column that reads
// well in every client (tables and inline styles), the shop's name, the call to action, and for
// marketing the shop's address and the unsubscribe link. Every text is escaped. Pure.
export interface EmailCopy {
  shopName: string;
  title: string | null;
  body: string;
  cta: { label: string; url: string } | null;
  /** The 1x1 image that tells the message was opened. */
  pixelUrl?: string;
  /** Marketing only: the footer the law asks for. */
  footer: { address: string | null; unsubscribeUrl: string; unsubscribeLabel: string } | null;
}

/** Text as HTML text or attribute value: &, <, >, " and ' as character references. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const paragraphs = (text: string) => text.split(/\n{2,}/).map((p) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("");

export function renderEmail(copy: EmailCopy): { subject: string; html: string; text: string } {
  const subject = copy.title ?? copy.shopName;
  const cta = copy.cta
    ? `<p style="margin:24px 0"><a href="${escapeHtml(copy.cta.url)}" style="display:inline-block;padding:12px 24px;background:#1f2937;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600">${escapeHtml(copy.cta.label)}</a></p>`
    : "";
  const footer = copy.footer
    ? `<p style="margin:24px 0 0;font-size:12px;color:#6b7280">${copy.footer.address ? `${escapeHtml(copy.footer.address)}<br>` : ""}<a href="${escapeHtml(copy.footer.unsubscribeUrl)}" style="color:#6b7280">${escapeHtml(copy.footer.unsubscribeLabel)}</a></p>`
    : "";
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px"><tr><td style="padding:32px 28px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#111827">
<p style="margin:0 0 24px;font-weight:700">${escapeHtml(copy.shopName)}</p>${copy.title ? `<h1 style="margin:0 0 16px;font-size:22px">${escapeHtml(copy.title)}</h1>` : ""}${paragraphs(copy.body)}${cta}${footer}
</td></tr></table>${copy.pixelUrl ? `<img src="${escapeHtml(copy.pixelUrl)}" width="1" height="1" alt="" style="display:block;border:0">` : ""}</td></tr></table></body></html>`;
  const text = [copy.title, copy.body, copy.cta ? `${copy.cta.label}: ${copy.cta.url}` : null,
    copy.footer ? `--\n${copy.footer.address ? `${copy.footer.address}\n` : ""}${copy.footer.unsubscribeLabel}: ${copy.footer.unsubscribeUrl}` : null]
    .filter(Boolean).join("\n\n");
  return { subject, html, text };
}
