// Orders as Shopify's Admin API keeps them, for a shop's history: `orders(query)` and `order(id)`,
// each with its customer, totals and line items; and `seedHistory`, a deterministic past for a shop
// (customers and years of orders) to import. Shopify's 60-day rule: without the `read_all_orders`
// scope an app sees only orders created in the last 60 days, silently (no error, fewer orders);
// without `read_orders` (or `write_orders`) none at all (ACCESS_DENIED).
import { GraphQLError } from "graphql";
import type { AdminApi, ResolverContext, ShopStore } from "./admin-api";
import { connection, searchTerms, type PageArgs } from "./connections";
import {
  customerNode,
  customersIn,
  findCustomer,
  shopifyTime,
  type DoubleCustomer,
} from "./customers";
import { productsIn } from "./products";

export interface DoubleLineItem {
  id: string;
  productId: string | null;
  title: string;
  quantity: number;
  /** Unit price, a decimal string in the shop's currency. */
  price: string;
}

export interface DoubleOrder {
  id: string;
  /** "#1001" */
  name: string;
  email: string | null;
  customerId: string | null;
  createdAt: string;
  currencyCode: string;
  /** Decimal string. */
  totalPrice: string;
  lineItems: DoubleLineItem[];
}

/** How far back an app without `read_all_orders` sees orders. */
export const RECENT_ORDERS_DAYS = 60;

export const ordersIn = (store: ShopStore) =>
  store.get<DoubleOrder[]>("orders", () => []);

export const findOrder = (store: ShopStore, id: unknown) =>
  ordersIn(store).find((o) => o.id === id);

/** Orders by customer id, rebuilt when orders are added (kept with the list's length). */
function ordersByCustomer(store: ShopStore): Map<string, DoubleOrder[]> {
  const orders = ordersIn(store);
  const cache = store.get<{ size: number; map: Map<string, DoubleOrder[]> }>(
    "ordersByCustomer",
    () => ({ size: -1, map: new Map() }),
  );
  if (cache.size !== orders.length) {
    cache.map = new Map();
    for (const order of orders) {
      if (!order.customerId) continue;
      const list = cache.map.get(order.customerId) ?? [];
      list.push(order);
      cache.map.set(order.customerId, list);
    }
    cache.size = orders.length;
  }
  return cache.map;
}

/** A customer's orders, oldest first (whatever the app's scopes: counts on the customer are Shopify's own). */
export const ordersOf = (store: ShopStore, customerId: string) =>
  ordersByCustomer(store).get(customerId) ?? [];

/** The orders the app may read: the last 60 days only, unless it holds read_all_orders. */
export function visibleOrders(
  store: ShopStore,
  scopes: string[],
  now = Date.now(),
): DoubleOrder[] {
  if (
    !["read_orders", "write_orders", "read_all_orders"].some((s) =>
      scopes.includes(s),
    )
  ) {
    throw new GraphQLError(
      "Access denied for orders field. Required access: `read_orders` access scope.",
      { extensions: { code: "ACCESS_DENIED" } },
    );
  }
  if (scopes.includes("read_all_orders")) return ordersIn(store);
  const since = now - RECENT_ORDERS_DAYS * 86_400_000;
  return ordersIn(store).filter((o) => Date.parse(o.createdAt) >= since);
}

const money = (amount: string, currencyCode: string) => ({
  shopMoney: { amount, currencyCode },
  presentmentMoney: { amount, currencyCode },
});

