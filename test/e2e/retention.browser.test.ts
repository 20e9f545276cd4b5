// Retention paths (RE1-RE4, RE3's order-status parts) end to end, each in a sandbox of its own: a Chromium shopper buys on
// the demo storefront (the AJAX cart, Shopify's checkout as the pixel's checkout_completed and the
// signed orders/create webhook from the double), the app's worker clock moves over the days after
// the order, and each message is checked where a person sees it: the popup in the page's shadow
// root, the email at the shop's SMTP server, the push at the local push service; then the
// scenario's counters on the admin's Analytics page. Shipping and the carrier's statuses are the
// double's signed fulfillments webhooks (`ships`).
//
// Stand-ins, and why: Shopify's checkout pages and its web-pixel sandbox are not part of the demo
// storefront, so the order is Shopify's signed webhook and the pixel's checkout_completed goes
// through the app's real pixel code from a stand-in host (`pixelEvent`), which also sets the
// pixel's "ordered" cookie in the shopper's browser as Shopify's host would.
// RE2's popular products come from the Admin API with images on the shop's own domain, out of
// reach in the sandbox (the double serves the storefront on its own origin): they show without
// pictures, so titles and prices are checked.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  alsoOn,
  analyticsRow,
  DAY,
  dialog,
  mailArrives,
  mailTo,
  newShopper,
  only,
  orderOf,
  passes,
  pixelEvent,
  pushesTo,
  allowPush,
  sandboxPerPath,
  ships,
  shot,
  unsubscribeHeader,
  webhook,
  type E2e,
} from "../support/e2e";
import { customerBody, type Person } from "../support/shopify-payloads";

/** The shopper buys what is in the cart: Shopify's checkout completes (the pixel), then its orders/create webhook. */
async function buys(
  e: E2e,
  page: Page,
  handle: string,
  person: Person,
  consent: "subscribed" | "not_subscribed" = "subscribed",
) {
  const cart = await addToCart(e, page, handle);
  await webhook(
    e,
    "customers/create",
    customerBody({ ...person, consent }, e.worker.now()),
  );
  await pixelEvent(
    e,
    "checkout_completed",
    { checkout: { token: `co-${cart}`, totalPrice: { amount: 1 } } },
    "/checkouts/cn/1/thank-you",
  );
  const order = orderOf(e, cart, person, { checkoutToken: `co-${cart}` });
  await webhook(e, "orders/create", order);
  return { cart, order };
}

describe("RE1: a buyer is thanked on the page and told what happens next, with no order confirmation (Shopify sends that)", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());
  let re1: string;
  const eva = {
    customerId: 6101,
    email: "eva.re1@example.com",
    firstName: "Eva",
  };

  it(
    "shows the thank-you on the buyer's next page",
    { timeout: 180_000 },
    async () => {
      re1 = await only(e, "RE1");
      page = await newShopper(e, { clock: true });
      await buys(e, page, "ceramic-mug", eva);
      await page.goto(`${e.store}/`);
      await dialog(page)
        .getByText(/^Thank you for your order, .+!$/)
        .waitFor();
      await shot(page, "RE1");
    },
  );

  // The page's report of the thank-you marks the first run's pending popup shown instead of
  // starting a second run (one launch).
  it(
    "emails what happens next, once, never an order confirmation, and counts one launch",
    { timeout: 180_000 },
    async () => {
      const [next] = await mailArrives(e, eva.email, 1);
      expect(next?.subject).toBe("Thank you, Eva! Here's what happens next");
      expect(next?.text).toContain("when it ships");
      expect(`${next?.subject} ${next?.text}`).not.toMatch(/confirm/i);
      expect(mailTo(e, eva.email)).toHaveLength(1);
      // Marketing now (tips and products): it carries the unsubscribe link.
      expect(unsubscribeHeader(next!)).toMatch(
        /\/apps\/trigger-map\/unsubscribe\?/,
      );
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsRow(e, re1, "RE1")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
        failed: 0,
      });
    },
  );
});

describe("RE2: a buyer sees popular products, and a bonus for the next order a day later", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());

  it(
    "shows popular products after the order, emails a bonus code a day later; the next order with it is credited",
    { timeout: 180_000 },
    async () => {
      const re2 = await only(e, "RE2");
      page = await newShopper(e, { clock: true });
      const fay = {
        customerId: 6201,
        email: "fay.re2@example.com",
        firstName: "Fay",
      };
      await buys(e, page, "scented-candle", fay);
      await page.goto(`${e.store}/collections/all`);
      await page.clock.fastForward(30_000);
      await dialog(page).getByText("Others also love these").waitFor();
      // The shop's popular products, with their prices.
      await dialog(page).getByText("Leather notebook").waitFor();
      expect(await dialog(page).getByText("$32.00").count()).toBe(1);
      await shot(page, "RE2");

      await passes(e, 30_000);
      await passes(e, DAY);
      const [bonus] = mailTo(e, fay.email);
      expect(bonus?.subject).toBe("Thanks — here's a bonus");
      const code = /A bonus for your next order: (TM-[A-Z2-9]+)/.exec(
        bonus?.text ?? "",
      )?.[1];
      expect(code, bonus?.text).toBeTruthy();
      expect(unsubscribeHeader(bonus!)).toMatch(
        /\/apps\/trigger-map\/unsubscribe\?/,
      );

      await webhook(
        e,
        "orders/create",
        orderOf(e, undefined, fay, { discountCodes: [code!] }),
      );
      expect(await e.worker.failures()).toEqual([]);
      // The second order is a launch of its own (RE2 starts on every order): its popular products
      // wait for a browser, its bonus a day.
      expect(await analyticsRow(e, re2, "RE2")).toMatchObject({
        launches: 2,
        allStepsDone: 1,
        conversions: 1,
        revenue: "$80.00",
      });
    },
  );
});

