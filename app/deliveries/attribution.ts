// Which scenario an order is credited to. Pure: the candidates come in, one credit (or none) comes
// out. A code the scenario issued is the strongest evidence and wins; otherwise the last click on
// one of its messages within the shop's window. One credit per order, so revenue is never counted
// twice across scenarios. (Holdout contacts receive nothing to match: measuring their orders for
// lift is a separate rule, left for later.)

const DAY_MS = 86_400_000;

/** A code of ours the order may have used. */
export interface IssuedCode {
  code: string;
  scenarioId: string;
  issuedAt: Date;
}

/** A click on a scenario's message, by the contact who ordered. */
export interface Click {
  deliveryId: string;
  runId: string | null;
  scenarioId: string;
  at: Date;
}

export interface OrderToCredit {
  placedAt: Date;
  discountCodes: string[];
}

export type Credit =
  | { rule: "DISCOUNT_CODE"; scenarioId: string; code: string }
  | {
      rule: "CLICK_WINDOW";
      scenarioId: string;
      deliveryId: string;
      runId: string | null;
      windowDays: number;
    };

// Shopify matches codes without regard to case, and so do we.
const key = (code: string) => code.trim().toUpperCase();

const latestFirst = <T>(
  items: T[],
  at: (item: T) => Date,
  id: (item: T) => string,
) =>
  [...items].sort(
    (a, b) => at(b).valueOf() - at(a).valueOf() || id(a).localeCompare(id(b)),
  );

export function attribute(
  order: OrderToCredit,
  codes: IssuedCode[],
  clicks: Click[],
  windowDays: number,
): Credit | null {
  const used = new Set(order.discountCodes.map(key));
  // Two of our codes on one order (rare: they do not combine): the one issued last, the latest touch.
  const code = latestFirst(
    codes.filter((c) => used.has(key(c.code))),
    (c) => c.issuedAt,
    (c) => c.code,
  )[0];
  if (code)
    return {
      rule: "DISCOUNT_CODE",
      scenarioId: code.scenarioId,
      code: code.code,
    };

  const placed = order.placedAt.valueOf();
  const inWindow = clicks.filter(
    (c) =>
      c.at.valueOf() <= placed &&
      placed - c.at.valueOf() <= windowDays * DAY_MS,
  );
  const click = latestFirst(
    inWindow,
    (c) => c.at,
    (c) => c.deliveryId,
  )[0];
  return click
    ? {
        rule: "CLICK_WINDOW",
        scenarioId: click.scenarioId,
        deliveryId: click.deliveryId,
        runId: click.runId,
        windowDays,
      }
    : null;
}

/** When a delivery was clicked, from its status history (`[{ status, at }]`); null if never. */
export function clickedAt(history: unknown): Date | null {
  if (!Array.isArray(history)) return null;
  for (const entry of [...history].reverse()) {
    const { status, at } = (entry ?? {}) as { status?: unknown; at?: unknown };
    if (
      status === "CLICKED" &&
      typeof at === "string" &&
      !Number.isNaN(Date.parse(at))
    )
      return new Date(at);
  }
  return null;
}
