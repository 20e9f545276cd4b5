// The app's web pixel on the demo storefront, run as Shopify runs app pixels: built from the
// extension's sources, in a sandboxed iframe (an opaque origin: no reach into the page), given
// Shopify's standard events as the shopper browses, adds to the cart (the theme's AJAX call or a
// form post) and starts checkout; what it posts reaches the app's /pixel endpoint, and the cookie
// it sets through `browser.cookie` lands on the shop's domain.
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PixelBody } from "../../extensions/trigger-map-pixel/src/pixel";
import { PENDING_COOKIE } from "../../extensions/trigger-map-pixel/src/pixel";
import { startTestApp, type TestApp } from "../support/app";
import { launchChromium, type Browser } from "../support/browser";
import { installShop } from "../support/shop";

let t: TestApp;
let browser: Browser;
let store: string;

beforeAll(async () => {
  t = await startTestApp("sqlite");
  await installShop(t);
  t.double.storefront.webPixels = true;
  store = t.double.storefrontUrl.replace(/\/$/, "");
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

let page: Page;
let sent: { body: PixelBody; answered: Promise<number> }[];
beforeEach(async () => {
  await browser.context.clearCookies();
  page = await browser.context.newPage();
  sent = [];
  page.on("request", (request: Request) => {
    if (request.method() === "POST" && request.url() === `${t.app.url}/pixel`)
      sent.push({
        body: JSON.parse(request.postData()!) as PixelBody,
        answered: request.response().then((r) => r?.status() ?? 0),
      });
  });
  return async () => page.close();
});

/** The pixel's events so far, as "name path" (waits until `count` arrived). */
async function events(count: number): Promise<string[]> {
  await expect.poll(() => sent.length).toBeGreaterThanOrEqual(count);
  expect(await Promise.all(sent.map((s) => s.answered))).toEqual(
    sent.map(() => 204),
  );
  return sent.map(
    (s) => `${s.body.event.name} ${new URL(s.body.event.url!).pathname}`,
  );
}

describe("the app's web pixel on the demo storefront", () => {
  it("runs in a sandboxed iframe and hears page and product views and an AJAX add to the cart", async () => {
    await page.goto(`${store}/products/linen-shirt?add_to_cart=ajax`);
    const frame = page.locator('iframe[sandbox="allow-scripts"]');
    await frame.waitFor({ state: "attached" });
    expect(await events(2)).toEqual([
      "page_viewed /products/linen-shirt",
      "product_viewed /products/linen-shirt",
    ]);
    const pixelFrame = page.frames().find((f) => f.url().includes("/wpm/"))!;
    // An opaque origin: the page's cookies and storage are out of its reach.
    expect(await pixelFrame.evaluate(() => origin)).toBe("null");
    const visitor = (await browser.context.cookies(store)).find(
      (c) => c.name === "_shopify_y",
    )!.value;
    expect(sent[0]!.body).toMatchObject({
      v: 1,
      shop: t.shop,
      clientId: visitor,
    });
    expect(sent[1]!.body.event).toMatchObject({
      productId: "1",
      title: "Linen shirt",
    });

    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added to your cart.").waitFor();
    expect((await events(3))[2]).toBe(
      "product_added_to_cart /products/linen-shirt",
    );
    expect(sent[2]!.body.event).toMatchObject({
      productId: "1",
      title: "Linen shirt",
    });
  });

  it("hears a form post's add on the cart page it lands on, the cart viewed, and checkout started; its cookie lands on the shop", async () => {
    await page.goto(`${store}/products/wool-beanie?add_to_cart=form`);
    await events(2);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("heading", { name: "Your cart" }).waitFor();
    const cart = (await browser.context.cookies(store)).find(
      (c) => c.name === "cart",
    )!.value;
    expect((await events(5)).slice(2)).toEqual([
      "page_viewed /cart",
      "cart_viewed /cart",
      "product_added_to_cart /cart",
    ]);
    expect(sent[3]!.body.event).toMatchObject({
      cartToken: `gid://shopify/Cart/${cart}`,
    });
    expect(sent[4]!.body.event).toMatchObject({ title: "Wool beanie" });

    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByRole("heading", { name: "Checkout" }).waitFor();
    expect((await events(7)).slice(5)).toEqual([
      "page_viewed /checkout",
      "checkout_started /checkout",
    ]);
    expect(sent[6]!.body.event).toMatchObject({ checkoutToken: `co-${cart}` });
    await expect
      .poll(async () =>
        (await browser.context.cookies(store)).some(
          (c) => c.name === PENDING_COOKIE,
        ),
      )
      .toBe(true);
  });

  it("stays off without the visitor's consent to analytics and marketing, and starts once given", async () => {
    await page.goto(`${store}/pages/contact?consent=required`);
    await page.locator("h1").waitFor();
    expect(await page.locator("iframe[sandbox]").count()).toBe(0);
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          (
            window as unknown as {
              Shopify: {
                customerPrivacy: {
                  setTrackingConsent(c: object, done: () => void): void;
                };
              };
            }
          ).Shopify.customerPrivacy.setTrackingConsent(
            {
              analytics: true,
              marketing: true,
              preferences: true,
              sale_of_data: true,
            },
            resolve,
          ),
        ),
    );
    expect(await events(1)).toEqual(["page_viewed /pages/contact"]);
  });
});
