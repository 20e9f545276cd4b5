// Sales paths (SA1-SA5) end to end, each in a sandbox of its own: a Chromium shopper on the demo
// storefront, Shopify's signed webhooks from the double, the app's worker clock moved over waits
// of days, and each message checked where a person sees it (the page's shadow root, the SMTP
// server's mailbox, the push service), then the scenario's counters on the admin's Analytics page.
//
// What is not driven by the browser alone, and why:
// - The shopper's standard events (added to cart, checkout started, product viewed) go through the
//   app's real pixel code from a stand-in host (test/support/e2e.ts, `pixelEvent`), stamped with
//   the worker's clock, which these paths move by days. The demo storefront runs the pixel too, as
//   Shopify does (off in tests unless switched on: the SA3 on-site path does).
// - SA4: its chat and save-cart popup come after a server wait (checkout started happens on
//   Shopify's checkout, where the theme's runtime does not run); the pixel marks the browser (a
//   cookie, here set by the stand-in host as Shopify's would) and the store's next page asks for them.
// - Pushes: SA3's reminder goes first by push, but only to a shopper already subscribed, which
//   takes another scenario's opt-in; with one template active at a time, its shoppers get it by
//   email. SA1's opt-in stores the page's subscription; a push received and decrypted at the push
//   service is checked in retention.browser.test.ts (RE3, then RE2's bonus).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  analyticsRow,
  chat,
  leaveThroughTop,
  pixelEvent,
  pixelProduct,
  allowPush,
  checkoutOf,
  DAY,
  dialog,
  mailArrives,
  mailTo,
  MINUTE,
  newShopper,
  only,
  orderOf,
  passes,
  sandboxPerPath,
  shot,
  unsubscribeHeader,
  webhook,
  type E2e,
} from "../support/e2e";
import { customerBody } from "../support/shopify-payloads";

/** A new visit by the same browser, two hours later (the runtime's visit memory moved back). */
async function comeBackLater(page: Page): Promise<void> {
  await page.evaluate(() => {
    const memory = JSON.parse(localStorage.getItem("trigger-map")!) as {
      last: number;
      start: number;
    };
    localStorage.setItem(
      "trigger-map",
      JSON.stringify({
        ...memory,
        last: Date.now() - 7_200_000,
        start: Date.now() - 7_200_000,
      }),
    );
    sessionStorage.clear();
  });
}

describe("SA1: a returning shopper is welcomed back with what they viewed and a code, then asked for notifications", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());

  it(
    "shows the viewed product with a code, then the push opt-in; the order with the code is credited",
    { timeout: 180_000 },
    async () => {
      const sa1 = await only(e, "SA1", { delaySeconds: 1 });
      page = await newShopper(e, { clock: true });
      const subscription = await allowPush(e, page);
      await page.goto(`${e.store}/products/wool-beanie`);
      await page.waitForFunction(() =>
        localStorage.getItem("trigger-map")?.includes("wool-beanie"),
      );
      await comeBackLater(page);
      await page.goto(`${e.store}/`);
      await page.clock.fastForward(1_000);
      await dialog(page)
        .getByRole("link", { name: /Wool beanie/ })
        .waitFor();
      const code = (await dialog(page).locator("output").textContent())!;
      expect(await dialog(page).locator("p").first().textContent()).toBe(
        `Still thinking it over? Your picks, with ${code} off`,
      );
      expect(
        await dialog(page)
          .getByRole("link", { name: "See this week's offers" })
          .getAttribute("href"),
      ).toMatch(/\/collections\/all$/);
      await shot(page, "SA1");
      await dialog(page).getByRole("button", { name: "Close" }).click();

      // The server runs SA1 on from the popup: the opt-in waits for the shopper's next page.
      await e.worker.drain();
      await page.goto(`${e.store}/collections/all`);
      await dialog(page)
        .getByText("Hear about promotions and new arrivals first")
        .waitFor();
      await shot(page, "SA1-push");
      await dialog(page)
        .getByRole("button", { name: "Allow notifications" })
        .click();
      await expect
        .poll(() =>
          e.database.db.pushSubscription.count({
            where: { endpoint: subscription.endpoint },
          }),
        )
        .toBe(1);

      await webhook(
        e,
        "orders/create",
        orderOf(
          e,
          undefined,
          { email: "bo.sa1@example.com" },
          { discountCodes: [code] },
        ),
      );
      expect(await analyticsRow(e, sa1, "SA1")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
        conversions: 1,
        revenue: "$80.00",
      });
    },
  );
});

