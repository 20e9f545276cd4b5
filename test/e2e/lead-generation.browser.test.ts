// Lead generation (LG1-LG5) end to end: a real Chromium shopper on the demo storefront, the app's
// worker on a clock the test moves, and each message checked where a person sees it — the popup or
// chat bubble in the page's shadow root, the email at the shop's SMTP server, the push at the local
// push service — and the scenario's figures on the merchant's analytics page. Each path runs with
// only its template active (short on-site delays through the template's parameter).
//
// LG4's second branch, the push opt-in popup for a reader who left no email, comes when the
// 3-minute wait for an email ends: the server last saw the reader minutes ago (on-site messages
// reach a shopper seen within 30 minutes), and the storefront asks for it on the reader's next page.
import type { ParsedMail } from "mailparser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allowPush,
  analyticsCells,
  chat,
  dialog,
  leaveThroughTop,
  mailTo,
  newShopper,
  MINUTE,
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

const CODE = /TM-[A-Z2-9]{10}/;

/** A marketing email: one-click unsubscribe to the app proxy, the shop's physical address. */
function expectMarketing(mail: ParsedMail) {
  expect(unsubscribeHeader(mail)).toMatch(
    /<https:\/\/trigger-map-demo\.myshopify\.com\/apps\/trigger-map\/unsubscribe\?d=[^&]+&a=[^&]+(&l=[a-z]+)?&s=[^>]+>/,
  );
  expect(String(mail.html)).toContain("1 Market St, Springfield");
}

/** Leaves an email in the open popup and submits it. */
async function leaveEmail(page: Page, email: string) {
  await dialog(page).getByLabel("Email").fill(email);
  await dialog(page).getByRole("button", { name: "Get my code" }).click();
}

