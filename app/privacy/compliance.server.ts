// Shopify's mandatory privacy webhooks: export what the app holds on a customer, erase a
// customer, erase a shop. Each is safe to run again (Shopify retries).
import { z } from "zod";
import type { Db, Prisma } from "../db.server";

const CustomerRef = z.object({
  id: z.union([z.number(), z.string()]).transform(String).optional(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const DataRequestPayload = z.object({
  shop_domain: z.string(),
  customer: CustomerRef,
  data_request: z.object({ id: z.union([z.number(), z.string()]).transform(String) }),
});
export const CustomerRedactPayload = z.object({ shop_domain: z.string(), customer: CustomerRef });
export const ShopRedactPayload = z.object({ shop_domain: z.string() });

type Customer = z.infer<typeof CustomerRef>;

function contactsOf(shopId: string, customer: Customer): Prisma.ContactWhereInput {
  const match: Prisma.ContactWhereInput[] = [];
  if (customer.id) match.push({ shopifyCustomerId: customer.id });
  if (customer.email) match.push({ email: customer.email.trim().toLowerCase() });
  if (customer.phone) match.push({ phone: customer.phone });
  // No identifier: match nothing rather than everything.
  return { shopId, OR: match.length ? match : [{ id: "" }] };
}

/** customers/data_request: everything the app holds on the customer, stored for the merchant. */
export async function exportCustomerData(db: Db, shopDomain: string, payload: z.infer<typeof DataRequestPayload>) {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return null;
  const contacts = await db.contact.findMany({
    where: contactsOf(shop.id, payload.customer),
    include: { visitors: true, pushSubscriptions: true, events: true, runs: true, deliveries: true, carts: true, discountCodes: true, chatMessages: true, conversions: true },
  });
  // Dates become ISO strings: the export is plain JSON.
  const data = JSON.parse(JSON.stringify({ customer: payload.customer, contacts })) as Prisma.InputJsonValue;
  return db.customerDataExport.upsert({
    where: { shopId_requestId: { shopId: shop.id, requestId: payload.data_request.id } },
    create: {
      shopId: shop.id, requestId: payload.data_request.id, data,
      shopifyCustomerId: payload.customer.id ?? null, email: payload.customer.email ?? null,
    },
    update: {},
  });
}

/** customers/redact: the customer's contacts go, and with them their events, runs, deliveries and carts. */
export async function redactCustomer(db: Db, shopDomain: string, customer: Customer): Promise<number> {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return 0;
  const exportsOf: Prisma.CustomerDataExportWhereInput[] = [];
  if (customer.id) exportsOf.push({ shopifyCustomerId: customer.id });
  if (customer.email) exportsOf.push({ email: customer.email });
  const cartsOf: Prisma.CartWhereInput[] = [];
  if (customer.id) cartsOf.push({ shopifyCustomerId: customer.id });
  if (customer.email) cartsOf.push({ email: customer.email.trim().toLowerCase() });
  const [removed] = await db.$transaction([
    db.contact.deleteMany({ where: contactsOf(shop.id, customer) }),
    // Carts not yet linked to a contact still name the customer.
    db.cart.deleteMany({ where: { shopId: shop.id, OR: cartsOf.length ? cartsOf : [{ id: "" }] } }),
    db.customerDataExport.deleteMany({ where: { shopId: shop.id, OR: exportsOf.length ? exportsOf : [{ id: "" }] } }),
    // A chat reply whose contact is gone still carries the address it was sent from.
    db.chatMessage.deleteMany({ where: { shopId: shop.id, OR: customer.email ? [{ email: customer.email.trim().toLowerCase() }] : [{ id: "" }] } }),
  ]);
  return removed.count;
}

/** shop/redact (48 h after uninstall): the shop and everything of it go. */
export async function redactShop(db: Db, shopDomain: string): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: shopDomain } }),
    db.shop.deleteMany({ where: { domain: shopDomain } }),
  ]);
}

export interface DataExportItem {
  id: string;
  requestId: string;
  customer: string;
  createdAt: string;
}

/** The shop's customer data requests, newest first, for the merchant to download and send on. */
export async function listDataExports(db: Db, shopDomain: string): Promise<DataExportItem[]> {
  const rows = await db.customerDataExport.findMany({
    where: { shop: { domain: shopDomain } },
    orderBy: { createdAt: "desc" },
    select: { id: true, requestId: true, email: true, shopifyCustomerId: true, createdAt: true },
    take: 100,
  });
  return rows.map((r) => ({
    id: r.id, requestId: r.requestId, customer: r.email ?? (r.shopifyCustomerId ? `customer ${r.shopifyCustomerId}` : "unknown"),
    createdAt: r.createdAt.toISOString(),
  }));
}

/** One export as a JSON file, only to the shop it belongs to. */
export async function dataExportFile(db: Db, shopDomain: string, id: string): Promise<{ name: string; body: string } | null> {
  const row = await db.customerDataExport.findFirst({ where: { id, shop: { domain: shopDomain } } });
  if (!row) return null;
  return { name: `customer-data-request-${row.requestId}.json`, body: JSON.stringify(row.data, null, 2) };
}
