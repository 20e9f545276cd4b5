// What the storefront reports about a rule's message: shown (a delivery on the popup or chat
// channel, and the scenario's run going on from there), clicked, or an email left in it. Called
// by event processing, before the engine hears of the event, so "already received" holds.
import {
  isUniqueViolation,
  type Db,
  type Prisma,
  type Shop,
} from "../db.server";
import type { NormalizedEvent } from "../events/normalize";
import { withStatus } from "../deliveries/message.server";
import type { JobQueue } from "../jobs/types";
import type { Message } from "../scenarios/model";
import { runAfterOnSiteMessage } from "../runs/runner.server";
import { serverRule } from "./rules.server";

interface Deps {
  db: Db;
  queue: JobQueue;
  now: () => Date;
}

const SHOWN_OR_LATER = ["SENT", "DELIVERED", "OPENED", "CLICKED"] as const;

export async function recordOnSite(
  deps: Deps,
  shop: Shop,
  contactId: string,
  eventId: string,
  onSite: NonNullable<NormalizedEvent["onSite"]>,
  at: Date,
): Promise<void> {
  const { db } = deps;
  if (onSite.rule.startsWith("delivery:"))
    return markDelivery(
      db,
      contactId,
      onSite.rule.slice("delivery:".length),
      onSite.action,
      at,
    );
  const rule = await serverRule(db, shop.id, onSite.rule);
  if (!rule) return;
  if (onSite.action === "closed") return;
  if (onSite.action === "clicked") {
    const delivery = await db.delivery.findFirst({
      where: {
        contactId,
        messageKey: rule.message.key,
        status: { in: [...SHOWN_OR_LATER] },
      },
      orderBy: { createdAt: "desc" },
    });
    if (delivery && delivery.status !== "CLICKED")
      await setStatus(db, delivery.id, delivery.statusHistory, "CLICKED", at);
    return;
  }
  // Shown, or an email left in it (the browser may not have reported the showing: no consent).
  const run = await runAfterOnSiteMessage(deps, shop, contactId, {
    scenarioId: rule.scenario.id,
    version: rule.scenario.currentVersion,
    stepId: rule.stepId,
    next: rule.next,
    eventId,
    at,
  });
  // An email left again in a scenario that already ran: nothing more was shown.
  if (!run && onSite.action === "captured") return;
  const key = run ? `${run.id}:${rule.stepId}` : `onsite:${eventId}`;
  const shown = { shopId: shop.id, contactId, runId: run?.id ?? null, at };
  await recordShown(
    db,
    {
      ...shown,
      key,
      stepId: rule.stepId,
      channel: rule.channel,
      message: rule.message,
      marketing: rule.marketing,
    },
    "shown on the storefront",
  );
  // The capture popup revealed the scenario's code at once: a later popup of that code was seen.
  if (onSite.action === "captured" && run && rule.message.discount) {
    for (const step of rule.definition.steps) {
      if (
        step.type !== "send" ||
        step.channels[0] !== "popup" ||
        step.message.content !== "discount_code"
      )
        continue;
      await recordShown(
        db,
        {
          ...shown,
          key: `${run.id}:${step.id}`,
          stepId: step.id,
          channel: "POPUP",
          message: step.message,
          marketing: step.marketing,
        },
        "revealed in the capture popup",
      );
    }
  }
}

interface Shown {
  shopId: string;
  contactId: string;
  runId: string | null;
  at: Date;
  /** The delivery's idempotency key: the one the runner would give the run's step. */
  key: string;
  stepId: string;
  channel: "POPUP" | "CHAT";
  message: Message;
  marketing: boolean;
}

/** The step's delivery as shown: a pending one marked sent, or a new one. */
async function recordShown(db: Db, s: Shown, reason: string): Promise<void> {
  // The runner may write the step's pending delivery at this very moment (another job): whichever
  // row wins the key, a pending one is then marked sent.
  const where = { idempotencyKey: s.key };
  let row = await db.delivery.findUnique({ where });
  if (!row) {
    try {
      row = await db.delivery.create({
        data: {
          shopId: s.shopId,
          runId: s.runId,
          contactId: s.contactId,
          stepId: s.stepId,
          channel: s.channel,
          messageKey: s.message.key,
          marketing: s.marketing,
          status: "SENT",
          sentAt: s.at,
          idempotencyKey: s.key,
          statusHistory: withStatus([], "SENT", s.at, reason),
          message: { content: s.message.content },
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      row = await db.delivery.findUniqueOrThrow({ where });
    }
  }
  if (row.status === "PENDING") {
    await db.delivery.update({ where: { id: row.id }, data: { sentAt: s.at } });
    await setStatus(db, row.id, row.statusHistory, "SENT", s.at);
  }
}

/** A pending on-site message (a scenario's on-site delivery queued after a server wait), shown or clicked. */
async function markDelivery(
  db: Db,
  contactId: string,
  id: string,
  action: NonNullable<NormalizedEvent["onSite"]>["action"],
  at: Date,
): Promise<void> {
  const delivery = await db.delivery.findFirst({ where: { id, contactId } });
  if (!delivery) return;
  if (action === "shown" && delivery.status === "PENDING") {
    await db.delivery.update({ where: { id }, data: { sentAt: at } });
    await setStatus(db, id, delivery.statusHistory, "SENT", at);
  } else if (action === "clicked" && delivery.status !== "CLICKED") {
    await setStatus(db, id, delivery.statusHistory, "CLICKED", at);
  }
}

async function setStatus(
  db: Db,
  id: string,
  history: Prisma.JsonValue,
  status: "SENT" | "CLICKED",
  at: Date,
): Promise<void> {
  await db.delivery.update({
    where: { id },
    data: { status, statusHistory: withStatus(history, status, at) },
  });
}
