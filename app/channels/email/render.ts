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
import type { EmailBlock, EmailInput } from "./email-input";
import { plainText } from "./text";

export type {
  EmailArticle,
  EmailBlock,
  EmailCartLine,
  EmailInput,
  EmailLink,
  EmailProduct,
  ResolvedEmail,
} from "./email-input";

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