describe("RE3: a returning buyer is offered order-status notifications", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());

  it(
    "offers notifications on the next visit after an order; allowed, the subscription works at the push service",
    { timeout: 180_000 },
    async () => {
      const re3 = await only(e, "RE3", { delaySeconds: 1 });
      page = await newShopper(e, { clock: true });
      const subscription = await allowPush(e, page);
      const gus = {
        customerId: 6301,
        email: "gus.re3@example.com",
        firstName: "Gus",
      };
      await buys(e, page, "leather-notebook", gus, "not_subscribed");
      // Back two hours later: a returning visit.
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
      await page.goto(`${e.store}/`);
      await page.clock.fastForward(1_000);
      await dialog(page)
        .getByText("Follow your order: get status updates as notifications")
        .waitFor();
      await shot(page, "RE3");
      await dialog(page)
        .getByRole("button", { name: "Allow notifications" })
        .click();
      await dialog(page).waitFor({ state: "detached" });
      await expect
        .poll(() =>
          e.database.db.pushSubscription.count({
            where: { endpoint: subscription.endpoint },
          }),
        )
        .toBe(1);
      await e.worker.drain();
      expect(await analyticsRow(e, re3, "RE3")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
      });

      // The same buyer, no marketing email consent, orders again with RE2 on: its bonus comes as a push.
      await only(e, "RE2");
      const second = orderOf(e, undefined, gus);
      await webhook(e, "orders/create", second);
      await passes(e, 30_000);
      await passes(e, DAY);
      expect(mailTo(e, gus.email)).toEqual([]);
      const [push] = pushesTo(e, subscription.endpoint);
      expect(push?.title).toBe("Thanks — here's a bonus");
      expect(push?.body).toMatch(
        /^A bonus for your next order: TM-[A-Z2-9]{10}$/,
      );

      // The order ships, then the carrier reports it out for delivery and delivered: a push each,
      // transactional (no email consent needed), the first with the carrier's tracking page.
      const shipped = await alsoOn(e, "RE3-shipped");
      await alsoOn(e, "RE3-out-for-delivery");
      await alsoOn(e, "RE3-delivered");
      const parcel = await ships(e, second);
      await ships(e, second, "in_transit");
      await ships(e, second, "out_for_delivery");
      await ships(e, second, "delivered");
      expect(
        pushesTo(e, subscription.endpoint)
          .slice(1)
          .map((p) => [p.title, p.body, p.url]),
      ).toEqual([
        [
          "Your order has shipped",
          "It's on its way. Tap to follow the parcel.",
          parcel.tracking_url,
        ],
        [
          "Your order is out for delivery",
          "It should arrive today.",
          parcel.tracking_url,
        ],
        ["Your order has been delivered", "We hope you love it, Gus!", "/"],
      ]);
      expect(mailTo(e, gus.email)).toEqual([]);
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsRow(e, shipped, "RE3-shipped")).toMatchObject({
        launches: 1,
        allStepsDone: 1,
      });
    },
  );
});

describe("RE4: a buyer is asked for a review days after the order arrives", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));
  let page: Page;
  afterAll(() => page?.close());

  it(
    "starts when the order ships, emails three days after the carrier's delivered status, linking the product",
    { timeout: 180_000 },
    async () => {
      const re4 = await only(e, "RE4");
      page = await newShopper(e, { clock: true });
      const hal = {
        customerId: 6401,
        email: "hal.re4@example.com",
        firstName: "Hal",
      };
      const { order } = await buys(e, page, "canvas-tote", hal);
      await passes(e, 6 * DAY);
      // Placed six days ago, not shipped: nothing.
      expect(mailTo(e, hal.email)).toEqual([]);
      await ships(e, order);
      await passes(e, 4 * DAY);
      expect(mailTo(e, hal.email)).toEqual([]);
      await ships(e, order, "delivered");
      await passes(e, 2 * DAY);
      expect(mailTo(e, hal.email)).toEqual([]);
      await passes(e, DAY);
      const [review] = mailTo(e, hal.email);
      expect(review?.text).toContain("Hal, how do you like your order?");
      expect(review?.text).toMatch(/Leave a review/);
      // The button goes (through the click redirect) to the product the parcel carried.
      expect(decodeURIComponent(review!.text!)).toContain(
        "/products/canvas-tote",
      );
      expect(unsubscribeHeader(review!)).toMatch(
        /\/apps\/trigger-map\/unsubscribe\?/,
      );
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsRow(e, re4, "RE4")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
      });
    },
  );
});
