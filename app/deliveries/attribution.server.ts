// Credits an order to a scenario (see attribution.ts for the rule): reads the codes it used and the
// contact's clicks, marks our codes used, and writes one Conversion. Called by event processing for
// every order event; a replay, a retry or orders/paid after orders/create adds nothing.
// Refunds and cancellations are recorded per order, credited or not (they may come before the
// order's conversion is written); analytics net them out (app/analytics/sql.server.ts).
import { isUniqueViolation, type Db, type Shop } from "../db.server";
import type {
  CancellationFacts,
  OrderFacts,
  RefundFacts,
} from "../events/normalize";
import { readShopSettings } from "../shops/settings";
import { attribute, clickedAt, type Click, type Credit } from "./attribution";

/** Clicked messages looked at per order: far more than a contact clicks within any window. */
const RECENT_CLICKS = 50;
const ENGAGED = ["SENT", "DELIVERED", "OPENED", "CLICKED"] as const;

export async function attributeOrder(
  db: Db,
  shop: Pick<Shop, "id" | "settings" | "currencyCode">,
  contactId: string,
  order: OrderFacts,
): Promise<void> {
  if (
    await db.conversion.findFirst({
      where: { shopId: shop.id, orderId: order.id },
      select: { id: true },
    })
  )
    return;
  const placedAt = new Date(order.createdAt);
  // The codes we issue are upper case: upper-casing the order's is a case-insensitive match on both databases.
  const typed = [
    ...new Set((order.discountCodes ?? []).map((c) => c.trim().toUpperCase())),
  ];
  const ours = typed.length
    ? await db.discountCode.findMany({
        where: { shopId: shop.id, code: { in: typed } },
      })
    : [];
  if (ours.length)
    await db.discountCode.updateMany({
      where: { id: { in: ours.map((c) => c.id) }, usedAt: null },
      data: { usedAt: placedAt },
    });
  // A code's offer is its scenario's id; a code whose scenario is gone credits nobody.
  const scenarios = new Set(
    (
      await db.scenario.findMany({
        where: { shopId: shop.id, id: { in: ours.map((c) => c.offerKey) } },
        select: { id: true },
      })
    ).map((s) => s.id),
  );
  const codes = ours
    .filter((c) => scenarios.has(c.offerKey))
    .map((c) => ({
      code: c.code,
      scenarioId: c.offerKey,
      issuedAt: c.createdAt,
      contactId: c.contactId,
    }));

  const windowDays = readShopSettings(shop.settings).attributionWindowDays;
  const credit = attribute(
    { placedAt, discountCodes: typed },
    codes,
    codes.length ? [] : await clicksOf(db, contactId, placedAt),
    windowDays,
  );
  if (!credit) return;
  const holder =
    credit.rule === "DISCOUNT_CODE"
      ? codes.find((c) => c.code === credit.code)!.contactId
      : contactId;
  const { runId, deliveryId } =
    credit.rule === "CLICK_WINDOW"
      ? credit
      : await messageOf(db, holder, credit, placedAt);
  try {
    await db.conversion.create({
      data: {
        shopId: shop.id,
        contactId,
        scenarioId: credit.scenarioId,
        runId,
        deliveryId,
        orderId: order.id,
        revenue: order.totalPrice ?? "0.00",
        currency: order.currency ?? shop.currencyCode,
        rule: credit.rule,
        windowDays: credit.rule === "CLICK_WINDOW" ? credit.windowDays : null,
        occurredAt: placedAt,
      },
    });
  } catch (error) {
    // The same order processed at the same moment by another job: its row stands.
    if (!isUniqueViolation(error)) throw error;
  }
}

/** A refund, once per Shopify refund id: a replay or a retry subtracts nothing more. */
export async function recordRefund(
  db: Db,
  shop: Pick<Shop, "id">,
  refund: RefundFacts,
): Promise<void> {
  try {
    await db.orderRefund.create({
      data: {
        shopId: shop.id,
        refundId: refund.id,
        orderId: refund.orderId,
        amount: refund.amount,
        occurredAt: new Date(refund.createdAt),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** A cancellation, once per order: the first one told stands. */
export async function recordCancellation(
  db: Db,
  shop: Pick<Shop, "id">,
  cancellation: CancellationFacts,
): Promise<void> {
  try {
    await db.orderCancellation.create({
      data: {
        shopId: shop.id,
        orderId: cancellation.orderId,
        cancelledAt: new Date(cancellation.cancelledAt),
        reason: cancellation.reason,
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

async function clicksOf(
  db: Db,
  contactId: string,
  placedAt: Date,
): Promise<Click[]> {
  // CLICKED is a person's click: a link scanner's moves no status (machineClickedAt), so it credits nothing.
  const clicked = await db.delivery.findMany({
    where: {
      contactId,
      status: "CLICKED",
      runId: { not: null },
      createdAt: { lte: placedAt },
    },
    select: {
      id: true,
      runId: true,
      statusHistory: true,
      run: { select: { scenarioId: true } },
    },
    orderBy: { createdAt: "desc" },
    take: RECENT_CLICKS,
  });
  return clicked.flatMap((d) => {
    const at = clickedAt(d.statusHistory);
    return at && d.run
      ? [{ deliveryId: d.id, runId: d.runId, scenarioId: d.run.scenarioId, at }]
      : [];
  });
}

/** The code holder's run of the scenario and its last message before the order, for the record. */
async function messageOf(
  db: Db,
  contactId: string,
  credit: Credit,
  placedAt: Date,
): Promise<{ runId: string | null; deliveryId: string | null }> {
  const run = await db.scenarioRun.findFirst({
    where: {
      contactId,
      scenarioId: credit.scenarioId,
      startedAt: { lte: placedAt },
    },
    orderBy: { startedAt: "desc" },
    select: { id: true },
  });
  if (!run) return { runId: null, deliveryId: null };
  const delivery = await db.delivery.findFirst({
    where: {
      runId: run.id,
      status: { in: [...ENGAGED] },
      sentAt: { lte: placedAt },
    },
    orderBy: { sentAt: "desc" },
    select: { id: true },
  });
  return { runId: run.id, deliveryId: delivery?.id ?? null };
}
