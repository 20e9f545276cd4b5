// The double's demo storefront: theme pages with the theme app extension rendered as Shopify does
// (its JSON context, the metafield config set through metafieldsSet), the AJAX cart and its signed
// carts webhooks, and the switches (embeds, consent, customer login).
import { createHmac } from "node:crypto";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { normalizeWebhook } from "../../app/events/normalize";
import {
  CUSTOMER_COOKIE,
  SHOP_HEADER,
  startShopifyDouble,
  type ShopifyDouble,
} from "./server";
import {
  API_KEY,
  API_SECRET,
  SCOPES,
  SHOP,
  recordingApp,
  shopifyLibrary,
} from "./test-support";

let double: ShopifyDouble;
let app: Awaited<ReturnType<typeof recordingApp>>;

beforeAll(async () => {
  app = await recordingApp();
  double = await startShopifyDouble({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: app.url,
    scopes: SCOPES,
    apiVersion: "2026-10",
    shops: [SHOP],
  });
});
afterAll(async () => {
  expect(double.admin.invalidOperations).toEqual([]);
  await double?.close();
  await app?.close();
});
beforeEach(() => {
  double.storefront.cartWebhooks = true;
});

/** A browser's cookie jar, enough for one host. */
class Browser {
  readonly cookies = new Map<string, string>();
  async fetch(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size)
      headers.set(
        "cookie",
        [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      );
    const response = await fetch(`${double.url}${path}`, {
      redirect: "manual",
      ...init,
      headers,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair!.split("=");
      if (attributes.some((a) => /max-age=0$/i.test(a.trim())))
        this.cookies.delete(name!);
      else this.cookies.set(name!, value.join("="));
    }
    return response;
  }
  async page(path: string) {
    const response = await this.fetch(path);
    return { response, html: await response.text() };
  }
  postJson(path: string, body: unknown) {
    return this.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }
}

/** The popups embed's JSON context; throws when the first </script> does not close valid JSON. */
function embedContext(html: string, embed = "popups"): Record<string, unknown> {
  const start = html.indexOf(
    `<script type="application/json" data-trigger-map="${embed}">`,
  );
  if (start < 0) throw new Error(`no ${embed} embed on the page`);
  const open = html.indexOf(">", start) + 1;
  return JSON.parse(
    html.slice(open, html.indexOf("</script>", open)),
  ) as Record<string, unknown>;
}

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${double.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Access-Token": double.issueAccessToken(SHOP.domain),
      [SHOP_HEADER]: SHOP.domain,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: Record<string, unknown> };
}

async function setStorefrontConfig(config: unknown) {
  const installation = await graphql(`
    query AppInstallation {
      currentAppInstallation {
        id
      }
    }
  `);
  const ownerId = (installation.data.currentAppInstallation as { id: string })
    .id;
  const set = await graphql(
    `
      mutation SetConfig($metafields: [MetafieldsSetInput!]!) {
        metafieldsSet(metafields: $metafields) {
          userErrors {
            field
            message
          }
        }
      }
    `,
    {
      metafields: [
        {
          ownerId,
          namespace: "trigger_map",
          key: "storefront",
          type: "json",
          value: JSON.stringify(config),
        },
      ],
    },
  );
  expect(set.data.metafieldsSet).toEqual({ userErrors: [] });
}

const cartWebhooks = () =>
  app.received.filter((r) => r.url === "/webhooks/carts");

