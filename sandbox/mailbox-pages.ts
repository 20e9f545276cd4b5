// The sandbox mailbox's pages: plain HTML with everything from a message escaped, no external assets.
import { escapeHtml } from "../app/http/escape-html";
import type { MailboxMessage } from "./mailbox";

const STYLE = [
  "body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem}",
  "table{border-collapse:collapse;width:100%}th,td{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}",
  "td{overflow-wrap:anywhere}iframe{width:100%;height:70vh;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem}",
].join("");

function page(title: string, body: string, head = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}<style>${STYLE}</style></head><body>${body}</body></html>`;
}

const time = (m: MailboxMessage) =>
  escapeHtml(new Date(m.receivedAt).toLocaleString());

export function messagesPage(messages: MailboxMessage[]): string {
  const rows = messages.map(
    (m) =>
      `<tr><td>${time(m)}</td><td>${escapeHtml(m.to)}</td><td><a href="/messages/${m.n}">${escapeHtml(m.subject || "(no subject)")}</a></td><td>${m.listUnsubscribe === null ? "no" : "yes"}</td></tr>`,
  );
  const body = rows.length
    ? `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>List-Unsubscribe</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
    : "<p>No email yet. The demo shop's scenarios send here: leave an email in the storefront's popup.</p>";
  // Reloads itself: emails arrive while the newcomer is busy in the storefront.
  return page(
    "Sandbox mailbox",
    `<h1>Sandbox mailbox</h1><p>What the demo shop sent, newest first (the last 200).</p>${body}`,
    '<meta http-equiv="refresh" content="5">',
  );
}

const HEADERS = [
  ["From", "from"],
  ["To", "to"],
  ["Subject", "subject"],
  ["Message-ID", "messageId"],
  ["List-Unsubscribe", "listUnsubscribe"],
  ["List-Unsubscribe-Post", "listUnsubscribePost"],
] as const;

export function messagePage(m: MailboxMessage): string {
  const headers = HEADERS.map(
    ([label, field]) =>
      `<tr><th>${label}</th><td>${escapeHtml(m[field] ?? "(none)")}</td></tr>`,
  ).join("");
  // No allow-scripts, so the email's scripts never run (no mail client runs them); links open in a
  // new tab, as in webmail, since the app's pages refuse to be framed.
  const html =
    m.html === null
      ? "<p>(no HTML part)</p>"
      : `<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(`${m.html}<base target="_blank">`)}"></iframe>`;
  const text =
    m.text === null
      ? "<p>(no text part)</p>"
      : `<pre>${escapeHtml(m.text)}</pre>`;
  return page(
    m.subject || "(no subject)",
    `<p><a href="/">← Mailbox</a></p><h1>${escapeHtml(m.subject || "(no subject)")}</h1><p>Received ${time(m)}</p><table>${headers}</table><h2>HTML</h2>${html}<h2>Text</h2>${text}`,
  );
}