export function orderNode(store: ShopStore, order: DoubleOrder) {
  return {
    __typename: "Order",
    id: order.id,
    legacyResourceId: order.id.split("/").pop(),
    name: order.name,
    email: order.email,
    createdAt: order.createdAt,
    processedAt: order.createdAt,
    updatedAt: order.createdAt,
    currencyCode: order.currencyCode,
    presentmentCurrencyCode: order.currencyCode,
    totalPriceSet: money(order.totalPrice, order.currencyCode),
    currentTotalPriceSet: money(order.totalPrice, order.currencyCode),
    test: false,
    closed: false,
    confirmed: true,
    customer: () => {
      const customer = order.customerId
        ? findCustomer(store, order.customerId)
        : undefined;
      return customer ? customerNode(store, customer) : null;
    },
    lineItems: (args: PageArgs, context: ResolverContext) =>
      connection(
        order.lineItems.map((item) => ({
          __typename: "LineItem",
          id: item.id,
          title: item.title,
          name: item.title,
          quantity: item.quantity,
          currentQuantity: item.quantity,
          originalUnitPriceSet: money(item.price, order.currencyCode),
          product: item.productId
            ? { __typename: "Product", id: item.productId, title: item.title }
            : null,
        })),
        pageArgs(args, context),
      ),
  };
}

/** A bulk operation reads every item of a connection: its page arguments do not apply. */
export const pageArgs = (args: PageArgs, context: ResolverContext) =>
  context.bulk ? {} : args;

function matches(order: DoubleOrder, query: unknown): boolean {
  return searchTerms(query).every(([field, value]) => {
    if (field === "customer_id")
      return order.customerId?.split("/").pop() === value;
    if (field === "created_at") {
      const m = /^(>=|<=|>|<)?(.+)$/.exec(value)!;
      const at = Date.parse(order.createdAt);
      const bound = Date.parse(m[2]!);
      if (m[1] === ">=") return at >= bound;
      if (m[1] === ">") return at > bound;
      if (m[1] === "<=") return at <= bound;
      if (m[1] === "<") return at < bound;
      return order.createdAt.startsWith(m[2]!);
    }
    return true; // other terms: not modelled
  });
}

export function registerOrders(admin: AdminApi): void {
  admin.resolve("Query.orders", (args, context) =>
    connection(
      visibleOrders(context.store, context.scopes)
        .filter((o) => matches(o, args.query))
        .map((o) => orderNode(context.store, o)),
      pageArgs(args, context),
    ),
  );
  admin.resolve("Query.order", (args, context) => {
    const order = visibleOrders(context.store, context.scopes).find(
      (o) => o.id === args.id,
    );
    return order ? orderNode(context.store, order) : null;
  });
}

/** The fields of Customer that come from its orders (numberOfOrders, amountSpent, lastOrder). */
export function customerOrderFields(
  store: ShopStore,
  customer: DoubleCustomer,
) {
  const orders = ordersOf(store, customer.id);
  const cents = orders.reduce(
    (sum, o) => sum + Math.round(Number(o.totalPrice) * 100),
    0,
  );
  const last = orders.at(-1);
  return {
    numberOfOrders: String(orders.length),
    amountSpent: {
      amount: (cents / 100).toFixed(2),
      currencyCode: store.shop.currencyCode,
    },
    // An order the app may not read (older than 60 days without read_all_orders) is not shown.
    lastOrder: (_args: unknown, context: ResolverContext) =>
      last &&
      (context.scopes.includes("read_all_orders") ||
        Date.parse(last.createdAt) >=
          Date.now() - RECENT_ORDERS_DAYS * 86_400_000)
        ? orderNode(store, last)
        : null,
  };
}

export interface HistoryOptions {
  customers: number;
  orders: number;
  /** The share of customers subscribed to email marketing (default 1/3). */
  subscribedShare?: number;
  /** Orders are spread over this many years before `now` (default 3). */
  years?: number;
  now?: Date;
  /** Same seed, same history (default 1). */
  seed?: number;
}

export interface SeededHistory {
  customers: DoubleCustomer[];
  orders: DoubleOrder[];
}

const FIRST_NAMES = [
  "Ann",
  "Boris",
  "Chloe",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Irina",
  "Jamal",
  "Kate",
  "Lev",
];
const FALLBACK_PRODUCTS = [
  { id: "gid://shopify/Product/9001", title: "Gift card", price: "25.00" },
  { id: "gid://shopify/Product/9002", title: "Tote bag", price: "18.50" },
  { id: "gid://shopify/Product/9003", title: "Candle", price: "32.00" },
];

