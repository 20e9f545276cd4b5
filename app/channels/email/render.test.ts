// The email renderer on its own: the copy and its links, the content blocks, escaping, prices in
// the shop's currency and the contact's language, blocks with no data left out, the text part.
import { describe, expect, it } from "vitest";
import { previewEmail } from "./preview";
import { renderEmail, type EmailBlock, type EmailInput } from "./render";

const tracked = (url: string) =>
  `https://app.example/t/c/d1?u=${encodeURIComponent(new URL(url, "https://shop.example").href)}&s=sig`;

const base: EmailInput = {
  shopName: "Demo Store",
  title: "New this week",
  body: "Hello Ann,\nfresh arrivals.\n\nSee you soon.",
  cta: { label: "See them", url: "/collections/all" },
  pixelUrl: "https://app.example/t/o/d1?s=sig",
  footer: {
    address: "1 Market St, Springfield",
    unsubscribeUrl: "https://shop.example/apps/trigger-map/unsubscribe?c=1&t=2",
    unsubscribeLabel: "Unsubscribe",
  },
  link: tracked,
};

const products: EmailBlock = {
  type: "viewed_products",
  products: [
    {
      title: "Linen shirt",
      url: "/products/linen-shirt",
      image: "https://cdn.example/linen.png",
      price: 49,
    },
    {
      title: "Ceramic mug",
      url: "/products/ceramic-mug",
      image: null,
      price: 1234.5,
    },
  ],
};
const cart: EmailBlock = {
  type: "cart_items",
  lines: [
    { title: "Linen shirt", quantity: 2, price: 49 },
    { title: "Gift card", quantity: 1, price: null },
  ],
  url: "https://shop.example/checkouts/c1/recover",
};
const articles: EmailBlock = {
  type: "latest_articles",
  articles: [
    {
      title: "Caring for linen",
      url: "/blogs/news/caring-for-linen",
      summary: "Wash cool, dry flat.",
      image: null,
    },
  ],
};

/** The HTML's text as a reader sees it, entities decoded (React writes &amp; and &#x27;). */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'");