describe("SA2: a cart below the threshold shows how much more unlocks the discount", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());

  it(
    "shows the amount left on the cart page and follows the cart as it grows",
    { timeout: 180_000 },
    async () => {
      const sa2 = await only(e, "SA2", { threshold: 100, delaySeconds: 1 });
      page = await newShopper(e, { clock: true });
      await addToCart(e, page, "ceramic-mug");
      await page.goto(`${e.store}/cart`);
      await page.clock.fastForward(1_000);
      await dialog(page)
        .getByText("Orders from 100 get 10% off — you're almost there")
        .waitFor();
      await dialog(page)
        .getByText("Add $82.00 more to unlock the discount")
        .waitFor();
      await shot(page, "SA2");
      // The theme's own AJAX call adds three more: the popup follows the cart.
      await page.evaluate(() =>
        fetch("/cart/add.js", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ items: [{ id: 5, quantity: 3 }] }),
        }).then((r) => r.json()),
      );
      await dialog(page).getByText("Discount unlocked!").waitFor();
      await e.worker.drain();
      expect(await analyticsRow(e, sa2, "SA2")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
        conversions: 0,
      });
    },
  );
});

describe("SA3: shoppers leave carts and are brought back, on site, by email, then with a code", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  type Shopper = { customerId: number; email: string; firstName: string };

  /** A subscribed customer adds to the cart and starts checkout; a minute later (the shopper's clock) the cart on site. */
  async function leaveCart(
    handle: string,
    productId: number,
    title: string,
    person: Shopper,
  ): Promise<string> {
    const page = await newShopper(e, { clock: true });
    const cart = await addToCart(e, page, handle);
    await pixelEvent(
      e,
      "product_added_to_cart",
      {
        cartLine: {
          quantity: 1,
          merchandise: { product: pixelProduct(productId, title) },
        },
      },
      `/products/${handle}`,
    );
    await webhook(
      e,
      "customers/create",
      customerBody({ ...person, consent: "subscribed" }, e.worker.now()),
    );
    await webhook(e, "checkouts/create", checkoutOf(e, cart, person));
    await page.clock.fastForward(MINUTE);
    await dialog(page)
      .getByText("Your cart is saved. Need help with your order?")
      .waitFor();
    await dialog(page).getByText(title).waitFor();
    await shot(page, `SA3-${person.firstName}`);
    await page.close();
    return cart;
  }

  /** The recovery email, once the page's "shown" report (which moves the run on) has reached the app. */
  async function expectRecoveryEmail(person: Shopper, title: string) {
    const [recovery] = await mailArrives(e, person.email, 1);
    expect(recovery?.subject).toBe("You left something behind");
    expect(recovery?.text).toContain(
      `${person.firstName}, your cart is waiting`,
    );
    expect(recovery?.text).toMatch(
      new RegExp(`Your cart\\n- ${title} × 1 — \\$`),
    );
    expect(unsubscribeHeader(recovery!)).toMatch(
      /<https:\/\/trigger-map-demo\.myshopify\.com\/apps\/trigger-map\/unsubscribe\?d=[^&]+&a=[^&]+(&l=[a-z]+)?&s=[^>]+>/,
    );
  }

  it(
    "shows the saved cart on site, emails it an hour later, reminds with a code three days later unless the shopper ordered; the order with the code is credited",
    { timeout: 240_000 },
    async () => {
      const sa3 = await only(e, "SA3");
      const ann = {
        customerId: 5301,
        email: "ann.sa3@example.com",
        firstName: "Ann",
      };
      const bea = {
        customerId: 5302,
        email: "bea.sa3@example.com",
        firstName: "Bea",
      };
      const annCart = await leaveCart("linen-shirt", 1, "Linen shirt", ann);
      const beaCart = await leaveCart("wool-beanie", 4, "Wool beanie", bea);
      await passes(e, MINUTE);
      await passes(e, 60 * MINUTE);
      await expectRecoveryEmail(ann, "Linen shirt");
      await expectRecoveryEmail(bea, "Wool beanie");

      // Bea orders: her scenario's goal. Three days later only Ann is reminded, with a code.
      await webhook(
        e,
        "orders/create",
        orderOf(e, beaCart, bea, { checkoutToken: `co-${beaCart}` }),
      );
      await passes(e, 3 * DAY);
      expect(mailTo(e, bea.email)).toHaveLength(1);
      const reminder = mailTo(e, ann.email)[1];
      expect(reminder?.subject).toBe("A code for your cart");
      const code = /complete your order with (TM-[A-Z2-9]+)/.exec(
        reminder?.text ?? "",
      )?.[1];
      expect(code, reminder?.text).toBeTruthy();
      expect(e.double.admin.discounts(e.shop).map((d) => d.code)).toContain(
        code,
      );

      await webhook(
        e,
        "orders/create",
        orderOf(e, annCart, ann, {
          discountCodes: [code!],
          checkoutToken: `co-${annCart}`,
        }),
      );
      await passes(e, 7 * DAY);
      expect(mailTo(e, ann.email)).toHaveLength(2);
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsRow(e, sa3, "SA3")).toMatchObject({
        launches: 2,
        inProgress: 0,
        goalReached: 1,
        allStepsDone: 1,
        conversions: 1,
        revenue: "$49.00",
      });
    },
  );
});

