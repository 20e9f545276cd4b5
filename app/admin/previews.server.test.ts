import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import { parsePreviewRequest, type PreviewRequest } from "./previews";
import { messagePreview, UI_ASSET } from "./previews.server";

const domain = "previews.myshopify.com";
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  await t.db.shop.create({
    data: {
      domain,
      name: "Linen & Co",
      email: "owner@linen.example",
      currencyCode: "EUR",
      settings: {
        physicalAddress: "1 Harbour Street, Leith",
        sender: { name: "Linen & Co", email: "hello@linen.example" },
      },
    },
  });
});
afterAll(() => t?.drop());

const request = (input: Record<string, unknown>): PreviewRequest => {
  const parsed = parsePreviewRequest(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.request;
};

const codeMessage = {
  key: "cart.code",
  title: {
    en: "{{first_name}}, your cart misses you",
    ru: "{{first_name}}, корзина ждёт",
  },
  body: { en: "Use {{code}} for 10% off." },
  cta: { label: { en: "Return to cart" }, url: "/cart" },
  content: "popular_products",
  discount: { percent: 10 },
  fallbacks: { first_name: { en: "Hi", ru: "Здравствуйте" } },
};

describe("an email preview", () => {
  it("renders through the sending renderer with the shop's name, sender, currency and marketing footer", async () => {
    const preview = await messagePreview(
      t.db,
      domain,
      request({ channel: "email", marketing: true, message: codeMessage }),
    );
    expect(preview.channel).toBe("email");
    if (preview.channel !== "email" || !("subject" in preview))
      throw new Error("not an email");
    expect(preview.subject).toBe("Anna, your cart misses you");
    expect(preview.from).toEqual({
      name: "Linen & Co",
      email: "hello@linen.example",
    });
    expect(preview.html).toContain("Linen &amp; Co");
    expect(preview.html).toContain("Use SAMPLE-10 for 10% off.");
    expect(preview.html).toContain("€49.00");
    expect(preview.html).toContain("1 Harbour Street, Leith");
    expect(preview.html).toContain("Unsubscribe");
    expect(preview.text).toContain(
      "Return to cart: https://previews.myshopify.com/cart",
    );
    expect(preview.missing).toEqual([]);
  });

  it("of a transactional message has no unsubscribe footer; in Russian, for a contact with no name, the fallback", async () => {
    const preview = await messagePreview(
      t.db,
      domain,
      request({
        channel: "email",
        marketing: false,
        language: "ru",
        contact: "unnamed",
        message: codeMessage,
      }),
    );
    if (preview.channel !== "email" || !("subject" in preview))
      throw new Error("not an email");
    expect(preview.subject).toBe("Здравствуйте, корзина ждёт");
    expect(preview.html).not.toContain("Отписаться");
    expect(preview.html).not.toContain("1 Harbour Street");
    expect(preview.html).toContain("Популярное сейчас");
  });

  it("shows the code's box for a discount code message", async () => {
    const preview = await messagePreview(
      t.db,
      domain,
      request({
        channel: "email",
        message: { ...codeMessage, content: "discount_code" },
      }),
    );
    expect("text" in preview && preview.text).toContain("Your code: SAMPLE-10");
  });
});

describe("a popup or chat preview", () => {
  it("is a document carrying the built storefront UI module and the theme's strings in the language", async () => {
    const preview = await messagePreview(
      t.db,
      domain,
      request({ channel: "popup", language: "ru", message: codeMessage }),
    );
    if (!("html" in preview)) throw new Error(JSON.stringify(preview));
    expect(preview.html).toContain(
      (await readFile(UI_ASSET, "utf8")).slice(0, 200),
    );
    expect(preview.html).toContain('"submit":"Получить код"');
    expect(preview.html).toContain('"currency":"EUR"');
    expect(preview.missing).toEqual([]);
  });

  it("fills the code a chat message or a plain popup with a discount issues, and names one the storefront leaves empty", async () => {
    const chat = await messagePreview(
      t.db,
      domain,
      request({ channel: "chat", message: codeMessage }),
    );
    expect("missing" in chat && chat.missing).toEqual([]);
    const popup = await messagePreview(
      t.db,
      domain,
      request({
        channel: "popup",
        message: { ...codeMessage, content: "none" },
      }),
    );
    expect("missing" in popup && popup.missing).toEqual([]);
    const progress = await messagePreview(
      t.db,
      domain,
      request({
        channel: "popup",
        message: { ...codeMessage, content: "progress_to_threshold" },
      }),
    );
    expect("missing" in progress && progress.missing).toEqual(["code"]);
  });

  it("says how to build the UI module when it is missing", async () => {
    const preview = await messagePreview(
      t.db,
      domain,
      request({ channel: "chat", message: codeMessage }),
      { uiAsset: "/nonexistent/trigger-map-ui.js" },
    );
    expect(preview).toEqual({ channel: "chat", error: "runtime_not_built" });
  });
});

describe("a web push preview", () => {
  it("is the notification with the personalized title", async () => {
    const preview = await messagePreview(
      t.db,
      domain,
      request({ channel: "web_push", message: codeMessage }),
    );
    expect("html" in preview && preview.html).toContain(
      "Anna, your cart misses you",
    );
    expect("html" in preview && preview.html).toContain(
      'aria-hidden="true">L</div>',
    );
  });
});
