// Carts and checkouts as the webhooks describe them, and abandonment: Shopify sends no "abandoned"
// webhook, so a cart or checkout with no order within the shop's window is declared abandoned by
// a job due at the end of that window. An order that matches it (cart token, checkout token,
// customer or email) settles it for good: a later, older-looking update never reopens it.
import type { Cart, Prisma } from "../db.server";
import type { ShopSettings } from "../shops/settings";
import type { CartState, Identity, OrderFacts } from "./normalize";

type Tx = Prisma.TransactionClient;

export interface CartOutcome {
  /** False when the update was older than the state stored, or the cart is already ordered. */
  applied: boolean;
  cart: Cart;
}

export function abandonmentWindowMs(
  kind: CartState["kind"],
  settings: ShopSettings,
): number {
  return (
    (kind === "CART"
      ? settings.abandonment.cartMinutes
      : settings.abandonment.checkoutMinutes) * 60_000
  );
}

export async function applyCartState(
  tx: Tx,
  shopId: string,
  contactId: string | null,
  identity: Identity,
  state: CartState,
  settings: ShopSettings,
): Promise<CartOutcome> {
  const key = {
    shopId_kind_token: { shopId, kind: state.kind, token: state.token },
  };
  const existing = await tx.cart.findUnique({ where: key });
  const updatedAt = new Date(state.updatedAt);
  const ordered = state.completedAt !== null;
  if (
    existing &&
    (existing.status === "ORDERED" || existing.sourceUpdatedAt > updatedAt)
  ) {
    // Still learn who it belongs to: that never goes stale.
    const cart =
      contactId && !existing.contactId
        ? await tx.cart.update({
            where: { id: existing.id },
            data: { contactId },
          })
        : existing;
    return { applied: false, cart };
  }
  const data = {
    contactId: contactId ?? existing?.contactId ?? null,
    cartToken: state.cartToken ?? existing?.cartToken ?? null,
    email: identity.email ?? existing?.email ?? null,
    shopifyCustomerId:
      identity.customerId ?? existing?.shopifyCustomerId ?? null,
    totalPrice: state.totalPrice,
    currency: state.currency,
    lineItems: state.lineItems as unknown as Prisma.InputJsonValue,
    recoveryUrl: state.recoveryUrl ?? existing?.recoveryUrl ?? null,
    sourceUpdatedAt: updatedAt,
    status: ordered ? ("ORDERED" as const) : ("OPEN" as const),
    orderedAt: ordered ? new Date(state.completedAt!) : null,
    abandonedAt: null,
    // An emptied cart is not abandoned.
    abandonAt:
      ordered || state.lineItems.length === 0
        ? null
        : new Date(
            updatedAt.valueOf() + abandonmentWindowMs(state.kind, settings),
          ),
  };
  if (!existing)
    return {
      applied: true,
      cart: await tx.cart.create({
        data: { shopId, kind: state.kind, token: state.token, ...data },
      }),
    };
  // Written only over the state read: an order that settled the cart meanwhile (another job, at
  // the same moment) is not undone; the job retries and finds it ordered.
  const { count } = await tx.cart.updateMany({
    where: {
      id: existing.id,
      status: existing.status,
      sourceUpdatedAt: existing.sourceUpdatedAt,
    },
    data,
  });
  if (count === 0)
    throw new Error(
      `cart ${existing.id} changed while this update was applied; the job retries with a fresh read`,
    );
  return {
    applied: true,
    cart: await tx.cart.findUniqueOrThrow({ where: { id: existing.id } }),
  };
}

/** An order settles every open or abandoned cart and checkout it matches, made before it. */
export async function settleByOrder(
  tx: Tx,
  shopId: string,
  contactId: string | null,
  identity: Identity,
  order: OrderFacts,
): Promise<number> {
  const match: Prisma.CartWhereInput[] = [];
  if (identity.checkoutToken)
    match.push({ kind: "CHECKOUT", token: identity.checkoutToken });
  if (identity.cartToken)
    match.push(
      { kind: "CART", token: identity.cartToken },
      { cartToken: identity.cartToken },
    );
  if (contactId) match.push({ contactId });
  if (identity.customerId)
    match.push({ shopifyCustomerId: identity.customerId });
  if (identity.email) match.push({ email: identity.email });
  if (!match.length) return 0;
  const orderedAt = new Date(order.createdAt);
  const { count } = await tx.cart.updateMany({
    where: {
      shopId,
      status: { in: ["OPEN", "ABANDONED"] },
      createdAt: { lte: new Date(orderedAt.valueOf() + 60_000) },
      OR: match,
    },
    data: { status: "ORDERED", orderedAt, abandonAt: null },
  });
  // An anonymous cart whose checkout was processed at the same moment (two jobs) missed the
  // checkout's contact; the order names the person its tokens belong to.
  const tokens = match.filter((m) => "token" in m || "cartToken" in m);
  if (contactId && tokens.length)
    await tx.cart.updateMany({
      where: { shopId, contactId: null, OR: tokens },
      data: { contactId },
    });
  // The order's own tokens: a cart or checkout update processed after the order finds it settled.
  await ensureTokenRows(tx, shopId, identity, {
    contactId,
    email: identity.email ?? null,
    shopifyCustomerId: identity.customerId ?? null,
    status: "ORDERED",
    orderedAt,
    totalPrice: order.totalPrice,
    currency: order.currency,
    lineItems: [],
    sourceUpdatedAt: orderedAt,
  });
  return count;
}

