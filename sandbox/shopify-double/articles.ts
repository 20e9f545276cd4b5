// Blog articles as the Admin API answers them, from the shop's blog (DoubleShop.articles):
// `articles(sortKey, reverse, query: "published_status:...")` with title, handle, summary, body,
// image and blog.
import type { AdminApi, ShopStore } from "./admin-api";
import { connection, searchTerms } from "./connections";
import { productImageUrl } from "./products";

export interface DoubleArticle {
  /** gid://shopify/Article/N */
  id: string;
  title: string;
  handle: string;
  /** The blog's handle (default "news"). */
  blog?: string;
  /** ISO instant; null for a draft. */
  publishedAt: string | null;
  summary: string;
  /** Paragraphs. */
  body: string[];
  /** Absolute, or a path on the shop's storefront. */
  imageUrl?: string;
}

export const articlesIn = (store: ShopStore): readonly DoubleArticle[] =>
  store.shop.articles ?? [];

const html = (text: string) =>
  text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

function articleNode(store: ShopStore, article: DoubleArticle) {
  const number = article.id.split("/").pop()!;
  const blog = article.blog ?? "news";
  return {
    __typename: "Article",
    id: article.id,
    title: article.title,
    handle: article.handle,
    summary: `<p>${html(article.summary)}</p>`,
    body: article.body.map((p) => `<p>${html(p)}</p>`).join(""),
    image: article.imageUrl
      ? {
          __typename: "Image",
          id: `gid://shopify/ArticleImage/${number}`,
          url: productImageUrl(store, { imageUrl: article.imageUrl }),
          altText: article.title,
        }
      : null,
    blog: {
      __typename: "Blog",
      id: `gid://shopify/Blog/${blog === "news" ? 1 : 2}`,
      handle: blog,
      title: blog[0]!.toUpperCase() + blog.slice(1),
    },
    isPublished: article.publishedAt !== null,
    publishedAt: article.publishedAt,
    createdAt: article.publishedAt ?? "2025-01-01T00:00:00Z",
    updatedAt: article.publishedAt ?? "2025-01-01T00:00:00Z",
    tags: [],
  };
}

const SORTS: Record<string, (a: DoubleArticle, b: DoubleArticle) => number> = {
  PUBLISHED_AT: (a, b) =>
    (a.publishedAt ?? "").localeCompare(b.publishedAt ?? ""),
  TITLE: (a, b) => a.title.localeCompare(b.title),
  ID: (a, b) => Number(a.id.split("/").pop()) - Number(b.id.split("/").pop()),
};

function published(article: DoubleArticle, query: unknown): boolean {
  const status = searchTerms(query).find(
    ([field]) => field === "published_status",
  )?.[1];
  if (status === "published") return article.publishedAt !== null;
  if (status === "unpublished") return article.publishedAt === null;
  return true; // "any", or no filter
}

export function registerArticles(admin: AdminApi): void {
  admin.resolve("Query.articles", (args, { store }) => {
    const sort =
      SORTS[typeof args.sortKey === "string" ? args.sortKey : "ID"] ??
      SORTS.ID!;
    const articles = articlesIn(store)
      .filter((a) => published(a, args.query))
      .sort(sort);
    return connection(
      articles.map((a) => articleNode(store, a)),
      args,
    );
  });
}
