// The demo shop's blog, "news": the articles the Admin API answers for and the demo storefront
// shows at /blogs/news, each with one of the catalogue's images.
import type { DoubleArticle } from "./articles";

export const DEMO_ARTICLES: readonly DoubleArticle[] = [
  {
    id: "gid://shopify/Article/1",
    handle: "a-slower-morning",
    title: "A slower morning",
    publishedAt: "2026-02-14T09:00:00Z",
    summary: "Five minutes, a good mug and a notebook.",
    imageUrl: "/cdn/products/ceramic-mug.svg",
    body: [
      "Before the day starts, take five minutes: make a warm drink and write down three things you want to do today.",
      "It is a small habit, and it changes the shape of a day.",
    ],
  },
  {
    id: "gid://shopify/Article/2",
    handle: "caring-for-linen",
    title: "Caring for linen",
    publishedAt: "2026-03-02T09:00:00Z",
    summary: "Wash cool, dry flat, iron damp: linen lasts for years.",
    imageUrl: "/cdn/products/linen-shirt.svg",
    body: [
      "Linen gets softer with every wash. Wash it cool with a mild detergent and skip the softener.",
      "Dry it flat or on a line, and iron it while it is still a little damp.",
    ],
  },
];