describe("LG1: a visitor is greeted in chat and their reply reaches the merchant", () => {
  it(
    "shows the greeting after the delay; the reply is emailed to the merchant; analytics counts one finished run",
    { timeout: 180_000 },
    async () => {
      const lg1 = await only(e, "LG1", { delaySeconds: 1 });
      const page = await newShopper(e);
      await page.goto(`${e.store}/products/linen-shirt`);
      const bubble = chat(page);
      await bubble
        .getByText("Have a question? Write to us, we answer fast.")
        .waitFor();
      await shot(page, "lg1");
      await bubble.getByRole("button", { name: "Reply" }).click();
      await bubble.getByLabel("Your message").fill("Do you ship to Canada?");
      await bubble.getByLabel("Email").fill("lg1-asker@example.com");
      await bubble.getByRole("button", { name: "Send" }).click();
      await bubble.getByText("Thanks! We will reply by email.").waitFor();
      await page.close();

      // The merchant hears of the replies of ten minutes in one email.
      await passes(e, 11 * MINUTE);
      const [notice, ...more] = mailTo(e, "owner@trigger-map-demo.example");
      expect(more).toEqual([]);
      expect(notice!.subject).toBe(
        "New chat message on Trigger Map Demo Store",
      );
      expect(notice!.text).toContain(
        "lg1-asker@example.com (on /products/linen-shirt):\nDo you ship to Canada?",
      );
      // Not marketing: no unsubscribe.
      expect(unsubscribeHeader(notice!)).toBeUndefined();
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsCells(e, lg1, "lg1")).toEqual([
        "Chat greeting",
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

describe("LG2: a leaving visitor is offered a promo code for their email", () => {
  it(
    "shows the popup on exit intent, takes the email and sends the code by email",
    { timeout: 180_000 },
    async () => {
      const lg2 = await only(e, "LG2");
      const page = await newShopper(e);
      await page.goto(`${e.store}/products/ceramic-mug`);
      await leaveThroughTop(page);
      await dialog(page)
        .getByText(
          "Wait! A 10% promo code is inside — where should we send it?",
        )
        .waitFor();
      await shot(page, "lg2");
      await leaveEmail(page, "lg2-leaver@example.com");
      await dialog(page).getByText("Thank you! Check your inbox.").waitFor();
      const shown = (await dialog(page).locator("output").textContent())!;
      await shot(page, "lg2-code");
      await page.close();

      await e.worker.drain(60_000);
      const [mail, ...more] = mailTo(e, "lg2-leaver@example.com");
      expect(more).toEqual([]);
      expect(mail!.subject).toBe("Your promo code");
      // The same code the popup showed, by name (none known: "there").
      expect(shown).toMatch(CODE);
      expect(mail!.text).toMatch(
        new RegExp(
          `^Your promo code\\n+Hi there, here is your code: ${shown}\\n`,
        ),
      );
      const code = shown;
      expect(e.double.admin.discounts(e.shop).map((d) => d.code)).toContain(
        code,
      );
      expectMarketing(mail!);
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsCells(e, lg2, "lg2")).toEqual([
        "Exit-intent promo code",
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

describe("LG3: a new visitor gets a welcome bonus for their email", () => {
  it(
    "shows the bonus popup after the delay, the code at once and in the welcome email; ordering with it counts as a conversion",
    { timeout: 180_000 },
    async () => {
      const lg3 = await only(e, "LG3", { delaySeconds: 1 });
      const page = await newShopper(e);
      await page.goto(`${e.store}/`);
      await dialog(page).getByText("Get 10% off your first order").waitFor();
      await shot(page, "lg3");
      await leaveEmail(page, "lg3-welcome@example.com");
      const shown = dialog(page).locator("output");
      await shown.waitFor();
      const code = (await shown.textContent())!;
      expect(code).toMatch(CODE);
      await shot(page, "lg3-code");
      await page.close();

      await e.worker.drain(60_000);
      const [mail] = mailTo(e, "lg3-welcome@example.com");
      expect(mail!.subject).toBe("Your welcome bonus");
      expect(mail!.text).toContain(`Your 10% code: ${code}`);
      expectMarketing(mail!);

      await placeOrder(
        e,
        { email: "lg3-welcome@example.com" },
        { discountCodes: [code], totalPrice: "72.00" },
      );
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsCells(e, lg3, "lg3")).toEqual([
        "Welcome bonus popup",
        "1",
        "0",
        "0",
        "1",
        "0",
        "0",
        "1",
        "$72.00",
      ]);
    },
  );
});

describe("LG4: a blog reader is offered the digest, or else notifications", () => {
  it(
    "sends the digest with a code to a reader who leaves an email",
    { timeout: 180_000 },
    async () => {
      await only(e, "LG4", { delaySeconds: 1 });
      const page = await newShopper(e);
      await page.goto(`${e.store}/blogs/news/caring-for-linen`);
      await dialog(page)
        .getByText("Get our best articles and a bonus in your inbox")
        .waitFor();
      await shot(page, "lg4");
      await leaveEmail(page, "lg4-reader@example.com");
      await dialog(page).getByText("Thank you! Check your inbox.").waitFor();
      await page.close();

      await e.worker.drain(60_000);
      const [mail] = mailTo(e, "lg4-reader@example.com");
      // No title of its own: the subject is the shop's name; the text starts with the message, then the latest articles.
      expect(mail!.subject).toBe("Trigger Map Demo Store");
      expect(mail!.text).toMatch(
        /^Fresh from our blog, and TM-[A-Z2-9]{10} for your next order\n/,
      );
      expect(mail!.text).toContain("- Caring for linen");
      expectMarketing(mail!);
    },
  );

  it(
    "offers notifications on the next page to a reader who closed the digest offer",
    { timeout: 180_000 },
    async () => {
      const page = await newShopper(e);
      const subscription = await allowPush(e, page);
      await page.goto(`${e.store}/blogs/news/caring-for-linen`);
      await dialog(page)
        .getByText("Get our best articles and a bonus in your inbox")
        .waitFor();
      await dialog(page).getByRole("button", { name: "Close" }).click();
      await e.worker.drain(60_000);

      // Three minutes with no email: the run takes the push branch while the reader is still here.
      await passes(e, 4 * MINUTE);
      await page.goto(`${e.store}/blogs/news`);
      await dialog(page)
        .getByText("Be the first to read new articles: allow notifications")
        .waitFor({ timeout: 20_000 });
      await shot(page, "lg4-push");
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
      await page.close();
      expect(await e.worker.failures()).toEqual([]);
    },
  );

  it(
    "counts both readers' runs on the analytics page",
    { timeout: 120_000 },
    async () => {
      const lg4 = (
        await e.database.db.scenario.findFirstOrThrow({
          where: { shopId: e.shopId, templateKey: "LG4" },
        })
      ).id;
      expect(await analyticsCells(e, lg4, "lg4")).toEqual([
        "Blog digest signup",
        "2",
        "0",
        "0",
        "2",
        "0",
        "0",
        "0",
        "0",
      ]);
    },
  );
});

describe("LG5: a visitor answers one question and gets a matching selection", () => {
  it(
    "asks the question with an email, tags the Shopify customer with the answer and emails the selection",
    { timeout: 180_000 },
    async () => {
      const lg5 = await only(e, "LG5", { delaySeconds: 1 });
      const page = await newShopper(e);
      await page.goto(`${e.store}/`);
      await dialog(page)
        .getByText("What are you shopping for today? We'll send a selection.")
        .waitFor();
      await dialog(page).getByLabel("A gift").check();
      await shot(page, "lg5");
      await leaveEmail(page, "lg5-quiz@example.com");
      await dialog(page).getByText("Thank you! Check your inbox.").waitFor();
      await page.close();
      expect(
        e.double.admin
          .customers(e.shop)
          .find((c) => c.email === "lg5-quiz@example.com")?.tags,
      ).toEqual(["trigger-map:a-gift"]);

      await e.worker.drain(60_000);
      const [mail] = mailTo(e, "lg5-quiz@example.com");
      // The quiz asks no name: the greeting falls back to "there"; then the shop's popular products.
      expect(mail!.subject).toBe("Trigger Map Demo Store");
      expect(mail!.text).toMatch(
        /^there, picked for you\n+Popular right now\n- Scented candle — \$22\.00\n/,
      );
      expectMarketing(mail!);
      expect(await e.worker.failures()).toEqual([]);
      expect(await analyticsCells(e, lg5, "lg5")).toEqual([
        "Qualification quiz",
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
