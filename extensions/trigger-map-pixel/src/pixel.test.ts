// The pixel against a stand-in of Shopify's pixel API: each tracked event becomes one body the
// app's endpoint accepts (validated with the app's own schema), carrying only the facts it uses.
import { describe, expect, it } from "vitest";
import { PixelRequest } from "../../../app/events/pixel";
import { TRACKED, trackEvents, type PixelBody } from "./pixel";

type Callback = (event: unknown) => void;

function pixelApi(settings: Record<string, unknown>) {
  const subscribers = new Map<string, Callback>();
  const api = {
    settings,
    analytics: {
      subscribe: (name: string, callback: Callback) => (
        subscribers.set(name, callback),
        () => true
      ),
    },
    init: {
      data: {
        shop: { myshopifyDomain: "demo.myshopify.com" },
        customer: { id: "7001" },
        cart: { id: "gid://shopify/Cart/c1-abc123?key=secret" },
      },
    },
  };
  let seq = 0;
  const emit = (name: string, data: unknown = {}) =>
    subscribers.get(name)?.({
      id: `evt-${++seq}`,
      name,
      clientId: "client-42",
      timestamp: "2026-11-23T10:00:00.000Z",
      data,
      context: {
        document: {
          location: { href: "https://demo.myshopify.com/products/linen-shirt" },
        },
      },
    });
  const cookies: string[] = [];
  Object.assign(api, {
    browser: {
      cookie: { set: async (value: string) => void cookies.push(value) },
    },
  });
  return {
    api: api as unknown as Parameters<typeof trackEvents>[0],
    subscribers,
    emit,
    cookies,
  };
}

const checkout = {
  checkout: {
    token: "co-9",
    email: "ann@example.com",
    totalPrice: { amount: 80, currencyCode: "USD" },
    order: { id: "5", customer: { id: "7001" } },
  },
};

describe("web pixel", () => {
  it("posts every tracked event in the shape the app's endpoint accepts", () => {
    const sent: { url: string; body: PixelBody }[] = [];
    const { api, subscribers, emit } = pixelApi({
      ingestUrl: "https://app.example/pixel",
    });
    trackEvents(api, (url, body) =>
      sent.push({ url, body: JSON.parse(body) as PixelBody }),
    );
    expect([...subscribers.keys()]).toEqual([...TRACKED]);

    emit("page_viewed");
    emit("product_viewed", {
      productVariant: { id: "v1", product: { id: "p1", title: "Linen shirt" } },
    });
    emit("collection_viewed", { collection: { id: "c1", title: "Shirts" } });
    emit("search_submitted", { searchResult: { query: "linen" } });
    emit("product_added_to_cart", {
      cartLine: {
        quantity: 1,
        merchandise: { id: "v1", product: { id: "p1", title: "Linen shirt" } },
      },
    });
    emit("cart_viewed", {
      cart: {
        id: "gid://shopify/Cart/c1-abc123?key=secret",
        cost: { totalAmount: { amount: 49, currencyCode: "USD" } },
      },
    });
    emit("checkout_started", checkout);
    emit("checkout_completed", checkout);

    expect(sent).toHaveLength(8);
    for (const { url, body } of sent) {
      expect(url).toBe("https://app.example/pixel");
      expect(PixelRequest.safeParse(body).error).toBeUndefined();
    }
    expect(sent[1].body.event).toMatchObject({
      name: "product_viewed",
      productId: "p1",
      title: "Linen shirt",
      cartToken: "gid://shopify/Cart/c1-abc123?key=secret",
    });
    expect(sent[3].body.event).toMatchObject({ query: "linen" });
    expect(sent[7].body).toMatchObject({
      shop: "demo.myshopify.com",
      clientId: "client-42",
      event: {
        name: "checkout_completed",
        checkoutToken: "co-9",
        cartTotal: 80,
      },
    });
    // Personal data stays in the browser: the app learns it from Shopify's webhooks.
    expect(JSON.stringify(sent)).not.toMatch(/ann@example\.com|7001/);
  });

  it("stays silent until the app has set where to post", () => {
    const { api, subscribers } = pixelApi({});
    trackEvents(api, () => {
      throw new Error("must not send");
    });
    expect(subscribers.size).toBe(0);
  });

  it("marks the browser when a checkout starts (queued help) and when it completes (the theme's thank-you)", () => {
    const { api, emit, cookies } = pixelApi({
      ingestUrl: "https://app.example/pixel",
    });
    trackEvents(api, () => {});
    emit("checkout_started", checkout);
    // A started checkout: the store's next page asks for the help a scenario may queue (SA4).
    expect(cookies).toEqual([
      "trigger_map_pending=1; path=/; max-age=1800; samesite=lax",
    ]);
    emit("checkout_completed", checkout);
    expect(cookies.at(-1)).toBe(
      "trigger_map_ordered=1; path=/; max-age=86400; samesite=lax",
    );
  });
});
