// Shopify's mandatory privacy webhooks: export what the app holds on a customer; which rows name
// a customer, for erasing them (the erasures themselves: erasure.server.ts). Each is safe to run
// again (Shopify retries).
import { z } from "zod";
import type { Db, Prisma } from "../db.server";

export const CustomerRef = z.object({
  id: z.union([z.number(), z.string()]).transform(String).optional(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const DataRequestPayload = z.object({
  shop_domain: z.string(),
  customer: CustomerRef,
  data_request: z.object({
    id: z.union([z.number(), z.string()]).transform(String),
  }),
});
export const CustomerRedactPayload = z.object({
  shop_domain: z.string(),
  customer: CustomerRef,
});
export const ShopRedactPayload = z.object({ shop_domain: z.string() });

export type Customer = z.infer<typeof CustomerRef>;

export function contactsOf(
  shopId: string,
  customer: Customer,
): Prisma.ContactWhereInput {
  const match: Prisma.ContactWhereInput[] = [];
  if (customer.id) match.push({ shopifyCustomerId: customer.id });
  if (customer.email)
    match.push({ email: customer.email.trim().toLowerCase() });
  if (customer.phone) match.push({ phone: customer.phone });
  // No identifier: match nothing rather than everything.
  return { shopId, OR: match.length ? match : [{ id: "" }] };
}

/** The rows that name a customer beyond their contacts: carts not yet linked to a contact, data exports, chat replies. */
export function customerTraces(shopId: string, customer: Customer) {
  const email = customer.email?.trim().toLowerCase();
  const carts: Prisma.CartWhereInput[] = [];
  if (customer.id) carts.push({ shopifyCustomerId: customer.id });
  if (email) carts.push({ email });
  const exports: Prisma.CustomerDataExportWhereInput[] = [];
  if (customer.id) exports.push({ shopifyCustomerId: customer.id });
  if (customer.email) exports.push({ email: customer.email });
  // No identifier: match nothing rather than everything.
  const none = [{ id: "" }];
  return {
    carts: {
      shopId,
      OR: carts.length ? carts : none,
    } satisfies Prisma.CartWhereInput,
    exports: {
      shopId,
      OR: exports.length ? exports : none,
    } satisfies Prisma.CustomerDataExportWhereInput,
    // A suppressed address is kept in clear for the merchant to read: it goes with the customer (a
    // complaint's opt-out stays, hashed: app/storefront/opt-outs.server.ts).
    suppressions: {
      shopId,
      OR: email ? [{ email }] : none,
    } satisfies Prisma.EmailSuppressionWhereInput,
    // A chat reply whose contact is gone still carries the address it was sent from.
    chatReplies: {
      shopId,
      OR: email ? [{ email }] : none,
    } satisfies Prisma.ChatReplyWhereInput,
  };
}

/** customers/data_request: everything the app holds on the customer, stored for the merchant. */
export async function exportCustomerData(
  db: Db,
  shopDomain: string,
  payload: z.infer<typeof DataRequestPayload>,
) {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return null;
  const contacts = await db.contact.findMany({
    where: contactsOf(shop.id, payload.customer),
    include: {
      visitors: true,
      pushSubscriptions: true,
      events: true,
      runs: true,
      deliveries: true,
      carts: true,
      discountCodes: true,
      chatReplies: true,
      conversions: true,
    },
  });
  // Dates become ISO strings: the export is plain JSON.
  const data = JSON.parse(
    JSON.stringify({ customer: payload.customer, contacts }),
  ) as Prisma.InputJsonValue;
  return db.customerDataExport.upsert({
    where: {
      shopId_requestId: { shopId: shop.id, requestId: payload.data_request.id },
    },
    create: {
      shopId: shop.id,
      requestId: payload.data_request.id,
      data,
      shopifyCustomerId: payload.customer.id ?? null,
      email: payload.customer.email ?? null,
    },
    update: {},
  });
}

export interface DataExportItem {
  id: string;
  requestId: string;
  customer: string;
  createdAt: string;
}

/** The shop's customer data requests, newest first, for the merchant to download and send on. */
export async function listDataExports(
  db: Db,
  shopDomain: string,
): Promise<DataExportItem[]> {
  const rows = await db.customerDataExport.findMany({
    where: { shop: { domain: shopDomain } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      requestId: true,
      email: true,
      shopifyCustomerId: true,
      createdAt: true,
    },
    take: 100,
  });
  return rows.map((r) => ({
    id: r.id,
    requestId: r.requestId,
    customer:
      r.email ??
      (r.shopifyCustomerId ? `customer ${r.shopifyCustomerId}` : "unknown"),
    createdAt: r.createdAt.toISOString(),
  }));
}

/** One export as a JSON file, only to the shop it belongs to. */
export async function dataExportFile(
  db: Db,
  shopDomain: string,
  id: string,
): Promise<{ name: string; body: string } | null> {
  const row = await db.customerDataExport.findFirst({
    where: { id, shop: { domain: shopDomain } },
  });
  if (!row) return null;
  return {
    name: `customer-data-request-${row.requestId}.json`,
    body: JSON.stringify(row.data, null, 2),
  };
}
