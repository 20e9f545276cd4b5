// Product lists for on-site messages that the storefront's own cart and product APIs cannot give:
// the shop's popular products (most viewed and ordered in the last 30 days, from the events the app
// keeps), with their details from Shopify. Cached per shop for a few minutes: every shopper of a
// shop sees the same list.
import type { Db } from "../db.server";
import { adminQuery, type AdminGraphql } from "../shopify/admin-graphql";

export interface ListedProduct {
  title: string;
  url: string;
  image: string | null;
  price: number;
}

const SIZE = 4;
const WINDOW_MS = 30 * 86_400_000;
const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { until: number; products: ListedProduct[] }>();

const FIELDS = `id title handle featuredImage { url } priceRangeV2 { minVariantPrice { amount } }`;
const BY_IDS = `#graphql
  query TriggerMapProductsByIds($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { ${FIELDS} } } }`;
const NEWEST = `#graphql
  query TriggerMapNewestProducts($first: Int!) { products(first: $first, reverse: true) { nodes { ${FIELDS} } } }`;

interface ProductNode {
  id?: string;
  title: string;
  handle: string;
  featuredImage: { url: string } | null;
  priceRangeV2: { minVariantPrice: { amount: string } };
}

export async function popularProducts(
  db: Db,
  graphql: AdminGraphql,
  shopId: string,
  now = new Date(),
): Promise<ListedProduct[]> {
  const hit = cache.get(shopId);
  if (hit && hit.until > now.valueOf()) return hit.products;
  const since = new Date(now.valueOf() - WINDOW_MS);
  const [views, orders] = await Promise.all([
    db.contactEvent.findMany({
      where: { shopId, type: "product_viewed", occurredAt: { gte: since } },
      select: { payload: true },
      orderBy: { occurredAt: "desc" },
      take: 5000,
    }),
    db.cart.findMany({
      where: { shopId, status: "ORDERED", orderedAt: { gte: since } },
      select: { lineItems: true },
      take: 2000,
    }),
  ]);
  const score = new Map<string, number>();
  const add = (id: unknown, points: number) => {
    if (typeof id === "string" && id)
      score.set(productGid(id), (score.get(productGid(id)) ?? 0) + points);
  };
  for (const { payload } of views)
    add((payload as { page?: { productId?: string } }).page?.productId, 1);
  // An order says more than a look.
  for (const { lineItems } of orders)
    for (const item of Array.isArray(lineItems)
      ? (lineItems as { productId?: string }[])
      : [])
      add(item.productId, 5);
  const top = [...score]
    .sort((a, b) => b[1] - a[1])
    .slice(0, SIZE)
    .map(([id]) => id);

  let nodes = await nodesByIds(graphql, top);
  // A new shop has no history yet: its newest products stand in.
  if (nodes.length < SIZE) {
    const newest = (
      await adminQuery<{ products: { nodes: ProductNode[] } }>(
        graphql,
        NEWEST,
        { first: SIZE },
      )
    ).products.nodes;
    nodes = [
      ...nodes,
      ...newest.filter((p) => !nodes.some((n) => n.id === p.id)),
    ].slice(0, SIZE);
  }
  const products = nodes.map(listed);
  cache.set(shopId, { until: now.valueOf() + CACHE_MS, products });
  return products;
}

/** Products by id (numbers or global ids), in that order; ones Shopify no longer has are left out. */
export const productsByIds = async (
  graphql: AdminGraphql,
  ids: string[],
): Promise<ListedProduct[]> => (await nodesByIds(graphql, ids)).map(listed);

async function nodesByIds(
  graphql: AdminGraphql,
  ids: string[],
): Promise<ProductNode[]> {
  if (!ids.length) return [];
  const { nodes } = await adminQuery<{ nodes: (ProductNode | null)[] }>(
    graphql,
    BY_IDS,
    { ids: ids.map(productGid) },
  );
  return nodes.filter((n): n is ProductNode => Boolean(n?.handle));
}

const listed = (p: ProductNode): ListedProduct => ({
  title: p.title,
  url: `/products/${p.handle}`,
  image: p.featuredImage?.url ?? null,
  price: Number(p.priceRangeV2.minVariantPrice.amount),
});

/** Webhooks and the pixel name products by number; the Admin API by global id. */
const productGid = (id: string) =>
  id.startsWith("gid://") ? id : `gid://shopify/Product/${id}`;
