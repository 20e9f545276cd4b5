// A scenario built by a merchant from a blank one, on the map, with only the admin's UI: a
// condition (email known → wait for an order at most an hour, then an email; else a popup), a
// two-channel cascade with a discount. A dangling way is marked on its step and Activate refuses
// it; fixed, the scenario activates, and a shopper who leaves a checkout on the demo storefront
// gets the email with a code of their own in the shop's mailbox. Her order with it is credited on
// the Analytics page, and the simulator draws the built steps.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  analyticsRow,
  checkoutOf,
  mailArrives,
  MINUTE,
  newShopper,
  orderOf,
  passes,
  sandboxPerPath,
  webhook,
  type E2e,
} from "../support/e2e";
import { ARTIFACTS } from "../support/browser";
import { customerBody } from "../support/shopify-payloads";
import path from "node:path";

describe("a scenario built from blank on the map", () => {
  const sandbox = sandboxPerPath();
  let e: E2e;
  beforeAll(() => void (e = sandbox()));

  const field = (page: Page, id: string) => page.locator(`[id="${id}"]`);
  const about = (page: Page, stepId: string) =>
    page.locator(`[id="map-about-${stepId}"]`);
  /**
   * A "+" on the map (from the keyboard: the sandbox's stand-in save bar lies over the page, where
   * Shopify's sits above the app), then a block from the panel; the new step is selected.
   */
  async function insert(page: Page, edge: string, kind: string, id: string) {
    await page.locator(`button[data-edge="${edge}"]`).focus();
    await page.keyboard.press("Enter");
    await page.locator(`#add-${kind}`).click();
    await page.locator(`#map-step-${id}[aria-pressed="true"]`).waitFor();
  }
  const save = async (page: Page, version: number) => {
    await page.locator("ui-save-bar button[variant=primary]").click();
    await page.getByText(`Version ${version}`).waitFor({ timeout: 20_000 });
  };

  it(
    "reaches a shopper who leaves a checkout with an email and a code, after Activate refused it while a way dangled",
    { timeout: 300_000 },
    async () => {
      // Only the built scenario runs.
      await e.database.db.scenario.updateMany({
        where: { shopId: e.shopId },
        data: { status: "PAUSED" },
      });
      const page = await e.browser.context.newPage();
      await page.goto(e.double.adminUrl(e.shop));
      await page
        .getByRole("link", { name: "Scenarios" })
        .click({ timeout: 20_000 });
      await page.getByText("New scenario").first().click({ timeout: 20_000 });
      await page.getByLabel("Name").fill("Checkout rescue");
      await page.locator("#trigger").selectOption("checkout_abandoned");
      await page.getByRole("button", { name: "Create draft" }).click();
      await page
        .getByRole("heading", { name: "Checkout rescue" })
        .waitFor({ timeout: 20_000 });
      await page.locator("#map-step-send-1").waitFor();

      // A condition first: its default asks whether the email is known.
      await insert(page, "trigger:next", "branch", "branch-1");
      // Yes: wait for an order, at most an hour; an order ends the scenario.
      await insert(page, "branch-1:then", "wait_until", "wait-until-1");
      await field(page, "steps.1.timeout.amount").fill("1");
      await field(page, "steps.1.timeout.unit").selectOption("hours");
      await field(page, "way-wait-until-1-onEvent").selectOption("");
      // No: a popup, and nothing after it.
      await insert(page, "branch-1:else", "send", "send-2");
      await field(page, "way-send-2-next").selectOption("");
      await page.getByRole("button", { name: "Add: Popup" }).click();
      await page.getByRole("button", { name: "Remove Email" }).click();
      await field(page, "steps.1.message.body.en").fill(
        "Your cart is saved: come back to finish your order.",
      );
      // The email: web push first for a subscriber, else email; with a 10% code.
      await page.locator("#map-step-send-1").click();
      await field(page, "steps.3.message.title.en").fill(
        "Your cart is waiting",
      );
      await field(page, "steps.3.message.body.en").fill(
        "Come back for it: {{code}} takes 10% off.",
      );
      await page.getByRole("button", { name: "Add: Web push" }).click();
      await page.getByRole("button", { name: "Move Web push up" }).click();
      await page.getByText(/^Offer a discount/).click();
      await field(page, "steps.3.message.discount.percent").fill("10");

      // A slip: the wait's "timed out" way ends too. The wait is marked; the draft saves; Activate refuses.
      await page.locator("#map-step-wait-until-1").click();
      await field(page, "way-wait-until-1-onTimeout").selectOption("");
      await expect
        .poll(() => about(page, "wait-until-1").textContent())
        .toContain("Nothing is sent after this step");
      await save(page, 2);
      await page.getByRole("button", { name: "Activate" }).click();
      const problems = page.locator(".Polaris-Banner", {
        hasText: "The saved version cannot be activated until these are fixed:",
      });
      await problems.waitFor();
      // Each problem by the step it is on, in words: the wait leads nowhere, the email is not reached.
      await problems
        .getByText(
          "Wait for: Places an order (at most 1 h) — Nothing is sent after this step: add a message after it, or delete it",
        )
        .waitFor();
      await problems
        .getByText(/Web push → Email: .* — Nothing leads to this step/)
        .waitFor();
      await page.screenshot({
        path: path.join(ARTIFACTS, "builder-refused.png"),
        fullPage: true,
      });
      const draft = await e.database.db.scenario.findFirstOrThrow({
        where: { name: "Checkout rescue" },
      });
      expect(draft.status).toBe("DRAFT");

      // Fixed: the wait's "timed out" way leads to the email again.
      await page.locator("#map-step-wait-until-1").click();
      await field(page, "way-wait-until-1-onTimeout").selectOption("send-1");
      await expect
        .poll(() => about(page, "wait-until-1").textContent())
        .not.toContain("Nothing is sent after this step");
      await save(page, 3);
      await page.getByRole("button", { name: "Activate" }).click();
      await page
        .locator(".Polaris-Badge", { hasText: "Active" })
        .waitFor({ timeout: 20_000 });
      await page.screenshot({
        path: path.join(ARTIFACTS, "builder-built.png"),
        fullPage: true,
      });
      await page.close();

      const built = await e.database.db.scenarioVersion.findUniqueOrThrow({
        where: { scenarioId_version: { scenarioId: draft.id, version: 3 } },
      });
      expect(built.definition).toMatchObject({
        trigger: { type: "checkout_abandoned" },
        start: "branch-1",
        steps: [
          {
            id: "branch-1",
            condition: { type: "email_known", is: true },
            then: "wait-until-1",
            else: "send-2",
          },
          { id: "send-2", channels: ["popup"] },
          {
            id: "wait-until-1",
            event: "order_placed",
            timeout: { amount: 1, unit: "hours" },
            onTimeout: "send-1",
          },
          {
            id: "send-1",
            channels: ["web_push", "email"],
            message: { discount: { percent: 10 } },
          },
        ],
      });

      // A subscribed customer leaves a checkout on the storefront.
      const cara = {
        customerId: 7101,
        email: "cara.builder@example.com",
        firstName: "Cara",
      };
      const shopper = await newShopper(e);
      const cart = await addToCart(e, shopper, "linen-shirt");
      await webhook(
        e,
        "customers/create",
        customerBody({ ...cara, consent: "subscribed" }, e.worker.now()),
      );
      await webhook(e, "checkouts/create", checkoutOf(e, cart, cara));
      await shopper.close();
      // The checkout is abandoned after the shop's hour; no order within the next hour.
      await passes(e, 61 * MINUTE);
      await passes(e, 61 * MINUTE);
      const [mail] = await mailArrives(e, cara.email, 1);
      expect(mail?.subject).toBe("Your cart is waiting");
      const code = /Come back for it: (TM-[A-Z2-9]+) takes 10% off\./.exec(
        mail?.text ?? "",
      )?.[1];
      expect(code, mail?.text).toBeTruthy();
      expect(e.double.admin.discounts(e.shop).map((d) => d.code)).toContain(
        code,
      );

      // She orders with her code: credited to the built scenario on the Analytics page.
      await webhook(
        e,
        "orders/create",
        orderOf(e, cart, cara, {
          discountCodes: [code!],
          checkoutToken: `co-${cart}`,
        }),
      );
      expect(await analyticsRow(e, draft.id, "builder")).toMatchObject({
        launches: 1,
        inProgress: 0,
        allStepsDone: 1,
        conversions: 1,
      });

      // The simulator takes the built scenario as it takes a template: each step on its way. (Its
      // window ends at the web process's now; the abandonment the worker's moved clock dated later
      // is outside it, so here no one enters: simulate.test.ts pins the replay itself.)
      const sim = await e.browser.context.newPage();
      await sim.goto(e.double.adminUrl(e.shop));
      await sim
        .getByRole("link", { name: "Scenarios" })
        .click({ timeout: 20_000 });
      await sim
        .getByRole("link", { name: "Checkout rescue", exact: true })
        .click({ timeout: 20_000 });
      await sim
        .getByRole("link", { name: "Simulate on the last 30 days" })
        .click({ timeout: 20_000 });
      await sim
        .getByRole("heading", { name: "Simulate: Checkout rescue" })
        .waitFor({ timeout: 30_000 });
      await sim.getByRole("button", { name: "Run simulation" }).click();
      await sim.locator("#simulation-steps").waitFor({ timeout: 30_000 });
      await sim.screenshot({
        path: path.join(ARTIFACTS, "builder-simulated.png"),
        fullPage: true,
      });
      const rows = await sim
        .locator("#simulation-steps tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) =>
            (tr.querySelector("th, td") as HTMLElement).innerText
              .replace(/\s+/g, " ")
              .trim(),
          ),
        );
      expect(rows).toEqual([
        "Condition",
        "if yes → Wait for: Places an order (at most 1 h)",
        "if not in time → Web push → Email",
        "if not → Popup",
      ]);
      await sim.close();
      expect(await e.worker.failures()).toEqual([]);
    },
  );
});
