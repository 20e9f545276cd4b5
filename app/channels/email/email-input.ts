// What the email renderer takes (render.ts), in a module of its own so the layout, the blocks and
// the text part read these types without importing the renderer that imports them.

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

/** The input as the layout and the text part get it: blocks filtered, defaults filled, links checked. */
export type ResolvedEmail = Required<
  Pick<EmailInput, "blocks" | "language" | "currency" | "link">
> &
  EmailInput;
