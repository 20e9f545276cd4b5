// The email's plain-text part, from the same input as the HTML: the copy, each block's items with
// their prices and links, the call to action and the footer. Written, not converted from the HTML,
// so that it reads as a message and costs next to nothing.
import { formatPrice, labelsFor } from "./format";
import type { EmailBlock, ResolvedEmail } from "./email-input";

type Email = Pick<ResolvedEmail, "link" | "language" | "currency">;

const item = (...parts: (string | null | undefined | false)[]) =>
  parts.filter(Boolean).join("\n  ");

function blockText(block: EmailBlock, email: Email): string {
  const labels = labelsFor(email.language);
  const price = (amount: number | null, currency = email.currency) =>
    amount === null ? null : formatPrice(amount, currency, email.language);
  switch (block.type) {
    case "viewed_products":
    case "popular_products":
      return [
        labels[block.type],
        ...block.products.map(
          (p) =>
            `- ${item([p.title, price(p.price)].filter(Boolean).join(" — "), email.link(p.url))}`,
        ),
      ].join("\n");
    case "cart_items":
      return [
        labels.cart_items,
        ...block.lines.map(
          (l) =>
            `- ${[`${l.title} × ${l.quantity}`, price(l.price === null ? null : l.price * l.quantity, block.currency)].filter(Boolean).join(" — ")}`,
        ),
        email.link(block.url) &&
          `${labels.cart_button}: ${email.link(block.url)}`,
      ]
        .filter(Boolean)
        .join("\n");
    case "discount_code":
      return `${labels.discount_code}: ${block.code}`;
    case "latest_articles":
      return [
        labels.latest_articles,
        ...block.articles.map(
          (a) => `- ${item(a.title, a.summary, email.link(a.url))}`,
        ),
      ].join("\n");
  }
}

export function plainText(email: ResolvedEmail): string {
  const footer =
    email.footer &&
    `--\n${email.footer.address ? `${email.footer.address}\n` : ""}${email.footer.unsubscribeLabel}: ${email.footer.unsubscribeUrl}`;
  return [
    email.title,
    email.body,
    ...email.blocks.map((b) => blockText(b, email)),
    email.cta && `${email.cta.label}: ${email.link(email.cta.url)}`,
    footer,
  ]
    .filter(Boolean)
    .join("\n\n");
}