describe("pages", () => {
  it("render every page type with the app embeds' JSON context before </body>", async () => {
    const browser = new Browser();
    const pages: [string, string][] = [
      ["/", "index"],
      ["/collections/all", "collection"],
      ["/products/linen-shirt", "product"],
      ["/cart", "cart"],
      ["/blogs/news", "blog"],
      ["/blogs/news/caring-for-linen", "article"],
      ["/pages/contact", "page"],
      ["/search?q=mug", "search"],
    ];
    for (const [path, pageType] of pages) {
      const { response, html } = await browser.page(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toBe(
        "text/html; charset=utf-8",
      );
      const context = embedContext(html);
      expect(context).toMatchObject({
        embed: "popups",
        page: pageType,
        path: path.split("?")[0],
        locale: "en",
        currency: SHOP.currencyCode,
        cart: { total: 0, count: 0 },
        config: null,
      });
      expect(context.settings).toEqual({
        accent: "#1f2937",
        background: "#ffffff",
        text: "#111111",
        position: "center",
        hideOn: null,
        mobile: true,
      });
      expect(embedContext(html, "chat")).toMatchObject({
        embed: "chat",
        page: pageType,
      });
      // App embeds (target "body") sit at the end of the body, after the theme's footer.
      expect(html.indexOf('data-trigger-map="popups"')).toBeGreaterThan(
        html.indexOf("</footer>"),
      );
      expect(html.trimEnd().endsWith("</body>\n</html>")).toBe(true);
    }
    const product = embedContext(
      (await browser.page("/products/canvas-tote")).html,
    );
    expect(product.product).toEqual({ id: 2, handle: "canvas-tote" });
    expect(String(product.ui)).toMatch(
      /^\/cdn\/extensions\/trigger-map-theme\/assets\/trigger-map-ui\.js\?v=\w+$/,
    );
  });

  it("put the signup app block in the home page's content, with its stylesheet and settings", async () => {
    const { html } = await new Browser().page("/");
    const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
    expect(main).toContain('class="trigger-map-signup"');
    expect(main).toContain(
      '<h2 class="trigger-map-signup__heading">Join our newsletter</h2>',
    );
    expect(main).toContain("Offers and news, now and then.");
    expect(embedContext(main, "form")).toMatchObject({
      embed: "form",
      settings: {},
      page: "index",
    });
    expect(html).toMatch(
      /<link rel="stylesheet" href="\/cdn\/extensions\/trigger-map-theme\/assets\/trigger-map-form\.css\?v=\w+">/,
    );
  });

  it("speak Russian under /ru (translations from the extension's locales)", async () => {
    const { html } = await new Browser().page("/ru/products/linen-shirt");
    expect(embedContext(html)).toMatchObject({
      locale: "ru",
      path: "/ru/products/linen-shirt",
      page: "product",
      strings: { close: "Закрыть" },
    });
  });

  it("inline the metafield config set through metafieldsSet; a script-closing text stays inside the JSON", async () => {
    const hostile = "</script><img src=x onerror=alert(1)>";
    await setStorefrontConfig({ rules: [{ id: "r1", heading: hostile }] });
    const { html } = await new Browser().page("/");
    expect(embedContext(html).config).toEqual({
      rules: [{ id: "r1", heading: hostile }],
    });
    expect(embedContext(html, "chat").config).toEqual({
      rules: [{ id: "r1", heading: hostile }],
    });
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("\\u003c/script>\\u003cimg src=x onerror=alert(1)>");
    await setStorefrontConfig(null);
  });

  it("leave out everything of the extension with ?embeds=0 or the shopify_double_embeds=0 cookie", async () => {
    const browser = new Browser();
    for (const path of ["/?embeds=0", "/products/linen-shirt?embeds=0"]) {
      const { html } = await browser.page(path);
      expect(html).not.toContain("data-trigger-map");
      expect(html).not.toContain("shopify-app-block");
      expect(html).not.toContain("trigger-map-form.css");
    }
    // The query switch is for that page only.
    expect((await browser.page("/")).html).toContain("data-trigger-map");
    browser.cookies.set("shopify_double_embeds", "0");
    expect((await browser.page("/")).html).not.toContain("data-trigger-map");
    expect((await browser.page("/?embeds=1")).html).toContain(
      "data-trigger-map",
    );
  });

  it("set Shopify's visitor cookie _shopify_y once", async () => {
    const browser = new Browser();
    await browser.page("/");
    const visitor = browser.cookies.get("_shopify_y");
    expect(visitor).toMatch(/^[0-9a-f-]{36}$/);
    const again = await browser.fetch("/collections/all");
    expect(
      again.headers.getSetCookie().some((c) => c.startsWith("_shopify_y=")),
    ).toBe(false);
  });

  it("serve the extension's assets with their content type, cached for good when versioned", async () => {
    const css = await fetch(
      `${double.url}/cdn/extensions/trigger-map-theme/assets/trigger-map-form.css?v=1`,
    );
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe(
      "public, max-age=31536000, immutable",
    );
    const plain = await fetch(
      `${double.url}/cdn/extensions/trigger-map-theme/assets/trigger-map-form.css`,
    );
    expect(plain.headers.get("cache-control")).toBe("no-cache");
    expect(
      (
        await fetch(
          `${double.url}/cdn/extensions/trigger-map-theme/assets/..%2Fshopify.extension.toml`,
        )
      ).status,
    ).toBe(404);
    const image = await fetch(`${double.url}/cdn/products/linen-shirt.svg`);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("keep the app proxy's priority for /apps/trigger-map", async () => {
    await fetch(`${double.url}/apps/trigger-map/sw.js`);
    expect(app.received.at(-1)!.url).toMatch(/^\/proxy\/sw\.js\?/);
  });
});

describe("cart (Shopify's AJAX API)", () => {
  it("adds, changes and clears, with carts/create then carts/update delivered signed to the app", async () => {
    const browser = new Browser();
    const before = cartWebhooks().length;
    const added = await browser.postJson("/cart/add.js", {
      id: 1,
      quantity: 2,
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({
      id: 1,
      variant_id: 1,
      product_id: 1,
      quantity: 2,
      price: 4900,
      line_price: 9800,
      handle: "linen-shirt",
    });
    const token = browser.cookies.get("cart")!;
    expect(token).toBeTruthy();

    // A theme's FormData post (multipart), as Dawn sends it.
    const form = new FormData();
    form.set("id", "3");
    form.set("quantity", "1");
    expect(
      (await browser.fetch("/cart/add.js", { method: "POST", body: form }))
        .status,
    ).toBe(200);

    const cart = (await (await browser.fetch("/cart.js")).json()) as Record<
      string,
      unknown
    >;
    expect(cart).toMatchObject({
      token,
      item_count: 3,
      total_price: 4900 * 2 + 1800,
      currency: SHOP.currencyCode,
    });

    const { html } = await browser.page("/cart");
    expect(embedContext(html)).toMatchObject({
      page: "cart",
      cart: { total: 11600, count: 3 },
    });

    await double.storefront.settled();
    const [create, update] = cartWebhooks().slice(before);
    expect(create!.headers["x-shopify-topic"]).toBe("carts/create");
    expect(update!.headers["x-shopify-topic"]).toBe("carts/update");
    expect(create!.headers["x-shopify-hmac-sha256"]).toBe(
      createHmac("sha256", API_SECRET)
        .update(create!.body, "utf8")
        .digest("base64"),
    );
    expect(
      await shopifyLibrary().webhooks.validate({
        rawBody: update!.body,
        rawRequest: update!.request,
      }),
    ).toMatchObject({
      valid: true,
      topic: "CARTS_UPDATE",
      domain: SHOP.domain,
    });
    const normalized = normalizeWebhook(
      "carts/update",
      JSON.parse(update!.body),
      new Date(),
    );
    expect(normalized).toMatchObject({
      ok: true,
      event: {
        type: "cart_updated",
        identity: { cartToken: token },
        cart: { kind: "CART", token, totalPrice: "116.00" },
      },
    });

    const changed = await browser.postJson("/cart/change.js", {
      line: 1,
      quantity: 0,
    });
    expect(await changed.json()).toMatchObject({
      item_count: 1,
      total_price: 1800,
    });
    expect(
      await (await browser.postJson("/cart/clear.js", {})).json(),
    ).toMatchObject({ item_count: 0, items: [] });
    // Clearing an empty cart changes nothing: no webhook.
    await browser.postJson("/cart/clear.js", {});
    await double.storefront.settled();
    expect(
      cartWebhooks()
        .slice(before)
        .map((r) => r.headers["x-shopify-topic"]),
    ).toEqual(["carts/create", "carts/update", "carts/update", "carts/update"]);
  });

  it("answers Shopify's errors and serves /products/<handle>.js", async () => {
    const browser = new Browser();
    const missing = await browser.postJson("/cart/add.js", {
      id: 999999,
      quantity: 1,
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      status: 404,
      message: "Cart Error",
      description: "Cannot find variant",
    });
    const product = (await (
      await browser.fetch("/products/ceramic-mug.js")
    ).json()) as Record<string, unknown>;
    expect(product).toMatchObject({
      id: 3,
      handle: "ceramic-mug",
      price: 1800,
      variants: [{ id: 3, price: 1800 }],
    });
  });

  it("works without JavaScript: the product form posts to /cart/add and lands on /cart", async () => {
    const browser = new Browser();
    const response = await browser.fetch("/cart/add", {
      method: "POST",
      body: new URLSearchParams({ id: "2", quantity: "1" }),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cart");
    expect((await browser.page("/cart")).html).toContain("Canvas tote");
  });

  it("sends no webhook when switched off", async () => {
    double.storefront.cartWebhooks = false;
    const before = cartWebhooks().length;
    await new Browser().postJson("/cart/add.js", { id: 1 });
    await double.storefront.settled();
    expect(cartWebhooks().length).toBe(before);
  });
});

describe("switches", () => {
  it("give the theme a form post for its add to cart, per shop or per browser (?add_to_cart=)", async () => {
    const ajaxScript = "/cart/add.js";
    const browser = new Browser();
    expect((await browser.page("/products/linen-shirt")).html).toContain(
      ajaxScript,
    );
    const form = (await browser.page("/products/linen-shirt?add_to_cart=form"))
      .html;
    expect(form).not.toContain(ajaxScript);
    expect(form).toContain('action="/cart/add"');
    expect(browser.cookies.get("shopify_double_add_to_cart")).toBe("form");
    expect((await browser.page("/products/linen-shirt")).html).not.toContain(
      ajaxScript,
    );

    double.storefront.addToCart = "form";
    try {
      expect(
        (await new Browser().page("/products/linen-shirt")).html,
      ).not.toContain(ajaxScript);
      expect(
        (await new Browser().page("/products/linen-shirt?add_to_cart=ajax"))
          .html,
      ).toContain(ajaxScript);
    } finally {
      double.storefront.addToCart = "ajax";
    }
  });

  it("run the app's web pixel only once the app made one (webPixelCreate): its sandbox page and its script built from the extension", async () => {
    expect((await new Browser().page("/")).html).not.toContain("/wpm/");
    const sandbox = await new Browser().page("/wpm/sandbox.html");
    expect(sandbox.html).toContain("shopify = {");
    expect(sandbox.html).toContain('"WebPixel::Render"');
    expect(sandbox.html).toContain('src="/wpm/trigger-map-pixel.js"');
    const script = await new Browser().fetch("/wpm/trigger-map-pixel.js");
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("WebPixel::Render");
  });

  it("logs a demo customer in: Liquid's customer and the app proxy's logged_in_customer_id agree", async () => {
    const browser = new Browser();
    const login = await browser.fetch("/account/login?customer_id=42");
    expect(login.status).toBe(302);
    expect(browser.cookies.get(CUSTOMER_COOKIE)).toBe("42");
    expect(embedContext((await browser.page("/")).html).customer).toEqual({
      id: 42,
      emailKnown: true,
      firstName: "Demo",
      orders: 0,
    });
    await browser.fetch("/apps/trigger-map/status");
    expect(
      new URL(app.received.at(-1)!.url, "http://app").searchParams.get(
        "logged_in_customer_id",
      ),
    ).toBe("42");
    await browser.fetch("/account/logout");
    expect(
      embedContext((await browser.page("/")).html).customer,
    ).toBeUndefined();
  });

  it("imitates a visitor who must consent first (?consent=required), until setTrackingConsent", async () => {
    const browser = new Browser();
    const { html } = await browser.page("/?consent=required");
    expect(browser.cookies.get("shopify_double_consent")).toBe("required");
    // Shopify sets no visitor token before consent.
    expect(browser.cookies.has("_shopify_y")).toBe(false);
    const page = runShopifyScript(html);
    expect(page.privacy.userCanBeTracked()).toBe(false);
    expect(page.privacy.analyticsProcessingAllowed()).toBe(false);
    expect(page.privacy.shouldShowBanner()).toBe(true);
    await new Promise<void>((resolve) =>
      page.privacy.setTrackingConsent(
        {
          analytics: true,
          marketing: true,
          preferences: true,
          sale_of_data: false,
        },
        resolve,
      ),
    );
    expect(page.privacy.userCanBeTracked()).toBe(true);
    expect(page.privacy.shouldShowBanner()).toBe(false);
    expect(page.events).toEqual(["visitorConsentCollected"]);
    // Measured from now on: the visitor token (the web pixel's clientId) is set at once.
    expect(page.cookies.get("_shopify_y")).toBe("visitor-token");

    // The decision cookie the script wrote is read by the next page.
    browser.cookies.set(
      "_tracking_consent",
      page.cookies.get("_tracking_consent")!,
    );
    const next = runShopifyScript((await browser.page("/")).html);
    expect([
      next.privacy.userCanBeTracked(),
      next.privacy.saleOfDataAllowed(),
      next.privacy.shouldShowBanner(),
    ]).toEqual([true, false, false]);
    expect(browser.cookies.has("_shopify_y")).toBe(true);

    const given = runShopifyScript(
      (await browser.page("/?consent=given")).html,
    );
    expect([
      given.privacy.userCanBeTracked(),
      given.privacy.shouldShowBanner(),
    ]).toEqual([true, false]);
    const features = await new Promise<unknown>((resolve) =>
      given.shopify.loadFeatures(
        [{ name: "consent-tracking-api", version: "0.1" }],
        resolve,
      ),
    );
    expect(features).toBeUndefined();
  });
});

type Privacy = Record<
  | "userCanBeTracked"
  | "analyticsProcessingAllowed"
  | "shouldShowBanner"
  | "saleOfDataAllowed",
  () => boolean
> & {
  setTrackingConsent(consent: unknown, callback: () => void): void;
};

/** Runs the page's inline window.Shopify script in a bare context. */
function runShopifyScript(html: string) {
  const script = /<script>(\(function \(\) \{[\s\S]*?)<\/script>/.exec(
    html,
  )![1]!;
  const events: string[] = [];
  // A cookie jar as document.cookie is: each assignment sets one cookie, reading gives them all.
  const jar = new Map<string, string>();
  const document = {
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    },
    set cookie(line: string) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    },
    dispatchEvent: (event: { type: string }) => events.push(event.type),
  };
  const window: {
    Shopify?: {
      customerPrivacy: Privacy;
      loadFeatures(features: unknown[], cb: (error?: unknown) => void): void;
    };
  } = {};
  runInNewContext(script, {
    window,
    document,
    setTimeout,
    crypto: { randomUUID: () => "visitor-token" },
    CustomEvent: class {
      constructor(readonly type: string) {}
    },
  });
  return {
    privacy: window.Shopify!.customerPrivacy,
    shopify: window.Shopify!,
    events,
    cookies: jar,
  };
}
