// What the storefront reports about a rule's message: shown (a delivery on the popup or chat
// channel, and the scenario's run going on from there), clicked, or an email left in it. Called
// by event processing, before the engine hears of the event, so "already received" holds.
import type { Db, Prisma, Shop } from "../db.server";
import type { NormalizedEvent } from "../events/normalize";
import type { JobQueue } from "../jobs/types";
import { runAfterOnSiteMessage } from "../runs/runner.server";
import { serverRule } from "./rules.server";

interface Deps {
  db: Db;
  queue: JobQueue;
  now: () => Date;
}

const SHOWN_OR_LATER = ["SENT", "DELIVERED", "OPENED", "CLICKED"] as const;

export async function recordOnSite(deps: Deps, shop: Shop, contactId: string, eventId: string, onSite: NonNullable<NormalizedEvent["onSite"]>, at: Date): Promise<void> {
  const { db } = deps;
  const rule = await serverRule(db, shop.id, onSite.rule);
  if (!rule) return;
  if (onSite.action === "closed") return;
  if (onSite.action === "clicked") {
    const delivery = await db.delivery.findFirst({
      where: { contactId, messageKey: rule.message.key, status: { in: [...SHOWN_OR_LATER] } },
      orderBy: { createdAt: "desc" },
    });
    if (delivery && delivery.status !== "CLICKED") await setStatus(db, delivery.id, delivery.statusHistory, "CLICKED", at);
    return;
  }
  // Shown, or an email left in it (the browser may not have reported the showing: no consent).
  const run = await runAfterOnSiteMessage(deps, shop, contactId, {
    scenarioId: rule.scenario.id, version: rule.scenario.currentVersion, stepId: rule.stepId, next: rule.next, eventId, at,
  });
  // An email left again in a scenario that already ran: nothing more was shown.
  if (!run && onSite.action === "captured") return;
  const key = run ? `${run.id}:${rule.stepId}` : `onsite:${eventId}`;
  const existing = await db.delivery.findUnique({ where: { idempotencyKey: key } });
  if (existing?.status === "PENDING") {
    await db.delivery.update({ where: { id: existing.id }, data: { sentAt: at } });
    await setStatus(db, existing.id, existing.statusHistory, "SENT", at);
  } else if (!existing) {
    await db.delivery.upsert({
      where: { idempotencyKey: key },
      create: {
        shopId: shop.id, runId: run?.id ?? null, contactId, stepId: rule.stepId, channel: rule.channel, messageKey: rule.message.key,
        marketing: rule.marketing, status: "SENT", sentAt: at, idempotencyKey: key,
        statusHistory: [{ status: "SENT", at: at.toISOString(), reason: "shown on the storefront" }],
        message: { content: rule.message.content },
      },
      update: {},
    });
  }
}

async function setStatus(db: Db, id: string, history: Prisma.JsonValue, status: "SENT" | "CLICKED", at: Date): Promise<void> {
  const past = Array.isArray(history) ? history : [];
  await db.delivery.update({ where: { id }, data: { status, statusHistory: [...past, { status, at: at.toISOString() }] as Prisma.InputJsonValue } });
}
