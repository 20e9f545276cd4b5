// An email's HTML and plain text: the shop's name, the copy, the message's content blocks
// (products, the cart, a code, articles), the call to action, and for marketing the shop's address
// and the unsubscribe link. One renderer for sending and for previews (`previewEmail`). The HTML is
// react-email's (layout.tsx): tables and inline styles that read well in every client, a column
// that narrows on phones. The text part is written from the same input, not scraped from the HTML.
// Pure: no clock, no network.
import { render } from "@react-email/render";
import { createElement } from "react";
import { safeUrl } from "../../security/safe-url";
import { EmailLayout } from "./layout";
import { plainText } from "./text";

export interface EmailLink {
  label: string;
  url: string;
}

export interface EmailProduct {
  title: string;
  /** The product's page: absolute, or a path on the storefront (resolved by `link`). */
  url: string;
  image: string | null;
  price: number | null;
}

export interface EmailCartLine {
  title: string;
  quantity: number;
  /** The price of one. */
  price: number | null;
  image?: string | null;
}

export interface EmailArticle {
  title: string;
  url: string;
  summary: string | null;
  image: string | null;
}

/** A message's content, by the scenario model's names (Message.content); one with no data is left out. */
export type EmailBlock =
  | { type: "viewed_products" | "popular_products"; products: EmailProduct[] }
  | {
      type: "cart_items";
      lines: EmailCartLine[];
      url: string;
      /** The cart's own, when not the shop's. */ currency?: string;
    }
  | { type: "discount_code"; code: string }
  | { type: "latest_articles"; articles: EmailArticle[] };

export interface EmailInput {
  shopName: string;
  title: string | null;
  body: string;
  cta: EmailLink | null;
  /** The 1x1 image that tells the message was opened. */
  pixelUrl?: string;
  /** Marketing only: the footer the law asks for. */
  footer: {
    address: string | null;
    unsubscribeUrl: string;
    unsubscribeLabel: string;
  } | null;
  blocks?: EmailBlock[];
  /** The contact's language: the blocks' labels and number formats (default en). */
  language?: string;
  /** The shop's currency, ISO 4217 (default USD). */
  currency?: string;
  /** Every link of the copy and the blocks goes through it: the click redirect (default: as given). A link that breaks the link rule (safeUrl) never reaches it: it is left out. */
  link?: (url: string) => string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Blocks with something to show; a link that is not http(s) after `link` is dropped by the layout. */
export const shownBlocks = (blocks: EmailBlock[] = []) =>
  blocks.filter((b) => {
    if (b.type === "discount_code") return b.code.trim() !== "";
    if (b.type === "cart_items") return b.lines.length > 0;
    if (b.type === "latest_articles") return b.articles.length > 0;
    return b.products.length > 0;
  });

export async function renderEmail(input: EmailInput): Promise<RenderedEmail> {
  const subject = input.title ?? input.shopName;
  const given = input.link ?? ((url: string) => url);
  // An empty link is left out by the layout and the text alike; so is a button without one.
  const link = (url: string) => (safeUrl(url) ? given(url) : "");
  const cta = input.cta && safeUrl(input.cta.url) ? input.cta : null;
  const resolved = {
    ...input,
    cta,
    blocks: shownBlocks(input.blocks),
    language: input.language ?? "en",
    currency: input.currency ?? "USD",
    link,
  };
  // No `pretty`: prettier would cost more than the render itself, at hundreds of emails a second.
  const html = await render(
    createElement(EmailLayout, { ...resolved, subject }),
  );
  return { subject, html, text: plainText(resolved) };
}

export type ResolvedEmail = Required<
  Pick<EmailInput, "blocks" | "language" | "currency" | "link">
> &
  EmailInput;
