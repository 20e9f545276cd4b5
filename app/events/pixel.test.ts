// The pixel's requests: page kinds from Shopify's URLs, ids as the webhooks spell them, and a
// browser clock that is off replaced by the server's.
import { describe, expect, it } from "vitest";
import { normalizePixelEvent, pageTypeOf, PixelRequest } from "./pixel";

describe("pageTypeOf", () => {
  it.each([
    ["https://s.myshopify.com/", "home"],
    ["https://s.myshopify.com/de-de", "home"],
    ["https://s.myshopify.com/products/shirt", "product"],
    ["https://s.myshopify.com/collections/sale/products/shirt", "product"],
    ["https://s.myshopify.com/collections/sale", "collection"],
    ["https://s.myshopify.com/fr/cart", "cart"],
    ["https://s.myshopify.com/search?q=linen", "search"],
    ["https://s.myshopify.com/blogs/news/spring-is-here", "article"],
    ["https://s.myshopify.com/blogs/news", "blog"],
    ["https://s.myshopify.com/checkouts/cn/abc", "checkout"],
    ["https://s.myshopify.com/pages/about", "other"],
  ])("%s is a %s page", (url, type) => expect(pageTypeOf(url)).toBe(type));
});

describe("normalizePixelEvent", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  const request = (event: Record<string, unknown>) =>
    PixelRequest.parse({
      v: 1,
      shop: "s.myshopify.com",
      clientId: "c-1",
      event: {
        id: "e-1",
        name: "page_viewed",
        at: now.toISOString(),
        ...event,
      },
    });

  it("links the browser to the cart and checkout it names, and takes no claim of who it is", () => {
    const event = normalizePixelEvent(
      request({
        name: "checkout_completed",
        cartToken: "gid://shopify/Cart/c1-abc?key=k",
        checkoutToken: "co-1",
        email: "ceo@example.com",
        customerId: "1",
      }),
      now,
    );
    expect(event.identity).toEqual({
      visitorId: "c-1",
      cartToken: "c1-abc",
      checkoutToken: "co-1",
    });
  });

  it("trusts the browser's clock only near the server's", () => {
    const close = new Date(now.valueOf() - 60_000).toISOString();
    expect(normalizePixelEvent(request({ at: close }), now).occurredAt).toBe(
      close,
    );
    expect(
      normalizePixelEvent(request({ at: "2020-01-01T00:00:00Z" }), now)
        .occurredAt,
    ).toBe(now.toISOString());
  });

  it("refuses what the pixel never sends", () => {
    expect(
      PixelRequest.safeParse({
        v: 1,
        shop: "evil.example.com",
        clientId: "c",
        event: { id: "e", name: "page_viewed", at: now.toISOString() },
      }).success,
    ).toBe(false);
    expect(PixelRequest.safeParse({ v: 2 }).success).toBe(false);
  });
});