// Issue 17: the on-site wait was a timer on the page where the cart grew, and an add to the cart
// was seen only as the theme's AJAX call. A shopper moves on within the minute; many themes post a
// form to /cart/add and land on /cart.
describe("SA3 on site: the saved cart reaches a shopper who moved on within its minute, however the theme adds to the cart", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => {
    e = sandbox();
    // As on a real shop, the app's pixel hears the add (however the theme does it) and the app
    // starts the scenario's run, which the page's report of the message moves on.
    e.double.storefront.webPixels = true;
  });

  for (const theme of ["ajax", "form"] as const)
    it(`with the theme's ${theme === "ajax" ? "AJAX add to cart" : "form post to /cart/add"}: shown on the page the shopper is on when the minute is up, once`, async () => {
      const sa3 = await only(e, "SA3");
      const runs = () =>
        e.database.db.scenarioRun.count({ where: { scenarioId: sa3 } });
      const before = await runs();
      const page = await newShopper(e, { clock: true });
      await page.goto(`${e.store}/products/linen-shirt?add_to_cart=${theme}`);
      await page.getByRole("button", { name: "Add to cart" }).click();
      if (theme === "ajax")
        await page.getByText("Added to your cart.").waitFor();
      else await page.getByRole("heading", { name: "Your cart" }).waitFor();
      await page.goto(`${e.store}/blogs/news`);
      await page.waitForFunction(() => window.__triggerMap);
      await page.clock.fastForward(MINUTE);
      await dialog(page)
        .getByText("Your cart is saved. Need help with your order?")
        .waitFor();
      await dialog(page).getByText("Linen shirt").waitFor();
      await shot(page, `SA3-next-page-${theme}`);

      // One add, one message: not again on the next page.
      await page.keyboard.press("Escape");
      await page.goto(`${e.store}/collections/all`);
      await page.waitForFunction(() => window.__triggerMap);
      await page.clock.fastForward(2 * MINUTE);
      await page.getByRole("heading", { name: "All products" }).waitFor();
      expect(await dialog(page).count()).toBe(0);
      await page.close();
      await e.worker.drain(MINUTE);
      expect(await runs()).toBe(before + 1);
    });
});

