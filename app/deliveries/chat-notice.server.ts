// The merchant hears of shoppers' chat replies by email, through the shop's own provider: one
// notice per shop per ten minutes at most, listing the replies of that window (a talkative shopper
// does not flood the merchant's mailbox). Transactional: to the shop's own address, no unsubscribe.
import { shopSender } from "../channels/email/provider.server";
import { escapeHtml } from "../http/escape-html";
import type { Db } from "../db.server";
import type { JobQueue } from "../jobs/types";
import type { SendServices } from "./send.server";

export const CHAT_NOTICE_JOB = "chat.notice";
const WINDOW_MS = 10 * 60_000;

/** After a reply is stored: the window's notice goes when the window ends (one job per window). */
export function enqueueChatNotice(queue: JobQueue, shopId: string, at: Date) {
  const start = Math.floor(at.valueOf() / WINDOW_MS) * WINDOW_MS;
  return queue.enqueue(
    CHAT_NOTICE_JOB,
    { shopId, from: new Date(start).toISOString() },
    {
      id: `chat-notice:${shopId}:${start}`,
      runAt: new Date(start + WINDOW_MS),
      attempts: 5,
      backoffMs: 60_000,
    },
  );
}

export async function sendChatNotice(
  db: Db,
  services: SendServices,
  shopId: string,
  from: Date,
): Promise<void> {
  const shop = await db.shop.findUnique({ where: { id: shopId } });
  if (!shop?.email || shop.uninstalledAt) return;
  const replies = await db.chatReply.findMany({
    where: {
      shopId,
      readAt: null,
      createdAt: { gte: from, lt: new Date(from.valueOf() + WINDOW_MS) },
    },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  if (!replies.length) return;
  const provider = await services.emailProviderFor(shop);
  if (!provider) return; // nothing to send with: the replies wait on the admin's Chat replies page
  // From the shop's sender like its other emails (its own name and address when none is set).
  const sender = shopSender(shop) ?? {
    name: shop.name ?? shop.domain,
    email: shop.email,
  };
  const name = shop.name ?? shop.domain;
  const lines = replies.map(
    (r) =>
      `${r.email ?? "A visitor"}${r.page ? ` (on ${r.page})` : ""}:\n${r.body}`,
  );
  const text = `${lines.join("\n\n")}\n\n--\nAnswer them from Trigger Map in your Shopify admin (Apps → Trigger Map), or reply to their address.`;
  const html = `<div style="font-family:sans-serif">${replies
    .map(
      (r) =>
        `<p><strong>${escapeHtml(r.email ?? "A visitor")}</strong>${r.page ? ` on ${escapeHtml(r.page)}` : ""}</p><p style="white-space:pre-wrap">${escapeHtml(r.body)}</p>`,
    )
    .join(
      "<hr>",
    )}<p style="color:#6b7280">Answer them from Trigger Map in your Shopify admin (Apps → Trigger Map), or reply to their address.</p></div>`;
  // A failure throws: the job retries with backoff (a notice twice beats none).
  await provider.send({
    from: { name: sender.name, address: sender.email },
    to: shop.email,
    subject:
      replies.length === 1
        ? `New chat message on ${name}`
        : `${replies.length} new chat messages on ${name}`,
    html,
    text,
    headers: {},
    messageId: `<chat-notice.${shopId}.${from.valueOf()}@trigger-map.app>`,
  });
}
