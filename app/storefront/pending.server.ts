// On-site messages a scenario sent after a server-side wait (a push opt-in after the first popup,
// a cart reminder a minute after adding): kept PENDING for the shopper's next page, which asks for
// them only after the shopper acted (see the loader). Those not shown within ON_SITE_MS are given
// up: the shopper left, and a message never seen must not count as received.
import type { Db } from "../db.server";
import { withCode, type DeliveryMessage } from "../deliveries/message.server";
import { ON_SITE_MS } from "../scenarios/engine";
import type { Message } from "../scenarios/model";
import { safeUrl } from "../security/safe-url";
import type { AdminGraphql } from "../shopify/admin-graphql";

export interface PendingMessage {
  /** "delivery:<id>": what the runtime reports when it shows it. */
  id: string;
  channel: "popup" | "chat";
  content: Message["content"];
  text: { title?: string; body: string; cta?: { label: string; url: string } };
}

export async function pendingOnSite(
  deps: { db: Db; graphql: AdminGraphql | null },
  shopId: string,
  visitorId: string,
  now = new Date(),
): Promise<PendingMessage[]> {
  const { db } = deps;
  const link = await db.contactVisitor.findUnique({
    where: { shopId_visitorId: { shopId, visitorId } },
  });
  if (!link) return [];
  const deliveries = await db.delivery.findMany({
    where: {
      contactId: link.contactId,
      shopId,
      status: "PENDING",
      channel: { in: ["POPUP", "CHAT"] },
      createdAt: { gte: new Date(now.valueOf() - ON_SITE_MS) },
    },
    orderBy: { createdAt: "asc" },
    take: 3,
    include: { run: { select: { scenarioId: true, scenarioVersion: true } } },
  });
  const messages: PendingMessage[] = [];
  for (const d of deliveries) {
    const stored = d.message as unknown as DeliveryMessage | null;
    if (!stored?.body) continue;
    // The code is the contact's own for the scenario's offer, issued (or given again) now.
    const m = await withCode(db, async () => deps.graphql, d, stored, now);
    if (!m) continue;
    messages.push({
      id: `delivery:${d.id}`,
      channel: d.channel === "CHAT" ? "chat" : "popup",
      content: m.content,
      // A button whose link breaks the link rule is left out (the runtime checks again).
      text: {
        ...(m.title ? { title: m.title } : {}),
        body: m.body,
        ...(m.cta && safeUrl(m.cta.url) ? { cta: m.cta } : {}),
      },
    });
  }
  return messages;
}

/** On-site messages not shown in time are skipped (run every minute by the worker). */
export async function expireOnSite(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.delivery.updateMany({
    where: {
      status: "PENDING",
      channel: { in: ["POPUP", "CHAT"] },
      createdAt: { lt: new Date(now.valueOf() - ON_SITE_MS) },
    },
    data: { status: "SKIPPED", error: "not shown: the shopper left the site" },
  });
  return count;
}
