// Win-back (WB1, WB2) end to end: a real Chromium shopper becomes known on the demo storefront
// (the theme's signup form, a push opt-in, an order through Shopify's signed orders/create
// webhook), the worker's clock moves on by days, and each message is checked where a person sees
// it — the push at the local push service, the emails at the shop's SMTP server — and the
// scenario's figures on the merchant's analytics page.
//
// What the sandbox cannot drive: the demo storefront hosts no Shopify web pixel, whose page views
// record a contact's visits; so the shopper's last visit is written as the pixel's event would
// write it (`visitedNow`). From there on everything is the app's: the worker's hourly win-back pass
// (app/runs/inactivity.server.ts) finds the silence on the moved clock and starts the scenario,
// then the run, the channel cascade, the waits of days, the sending, the analytics. WB2's silence
// starts at a real order (Shopify's signed orders/create webhook).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleInactivity } from "../../app/runs/inactivity.server";
import {
  allowPush,
  analyticsCells,
  DAY,
  dialog,
  mailTo,
  newShopper,
  only,
  passes,
  placeOrder,
  shot,
  startE2e,
  unsubscribeHeader,
  type E2e,
} from "../support/e2e";

let e: E2e;
beforeAll(async () => void (e = await startE2e()), 180_000);
afterAll(() => e?.stop());

/** The theme's signup form (the app block): the shopper's email into Shopify with consent. */
async function signUp(page: Page, email: string) {
  await page.goto(`${e.store}/`);
  const form = page.locator("[data-trigger-map-form] form");
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button").click();
  await form.getByText("Thank you! Check your inbox.").waitFor();
}

/** The visit Shopify's pixel would report (see the header): the contact's last visit, on the worker's clock. */
async function visitedNow(email: string) {
  await e.database.db.contact.updateMany({
    where: { shopId: e.shopId, email },
    data: { lastVisitAt: e.worker.now(), visitCount: { increment: 1 } },
  });
}

/** The worker's hourly win-back pass, on its clock. */
async function winBackPass() {
  await scheduleInactivity(e.worker.queue, e.worker.now());
  await e.worker.drain(60_000);
}

