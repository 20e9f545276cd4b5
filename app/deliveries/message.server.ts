// A delivery's copy as the runner stored it, and the contact's code filled into it: the one code of
// the run's scenario (its step's discount), issued in Shopify or given again. Used wherever a
// pending delivery is shown or sent (the storefront's pending on-site messages, email, push); and its status history.
import type { Db, Delivery, Prisma } from "../db.server";
import { issueCode } from "../discounts/codes.server";
import { definitionOf } from "../runs/versions.server";
import type { Message } from "../scenarios/model";
import type { AdminGraphql } from "../shopify/admin-graphql";
import type { NormalizedEvent } from "../events/normalize";
import { productsByIds } from "../storefront/products.server";

/** What the runner writes in `Delivery.message`. */
export interface DeliveryMessage {
  title: string | null;
  body: string;
  cta: { label: string; url: string } | null;
  content: Message["content"];
}

type WithRun = Pick<Delivery, "shopId" | "contactId" | "stepId"> & {
  run: { scenarioId: string; scenarioVersion: number } | null;
};

/**
 * The copy with {{code}} filled, and the code; unchanged when it has none; null when it needs a
 * code and none can be issued (the step offers no discount, or Shopify cannot be reached for the shop).
 */
export async function withCode(
  db: Db,
  graphql: () => Promise<AdminGraphql | null>,
  d: WithRun,
  copy: DeliveryMessage,
  now = new Date(),
): Promise<(DeliveryMessage & { code?: string }) | null> {
  if (![copy.title, copy.body].some((t) => t?.includes("{{code}}")))
    return copy;
  if (!d.run) return null;
  const definition = await definitionOf(
    db,
    d.run.scenarioId,
    d.run.scenarioVersion,
  );
  const step = definition?.steps.find((s) => s.id === d.stepId);
  const discount = step?.type === "send" ? step.message.discount : undefined;
  const admin = discount ? await graphql() : null;
  if (!discount || !admin) return null;
  const code = await issueCode(
    db,
    admin,
    {
      shopId: d.shopId,
      contactId: d.contactId,
      offerKey: d.run.scenarioId,
      percent: discount.percent,
      validDays: discount.validDays,
    },
    now,
  );
  const fill = (t: string) => t.replaceAll("{{code}}", code);
  // The code itself too: an email shows it again in a box of its own.
  return {
    ...copy,
    title: copy.title && fill(copy.title),
    body: fill(copy.body),
    code,
  };
}

/**
 * The copy with a {{product_url}} button pointing at the product the contact's latest shipment
 * carried (its first), read from Shopify now; the shop's home page when Shopify does not know it
 * or cannot be reached (the message still goes: the link is a convenience).
 */
export async function withProductLink<T extends DeliveryMessage>(
  db: Db,
  graphql: () => Promise<AdminGraphql | null>,
  d: Pick<Delivery, "contactId">,
  copy: T,
): Promise<T> {
  if (copy.cta?.url !== "{{product_url}}") return copy;
  const url = await productUrl(db, graphql, d.contactId).catch(() => null);
  return { ...copy, cta: { ...copy.cta, url: url ?? "/" } };
}

async function productUrl(
  db: Db,
  graphql: () => Promise<AdminGraphql | null>,
  contactId: string,
): Promise<string | null> {
  const shipment = await db.contactEvent.findFirst({
    where: {
      contactId,
      type: {
        in: ["order_shipped", "order_out_for_delivery", "order_delivered"],
      },
    },
    orderBy: { occurredAt: "desc" },
    select: { payload: true },
  });
  const productId = (shipment?.payload as NormalizedEvent | undefined)
    ?.fulfillment?.productIds[0];
  const admin = productId ? await graphql() : null;
  if (!productId || !admin) return null;
  return (await productsByIds(admin, [productId]))[0]?.url ?? null;
}

/** A delivery's status history with one more step: `[{ status, at, reason? }]` in order. */
export function withStatus(
  history: Prisma.JsonValue,
  status: string,
  at: Date,
  reason?: string,
): Prisma.InputJsonValue {
  return [
    ...(Array.isArray(history) ? history : []),
    { status, at: at.toISOString(), ...(reason ? { reason } : {}) },
  ] as Prisma.InputJsonValue;
}