describe("renderEmail", () => {
  it("keeps the copy, the call to action through the click redirect, the open pixel and the marketing footer", async () => {
    const { subject, html, text } = await renderEmail(base);
    expect(subject).toBe("New this week");
    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toContain('name="viewport"');
    expect(visible(html)).toContain("Demo Store");
    expect(html).toContain("Hello Ann,<br/>fresh arrivals.");
    expect(html).toContain(
      `href="${tracked("/collections/all").replaceAll("&", "&amp;")}"`,
    );
    expect(html).toMatch(
      /<img src="https:\/\/app\.example\/t\/o\/d1\?s=sig" width="1" height="1"/,
    );
    expect(visible(html)).toContain("1 Market St, Springfield");
    expect(html).toContain(
      'href="https://shop.example/apps/trigger-map/unsubscribe?c=1&amp;t=2"',
    );
    expect(text).toBe(
      [
        "New this week",
        "Hello Ann,\nfresh arrivals.\n\nSee you soon.",
        `See them: ${tracked("/collections/all")}`,
        "--\n1 Market St, Springfield\nUnsubscribe: https://shop.example/apps/trigger-map/unsubscribe?c=1&t=2",
      ].join("\n\n"),
    );
  });

  it("escapes hostile product titles, copy and links, and drops links that are not web addresses", async () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const { html } = await renderEmail({
      ...base,
      shopName: hostile,
      title: hostile,
      body: hostile,
      link: (url) => url,
      blocks: [
        {
          type: "popular_products",
          products: [
            {
              title: hostile,
              url: "javascript:alert(1)",
              image: "javascript:alert(2)",
              price: 5,
            },
          ],
        },
      ],
    });
    expect(html).not.toContain("<script");
    expect(html).not.toMatch(/<img src=x/);
    expect(html).not.toContain("javascript:");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("leaves out, even through the click redirect, every link and image that breaks the link rule", async () => {
    for (const url of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "java\nscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "//evil.example/x",
      "/\\evil.example",
    ]) {
      const { html, text } = await renderEmail({
        ...base,
        cta: { label: "Shop now", url },
        blocks: [
          {
            type: "popular_products",
            products: [{ title: "Hostile", url, image: url, price: 5 }],
          },
          {
            type: "cart_items",
            lines: [{ title: "Mug", quantity: 1, price: 5, image: url }],
            url,
          },
          {
            type: "latest_articles",
            articles: [{ title: "News", url, summary: null, image: url }],
          },
        ],
      });
      const links = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) =>
        m[1]!.replace(/&amp;/g, "&"),
      );
      // What remains: the open pixel and the footer's unsubscribe link; the copy and titles as text.
      expect(links, url).toEqual([base.footer!.unsubscribeUrl, base.pixelUrl]);
      expect(visible(html)).not.toContain("Shop now");
      expect(visible(html)).toContain("Hostile");
      expect(text, url).not.toContain("Shop now");
      expect(text).not.toContain("t/c/d1");
    }
  });

  it("prints prices in the shop's currency, formatted for the contact's language", async () => {
    const en = await renderEmail({ ...base, blocks: [products, cart] });
    expect(en.html).toContain("$49.00");
    expect(en.html).toContain("$1,234.50");
    expect(en.html).toContain("$98.00"); // the cart line: 2 × 49
    const ru = await renderEmail({
      ...base,
      language: "ru",
      currency: "EUR",
      blocks: [products, { ...cart, currency: "RUB" }],
    });
    expect(ru.text).toMatch(/Linen shirt — 49,00\s€/);
    expect(ru.text).toMatch(/Ceramic mug — 1\s234,50\s€/);
    expect(ru.text).toMatch(/Linen shirt × 2 — 98,00\s₽/);
    expect(ru.html).toContain("Ваша корзина");
    const unknown = await renderEmail({
      ...base,
      currency: "dollars",
      blocks: [products],
    });
    expect(unknown.text).toContain("Linen shirt — 49.00 dollars");
  });

  it("shows each block's items with their links through the click redirect", async () => {
    const { html } = await renderEmail({
      ...base,
      blocks: [
        products,
        cart,
        { type: "discount_code", code: "SAVE-10" },
        articles,
      ],
    });
    const page = visible(html);
    for (const words of [
      "You looked at",
      "Linen shirt",
      "Ceramic mug",
      "Your cart",
      "Gift card",
      "Return to your cart",
      "Your code",
      "SAVE-10",
      "From our blog",
      "Caring for linen",
      "Wash cool, dry flat.",
    ]) {
      expect(page).toContain(words);
    }
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) =>
      m[1]!.replaceAll("&amp;", "&"),
    );
    expect(hrefs).toEqual(
      expect.arrayContaining([
        tracked("/products/linen-shirt"),
        tracked("/products/ceramic-mug"),
        tracked(cart.url),
        tracked("/blogs/news/caring-for-linen"),
      ]),
    );
    // Every link but unsubscribe is tracked.
    expect(
      hrefs.filter((h) => !h.startsWith("https://app.example/t/c/")),
    ).toEqual([base.footer!.unsubscribeUrl]);
    expect(html).toContain('src="https://cdn.example/linen.png"');
  });

  it("leaves out blocks with nothing to show, printing no empty table and no null", async () => {
    const empty: EmailBlock[] = [
      { type: "viewed_products", products: [] },
      { type: "cart_items", lines: [], url: "https://shop.example/cart" },
      { type: "discount_code", code: " " },
      { type: "latest_articles", articles: [] },
    ];
    const without = await renderEmail(base);
    const withEmpty = await renderEmail({ ...base, blocks: empty });
    expect(withEmpty).toEqual(without);
    expect(withEmpty.html).not.toMatch(/null|undefined|NaN/);
    const noPrice = await renderEmail({
      ...base,
      blocks: [
        {
          type: "popular_products",
          products: [
            { title: "Mystery", url: "/products/m", image: null, price: null },
          ],
        },
      ],
    });
    expect(noPrice.html).not.toMatch(/null|undefined|NaN/);
    expect(noPrice.text).toContain("- Mystery\n");
  });

  it("puts every block's items, prices and links in the plain text", async () => {
    const { text } = await renderEmail({
      ...base,
      blocks: [
        products,
        cart,
        { type: "discount_code", code: "SAVE-10" },
        articles,
      ],
    });
    expect(text).toContain(
      `You looked at\n- Linen shirt — $49.00\n  ${tracked("/products/linen-shirt")}\n- Ceramic mug — $1,234.50`,
    );
    expect(text).toContain(
      `Your cart\n- Linen shirt × 2 — $98.00\n- Gift card × 1\nReturn to your cart: ${tracked(cart.url)}`,
    );
    expect(text).toContain("Your code: SAVE-10");
    expect(text).toContain(
      `From our blog\n- Caring for linen\n  Wash cool, dry flat.\n  ${tracked("/blogs/news/caring-for-linen")}`,
    );
    // The blocks come between the copy and the call to action.
    expect(text.indexOf("See you soon.")).toBeLessThan(
      text.indexOf("You looked at"),
    );
    expect(text.indexOf("From our blog")).toBeLessThan(
      text.indexOf("See them:"),
    );
  });
});

describe("previewEmail", () => {
  it("shows a message's content with sample data, its links on the given storefront", async () => {
    const { link: _link, ...copy } = base;
    const cartPreview = await previewEmail(
      copy,
      "cart_items",
      "https://demo.example",
    );
    expect(cartPreview.text).toContain(
      "Return to your cart: https://demo.example/cart",
    );
    expect(cartPreview.html).toContain("Linen shirt");
    const onSiteOnly = await previewEmail(copy, "email_capture");
    expect(onSiteOnly.text).toBe(
      (
        await renderEmail({
          ...copy,
          link: (url) => new URL(url, "https://example.com").href,
        })
      ).text,
    );
  });
});