describe("WB1: a subscriber who stopped visiting is missed, offered bonuses, then a personal code", () => {
  it(
    "pushes the promotion after a week away, emails bonuses a week later and a code three days after",
    { timeout: 240_000 },
    async () => {
      // Earlier: the shopper signed up, and allowed notifications when RE3 asked them after an order.
      await only(e, "RE3", { delaySeconds: 1 });
      const page = await newShopper(e);
      await signUp(page, "wb1-away@example.com");
      const subscription = await allowPush(e, page);
      await page.evaluate(() => {
        const memory = JSON.parse(
          localStorage.getItem("trigger-map") ?? "{}",
        ) as object;
        localStorage.setItem(
          "trigger-map",
          JSON.stringify({
            ...memory,
            visits: 1,
            last: Date.now() - 7_200_000,
            start: Date.now() - 7_300_000,
            ordered: 1,
          }),
        );
      });
      await page.goto(`${e.store}/`);
      await dialog(page).getByText("Follow your order").waitFor();
      await shot(page, "wb1-push-opt-in");
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
      await page.close();
      await only(e, "WB1");
      await e.worker.drain(60_000);
      const before = {
        mails: mailTo(e, "wb1-away@example.com").length,
        pushes: e.push.received.length,
      };

      // A week without a visit: the promotion goes by push first (the cascade's email is not needed).
      await visitedNow("wb1-away@example.com");
      await passes(e, 7 * DAY);
      await winBackPass();
      const pushed = e.push.received.slice(before.pushes);
      expect(pushed.map((p) => JSON.parse(p.payload))).toEqual([
        { title: "We miss you", body: "New this week at our store", url: "/" },
      ]);
      expect(pushed[0]!.vapid.sub).toMatch(/^mailto:/);
      expect(mailTo(e, "wb1-away@example.com")).toHaveLength(before.mails);

      // A week later: the bonuses by email, with popular products.
      await passes(e, 7 * DAY);
      const [bonuses] = mailTo(e, "wb1-away@example.com").slice(before.mails);
      // No name known (the signup form asks none): the greeting falls back to "there".
      expect(bonuses!.text).toMatch(
        /^there, bonuses are waiting for you\n+Popular right now\n- /,
      );
      expect(unsubscribeHeader(bonuses!)).toMatch(
        /apps\/trigger-map\/unsubscribe\?d=/,
      );

      // Three days later: the personal code.
      await passes(e, 3 * DAY);
      const [, offer, ...more] = mailTo(e, "wb1-away@example.com").slice(
        before.mails,
      );
      expect(more).toEqual([]);
      const code = /TM-[A-Z2-9]{10}/.exec(String(offer!.text))![0];
      expect(offer!.text).toContain(`Just for you: 15% off with ${code}`);
      expect(e.double.admin.discounts(e.shop).map((d) => d.code)).toContain(
        code,
      );
      expect(unsubscribeHeader(offer!)).toMatch(
        /apps\/trigger-map\/unsubscribe\?d=/,
      );

      expect(await e.worker.failures()).toEqual([]);
    },
  );

  it(
    "emails the promotion to a subscriber without notifications, and writes no more once they order",
    { timeout: 240_000 },
    async () => {
      const page = await newShopper(e);
      await signUp(page, "wb1-buyer@example.com");
      await page.close();
      await e.worker.drain(60_000);

      await visitedNow("wb1-buyer@example.com");
      await passes(e, 7 * DAY);
      await winBackPass();
      const [promo] = mailTo(e, "wb1-buyer@example.com");
      expect(promo!.subject).toBe("We miss you");
      expect(promo!.text).toMatch(
        /^We miss you\n+New this week at our store\n/,
      );
      expect(unsubscribeHeader(promo!)).toMatch(
        /apps\/trigger-map\/unsubscribe\?d=/,
      );

      // They order two days later (Shopify's signed webhook): the goal is reached, nothing more is sent.
      await passes(e, 2 * DAY);
      await placeOrder(e, { email: "wb1-buyer@example.com" });
      await passes(e, 15 * DAY);
      expect(mailTo(e, "wb1-buyer@example.com")).toHaveLength(1);
      expect(await e.worker.failures()).toEqual([]);
    },
  );

  it(
    "counts one subscriber who got every message and one who ordered on the analytics page",
    { timeout: 120_000 },
    async () => {
      const wb1 = (
        await e.database.db.scenario.findFirstOrThrow({
          where: { shopId: e.shopId, templateKey: "WB1" },
        })
      ).id;
      expect(await analyticsCells(e, wb1, "wb1")).toEqual([
        "We miss you",
        "2",
        "0",
        "1",
        "1",
        "0",
        "0",
        "0",
        "0",
      ]);
    },
  );
});

describe("WB2: a customer who ordered once and went quiet is asked what could be better", () => {
  it(
    "emails the feedback request a week after the order, by the customer's first name",
    { timeout: 240_000 },
    async () => {
      const wb2 = await only(e, "WB2");
      const page = await newShopper(e);
      await signUp(page, "wb2-quiet@example.com");
      await shot(page, "wb2-signup");
      await page.close();
      await e.worker.drain(60_000);
      const customerId = Number(
        e.double.admin
          .customers(e.shop)
          .find((c) => c.email === "wb2-quiet@example.com")!
          .id.split("/")
          .pop(),
      );
      await placeOrder(e, {
        email: "wb2-quiet@example.com",
        customerId,
        firstName: "Ann",
      });

      await passes(e, 7 * DAY);
      await winBackPass();
      const [mail, ...more] = mailTo(e, "wb2-quiet@example.com");
      expect(more).toEqual([]);
      expect(mail!.text).toMatch(/^Ann, what could we do better\?\n/);
      expect(String(mail!.html)).toContain("Tell us");
      // The button goes through the app's signed click link to the shop's feedback page.
      expect(String(mail!.html)).toMatch(
        /href="[^"]+\/t\/c\/[^"]+u=https%3A%2F%2Ftrigger-map-demo\.myshopify\.com%2Fpages%2Ffeedback/,
      );
      expect(unsubscribeHeader(mail!)).toMatch(
        /apps\/trigger-map\/unsubscribe\?d=/,
      );

      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsCells(e, wb2, "wb2")).toEqual([
        "Feedback after silence",
        "1",
        "0",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
      ]);
    },
  );
});