describe("SA4: a stalled checkout gets help in the chat and a way to save the cart", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());

  it(
    "shows help in the chat and the save-cart form on the store's next page a minute after checkout starts",
    { timeout: 180_000 },
    async () => {
      const sa4 = await only(e, "SA4");
      page = await newShopper(e, { clock: true });
      const cart = await addToCart(e, page, "leather-notebook");
      // Shopify's checkout (its own domain) starts: the pixel's event and the signed webhook, no email yet.
      await pixelEvent(
        e,
        "checkout_started",
        { checkout: { token: `co-${cart}`, totalPrice: { amount: 32 } } },
        "/checkouts/cn/1",
      );
      await webhook(e, "checkouts/create", checkoutOf(e, cart, {}));
      await passes(e, MINUTE);
      // Back on the store (the pixel marked the started checkout): the next page asks for what the
      // scenario queued and shows the chat's help and the save-cart form.
      await page.goto(`${e.store}/cart`);
      await chat(page)
        .getByText("Trouble with checkout? We're here to help.")
        .waitFor({ timeout: 20_000 });
      await dialog(page)
        .getByText("Save your cart to your email and finish later")
        .waitFor({ timeout: 20_000 });
      await shot(page, "SA4");
      // Shopify's checkout learns the email; then the order.
      await webhook(e, "checkouts/update", {
        ...checkoutOf(e, cart, { email: "cy.sa4@example.com" }),
        updated_at: e.worker.now().toISOString(),
      });
      await webhook(
        e,
        "orders/create",
        orderOf(
          e,
          cart,
          { email: "cy.sa4@example.com" },
          { checkoutToken: `co-${cart}` },
        ),
      );
      // The run was done once its last message was queued; the order used no code of its and clicked nothing: no credit.
      expect(await analyticsRow(e, sa4, "SA4")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
        conversions: 0,
      });
    },
  );
});

describe("SA5: a browser leaving with an empty cart gets the products they viewed by email, and again days later", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());

  it(
    "offers to email the viewed products as the pointer leaves, sends them, and again three days later",
    { timeout: 180_000 },
    async () => {
      const sa5 = await only(e, "SA5");
      page = await newShopper(e, { clock: true });
      await page.goto(`${e.store}/products/scented-candle`);
      await pixelEvent(
        e,
        "product_viewed",
        { productVariant: { product: pixelProduct(6, "Scented candle") } },
        "/products/scented-candle",
      );
      await leaveThroughTop(page);
      await page.clock.fastForward(30_000);
      await dialog(page).getByText("Send these products to my email").waitFor();
      await shot(page, "SA5");
      await dialog(page).getByLabel("Email").fill("di.sa5@example.com");
      await dialog(page).getByRole("button", { name: "Get my code" }).click();
      await dialog(page)
        .getByText(/Thank you/)
        .waitFor();
      await e.worker.drain();

      const [first] = mailTo(e, "di.sa5@example.com");
      // No title: the subject is the shop's name, the message its first line.
      expect(first?.subject).toBe("Trigger Map Demo Store");
      expect(first?.text).toContain("The products you looked at");
      expect(first?.text).toContain("Scented candle");
      expect(unsubscribeHeader(first!)).toMatch(
        /\/apps\/trigger-map\/unsubscribe\?/,
      );
      await passes(e, 3 * DAY);
      const again = mailTo(e, "di.sa5@example.com")[1];
      expect(again?.text).toMatch(/still interested\?/);
      expect(again?.text).toContain("Scented candle");
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsRow(e, sa5, "SA5")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
      });
    },
  );
});
