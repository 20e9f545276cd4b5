// A delivery's content block for email, gathered when it is sent: the products the contact viewed
// (their product_viewed events), the shop's popular products, the contact's open or abandoned cart
// or checkout (from the app's own Cart rows), the code the copy carries, the blog's latest
// articles. Details come from the shop's Admin API; when Shopify cannot be reached, or there is
// nothing to show, the block is left out and the email goes without it.
import type { Db } from "../db.server";
import {
  shownBlocks,
  type EmailArticle,
  type EmailBlock,
  type EmailCartLine,
} from "../channels/email/render";
import type { LineItem } from "../events/normalize";
import type { Message } from "../scenarios/model";
import {
  adminQuery,
  legacyId,
  type AdminGraphql,
} from "../shopify/admin-graphql";
import { popularProducts, productsByIds } from "../storefront/products.server";
import { logger } from "../logger.server";

export interface ContentSource {
  db: Db;
  /** The shop's Admin API; null when the app has no session for it. */
  admin: () => Promise<AdminGraphql | null>;
  shop: { id: string; domain: string };
  contactId: string;
  now: Date;
}

const VIEWED = 4;
const ARTICLES_CACHE_MS = 10 * 60_000;
const articlesCache = new Map<
  string,
  { until: number; articles: EmailArticle[] }
>();

/** The email's blocks for a message's content; none for on-site-only content or no data. */
export async function emailBlocks(
  source: ContentSource,
  content: Message["content"] | undefined,
  code?: string,
): Promise<EmailBlock[]> {
  try {
    const block = await blockFor(source, content, code);
    return block ? shownBlocks([block]) : [];
  } catch (error) {
    logger.error(`deliveries: the email's ${content} left out`, {
      shop: source.shop.domain,
      error,
    });
    return [];
  }
}

async function blockFor(
  source: ContentSource,
  content: Message["content"] | undefined,
  code?: string,
): Promise<EmailBlock | null> {
  switch (content) {
    case "discount_code":
      return code ? { type: "discount_code", code } : null;
    case "cart_items":
      return cartBlock(source);
    case "viewed_products": {
      const admin = await source.admin();
      const products = admin
        ? await productsByIds(admin, await viewedProductIds(source))
        : [];
      return { type: content, products };
    }
    case "popular_products": {
      const admin = await source.admin();
      return {
        type: content,
        products: admin
          ? await popularProducts(source.db, admin, source.shop.id, source.now)
          : [],
      };
    }
    case "latest_articles": {
      const admin = await source.admin();
      return {
        type: content,
        articles: admin
          ? await latestArticles(admin, source.shop.id, source.now)
          : [],
      };
    }
    default:
      return null;
  }
}

/** The products the contact looked at last, newest first, each once. */
async function viewedProductIds({
  db,
  contactId,
}: ContentSource): Promise<string[]> {
  const views = await db.contactEvent.findMany({
    where: { contactId, type: "product_viewed" },
    orderBy: { occurredAt: "desc" },
    select: { payload: true },
    take: 50,
  });
  const ids = views
    .map(
      (v) => (v.payload as { page?: { productId?: unknown } }).page?.productId,
    )
    .filter((id): id is string => typeof id === "string" && id !== "");
  return [...new Set(ids)].slice(0, VIEWED);
}

/** The contact's latest cart or checkout not ordered yet, and the way back to it. */
async function cartBlock({
  db,
  shop,
  contactId,
}: ContentSource): Promise<EmailBlock | null> {
  const cart = await db.cart.findFirst({
    where: {
      shopId: shop.id,
      contactId,
      status: { in: ["OPEN", "ABANDONED"] },
    },
    orderBy: { sourceUpdatedAt: "desc" },
  });
  const items = (Array.isArray(cart?.lineItems)
    ? cart.lineItems
    : []) as unknown as LineItem[];
  const lines: EmailCartLine[] = items
    .filter((i) => i.quantity > 0)
    .map((i) => ({
      title: i.title,
      quantity: i.quantity,
      price:
        i.price !== null && Number.isFinite(Number(i.price))
          ? Number(i.price)
          : null,
    }));
  if (!cart || !lines.length) return null;
  // A checkout has its own recovery link; a cart is rebuilt from its variants by Shopify's cart permalink.
  const variants = items.filter((i) => i.quantity > 0 && i.variantId);
  const url =
    cart.recoveryUrl ??
    (variants.length
      ? `https://${shop.domain}/cart/${variants.map((i) => `${legacyId(i.variantId!)}:${i.quantity}`).join(",")}`
      : `https://${shop.domain}/cart`);
  return {
    type: "cart_items",
    lines,
    url,
    ...(cart.currency ? { currency: cart.currency } : {}),
  };
}

// Valid in the 2025-01 schema the double checks and in the app's 2026-10 (articles since 2024-10).
const LATEST_ARTICLES = `#graphql
  query TriggerMapLatestArticles {
    articles(first: 3, sortKey: PUBLISHED_AT, reverse: true, query: "published_status:published") {
      nodes { title handle summary image { url } blog { handle } }
    }
  }`;

interface ArticleNode {
  title: string;
  handle: string;
  summary: string | null;
  image: { url: string } | null;
  blog: { handle: string };
}

/** The blog's three newest published articles; the same for every contact of a shop, so kept a few minutes. */
async function latestArticles(
  admin: AdminGraphql,
  shopId: string,
  now: Date,
): Promise<EmailArticle[]> {
  const hit = articlesCache.get(shopId);
  if (hit && hit.until > now.valueOf()) return hit.articles;
  const { articles } = await adminQuery<{ articles: { nodes: ArticleNode[] } }>(
    admin,
    LATEST_ARTICLES,
  );
  const list = articles.nodes.map((a) => ({
    title: a.title,
    url: `/blogs/${a.blog.handle}/${a.handle}`,
    summary: a.summary ? textOf(a.summary) : null,
    image: a.image?.url ?? null,
  }));
  articlesCache.set(shopId, {
    until: now.valueOf() + ARTICLES_CACHE_MS,
    articles: list,
  });
  return list;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** An article's HTML summary as one line of text (the renderer escapes it again), at most 240 characters. */
export function textOf(html: string): string {
  const text = html
    // Blocks part words; inline tags (strong, a) do not.
    .replace(/<\/?(p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td)\b[^>]*>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
      if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? entity;
      const code =
        name[1] === "x" || name[1] === "X"
          ? parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    })
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 240 ? `${text.slice(0, 239).trimEnd()}…` : text;
}