export type AbandonmentCheck =
  { abandoned: false; reason: string } | { abandoned: true; cart: Cart };

/**
 * At the end of the window: the cart is abandoned unless it changed since (a later job checks),
 * was ordered, or its contact ordered after it was made.
 */
export async function checkAbandonment(
  tx: Tx,
  cartId: string,
  dueAt: Date,
  now: Date,
): Promise<AbandonmentCheck> {
  const cart = await tx.cart.findUnique({
    where: { id: cartId },
    include: { contact: { select: { lastOrderAt: true } } },
  });
  if (!cart) return { abandoned: false, reason: "cart gone" };
  if (cart.status !== "OPEN")
    return { abandoned: false, reason: `cart ${cart.status.toLowerCase()}` };
  if (!cart.abandonAt || cart.abandonAt.valueOf() !== dueAt.valueOf())
    return { abandoned: false, reason: "cart changed since" };
  if (cart.abandonAt > now) return { abandoned: false, reason: "not due yet" };
  if (cart.contact?.lastOrderAt && cart.contact.lastOrderAt >= cart.createdAt) {
    await tx.cart.update({
      where: { id: cart.id },
      data: {
        status: "ORDERED",
        orderedAt: cart.contact.lastOrderAt,
        abandonAt: null,
      },
    });
    return { abandoned: false, reason: "the contact ordered" };
  }
  // A cart processed at the same moment as its checkout (two jobs) may not have learned whose it is.
  const contactId =
    cart.contactId ??
    (cart.kind === "CART"
      ? ((
          await tx.cart.findFirst({
            where: {
              shopId: cart.shopId,
              kind: "CHECKOUT",
              cartToken: cart.token,
              contactId: { not: null },
            },
            select: { contactId: true },
          })
        )?.contactId ?? null)
      : null);
  const updated = await tx.cart.updateMany({
    where: { id: cart.id, status: "OPEN", abandonAt: dueAt },
    data: { status: "ABANDONED", abandonedAt: now, abandonAt: null, contactId },
  });
  if (updated.count === 0)
    return { abandoned: false, reason: "cart changed since" };
  return {
    abandoned: true,
    cart: {
      ...cart,
      contactId,
      status: "ABANDONED",
      abandonedAt: now,
      abandonAt: null,
    },
  };
}

/**
 * A storefront event names a cart or checkout before Shopify's webhook about it may have come:
 * keep the token with the browser's contact, so the webhook (which names the customer) finds it.
 * The stand-in row has no state: the webhook's first update replaces it.
 */
export async function rememberTokens(
  tx: Tx,
  shopId: string,
  contactId: string,
  identity: Identity,
): Promise<void> {
  await ensureTokenRows(tx, shopId, identity, {
    contactId,
    lineItems: [],
    sourceUpdatedAt: new Date(0),
  });
}

/** A row for each cart and checkout token the identity names, made with `row` if missing, never changed. */
async function ensureTokenRows(
  tx: Tx,
  shopId: string,
  identity: Identity,
  row: Omit<
    Prisma.CartUncheckedCreateInput,
    "shopId" | "kind" | "token" | "cartToken"
  >,
): Promise<void> {
  const tokens: {
    kind: "CART" | "CHECKOUT";
    token: string;
    cartToken: string | null;
  }[] = [];
  if (identity.cartToken)
    tokens.push({ kind: "CART", token: identity.cartToken, cartToken: null });
  if (identity.checkoutToken)
    tokens.push({
      kind: "CHECKOUT",
      token: identity.checkoutToken,
      cartToken: identity.cartToken ?? null,
    });
  for (const { kind, token, cartToken } of tokens) {
    await tx.cart.upsert({
      where: { shopId_kind_token: { shopId, kind, token } },
      create: { shopId, kind, token, cartToken, ...row },
      update: {},
    });
  }
}