/** mulberry32: a small seeded generator, so a history is the same on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Gives the shop a past: `customers` customers created over the years (a share subscribed, with the
 * date of their consent; some unsubscribed; some with a phone; en and ru) and `orders` orders over
 * `years` years up to `now`, most by those customers, a few by guests. Deterministic by `seed`.
 */
export function seedHistory(
  store: ShopStore,
  options: HistoryOptions,
): SeededHistory {
  const next = random(options.seed ?? 1);
  const now = (options.now ?? new Date()).getTime();
  const span = (options.years ?? 3) * 365 * 86_400_000;
  const start = now - span;
  const share = options.subscribedShare ?? 1 / 3;
  const products = productsIn(store).length
    ? productsIn(store).map((p) => ({
        id: p.id,
        title: p.title,
        price: p.price,
      }))
    : FALLBACK_PRODUCTS;
  const currency = store.shop.currencyCode;
  const customers: DoubleCustomer[] = [];
  const domain = store.shop.domain.split(".")[0];
  const offset = customersIn(store).length;
  for (let i = 0; i < options.customers; i++) {
    const n = offset + i + 1;
    const createdAt = shopifyTime(new Date(start + next() * span * 0.9));
    const roll = next();
    const subscribed = roll < share;
    const unsubscribed = !subscribed && roll < share + 0.05;
    const consentAt = shopifyTime(
      new Date(Date.parse(createdAt) + next() * 30 * 86_400_000),
    );
    customers.push({
      id: store.gid("Customer"),
      email: `customer${n}@${domain}.history.example`,
      firstName: FIRST_NAMES[n % FIRST_NAMES.length]!,
      lastName: null,
      phone: next() < 0.2 ? `+1555${String(1_000_000 + n).slice(-7)}` : null,
      note: null,
      tags: next() < 0.1 ? ["vip"] : [],
      locale: next() < 0.25 ? "ru" : "en",
      emailMarketingConsent: {
        marketingState: subscribed
          ? "SUBSCRIBED"
          : unsubscribed
            ? "UNSUBSCRIBED"
            : "NOT_SUBSCRIBED",
        marketingOptInLevel: "SINGLE_OPT_IN",
        consentUpdatedAt: subscribed || unsubscribed ? consentAt : null,
      },
      createdAt,
      updatedAt: createdAt,
    });
  }
  customersIn(store).push(...customers);

  const orders: DoubleOrder[] = [];
  const times = Array.from(
    { length: options.orders },
    () => start + next() * span,
  )
    .map((t) => Math.min(t, now - 60_000))
    .sort((a, b) => a - b);
  // Customers by creation: an order's buyer is one created before it (orders come in time order).
  const byCreation = [...customers].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
  );
  let created = 0;
  let number = 1000 + ordersIn(store).length;
  for (const at of times) {
    while (
      created < byCreation.length &&
      Date.parse(byCreation[created]!.createdAt) <= at
    )
      created++;
    // A few orders are guests'.
    const customer =
      created && next() > 0.05
        ? byCreation[Math.floor(next() * created)]!
        : null;
    const lines = 1 + Math.floor(next() * 3);
    const lineItems: DoubleLineItem[] = [];
    let cents = 0;
    for (let l = 0; l < lines; l++) {
      const product = products[Math.floor(next() * products.length)]!;
      const quantity = 1 + Math.floor(next() * 2);
      cents += Math.round(Number(product.price) * 100) * quantity;
      lineItems.push({
        id: store.gid("LineItem"),
        productId: product.id,
        title: product.title,
        quantity,
        price: product.price,
      });
    }
    number++;
    orders.push({
      id: store.gid("Order"),
      name: `#${number}`,
      email: customer?.email ?? `guest${number}@${domain}.history.example`,
      customerId: customer?.id ?? null,
      createdAt: shopifyTime(new Date(at)),
      currencyCode: currency,
      totalPrice: (cents / 100).toFixed(2),
      lineItems,
    });
  }
  ordersIn(store).push(...orders);
  return { customers, orders };
}
