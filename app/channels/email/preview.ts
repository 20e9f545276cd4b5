// An email as a message of a scenario would look, with sample data for its content block: for the
// admin's preview, through the one renderer that sends. Links resolve on the given storefront.
import type { Message } from "../../scenarios/model";
import {
  renderEmail,
  type EmailBlock,
  type EmailInput,
  type RenderedEmail,
} from "./render";

const SAMPLE_PRODUCTS = [
  {
    title: "Linen shirt",
    url: "/products/linen-shirt",
    image: null,
    price: 49,
  },
  {
    title: "Canvas tote",
    url: "/products/canvas-tote",
    image: null,
    price: 15.5,
  },
  {
    title: "Ceramic mug",
    url: "/products/ceramic-mug",
    image: null,
    price: 18,
  },
];

/** The block a content type shows, with sample data; none for on-site-only content. */
export function sampleBlock(content: Message["content"]): EmailBlock | null {
  switch (content) {
    case "viewed_products":
    case "popular_products":
      return { type: content, products: SAMPLE_PRODUCTS };
    case "cart_items":
      return {
        type: "cart_items",
        lines: [
          { title: "Linen shirt", quantity: 1, price: 49 },
          { title: "Canvas tote", quantity: 2, price: 15.5 },
        ],
        url: "/cart",
      };
    case "discount_code":
      return { type: "discount_code", code: "SAMPLE-10" };
    case "latest_articles":
      return {
        type: "latest_articles",
        articles: [
          {
            title: "Caring for linen",
            url: "/blogs/news/caring-for-linen",
            summary: "Wash cool, dry flat, iron damp: linen lasts for years.",
            image: null,
          },
        ],
      };
    default:
      return null;
  }
}

export function previewEmail(
  input: Omit<EmailInput, "blocks">,
  content: Message["content"],
  storefront = "https://example.com",
): Promise<RenderedEmail> {
  const block = sampleBlock(content);
  return renderEmail({
    link: (url) => new URL(url, storefront).href,
    ...input,
    blocks: block ? [block] : [],
  });
}
