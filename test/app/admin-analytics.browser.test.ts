// The merchant's analytics in a real Chromium against the sandbox: a shopper's journey through the
// app (an email left in the welcome popup, an order with its code, through the worker and the
// double's signed webhook, then a refund of part of it) and a seeded A/B scenario with a holdout;
// the overview shows what was produced, net of the refund, the scenario's page its step figures,
// lift and chart, the CSV downloads with the page's session; once in Russian.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { activateTemplates, installDemoShop } from "../../sandbox/demo";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";
import { seedAnalytics } from "../support/analytics-seed";
import { ARTIFACTS, launchChromium, type Browser } from "../support/browser";
import { order } from "../support/shopify-payloads";

let dir: string;
let sandbox: Sandbox;
let browser: Browser;
let db: Db;
let lg3: string;
let split: string;

// As startSandboxInBrowser, with the database's URL kept, to seed it and read what the app wrote.
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tm-analytics-"));
  const databaseUrl = `file:${path.join(dir, "sandbox.sqlite")}`;
  sandbox = await startSandbox({ databaseUrl });
  browser = await launchChromium();
  db = createDb(databaseUrl);
  const shopId = await installDemoShop({
    double: sandbox.double,
    shop: sandbox.shop,
    db,
  });
  ({ LG3: lg3 } = await activateTemplates(
    db,
    sandbox.double,
    sandbox.shop,
    shopId,
    { LG3: {} },
  ));
  split = await seedAnalytics(db, shopId, new Date());
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await browser?.close();
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cells = (page: Page, scenarioId: string) =>
  page
    .locator("tr", { has: page.locator(`a[data-scenario="${scenarioId}"]`) })
    .locator("th, td")
    .allInnerTexts();

describe("analytics in the sandbox admin", () => {
  it(
    "shows each scenario's launches, endings, conversions and revenue as produced",
    { timeout: 120_000 },
    async () => {
      // A shopper leaves an email in the welcome popup and gets the scenario's code...
      const captured = await fetch(
        sandbox.double.appProxyUrl("/capture", { shop: sandbox.shop }),
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            visitorId: "browser-ann",
            email: "ann@example.com",
            rule: `${lg3}:popup`,
          }),
        },
      );
      expect(captured.status, sandbox.app.output().slice(-2000)).toBe(200);
      const { code } = (await captured.json()) as { code: string };
      await expect
        .poll(() => db.scenarioRun.count({ where: { scenarioId: lg3 } }), {
          timeout: 20_000,
        })
        .toBe(1);
      // ...and orders with it: Shopify's signed webhook, processed by the worker, credits the scenario.
      const placed = order(
        { email: "ann@example.com" },
        new Date(Date.now() + 1_000),
        { discountCodes: [code], totalPrice: "72.00" },
      );
      await sandbox.double.deliverWebhook({
        path: "/webhooks/orders",
        topic: "orders/create",
        shopDomain: sandbox.shop,
        payload: placed,
      });
      await expect
        .poll(() => db.conversion.count({ where: { scenarioId: lg3 } }), {
          timeout: 20_000,
        })
        .toBe(1);

      const page = await browser.context.newPage();
      await page.goto(sandbox.adminUrl);
      await page
        .getByRole("link", { name: "Analytics" })
        .click({ timeout: 20_000 });
      await page
        .getByRole("heading", { name: "Analytics" })
        .waitFor({ timeout: 20_000 });
      await page
        .locator(`a[data-scenario="${split}"]`)
        .waitFor({ timeout: 20_000 });

      // The journey: one launch (where it stands depends on the worker's pace), one order credited for $72.00.
      const journey = await cells(page, lg3);
      expect([journey[1], ...journey.slice(-2)]).toEqual(["1", "1", "$72.00"]);
      expect(
        journey
          .slice(2, 7)
          .map(Number)
          .reduce((a, b) => a + b),
      ).toBe(1);
      // The seeded scenario (test/support/analytics-seed.ts), its test contact's run left out.
      expect((await cells(page, split)).slice(1)).toEqual([
        "110",
        "10",
        "8",
        "50",
        "35",
        "7",
        "8",
        "$301.00",
      ]);
      await page.screenshot({
        path: path.join(ARTIFACTS, "admin-analytics.png"),
        fullPage: true,
      });

      // The merchant refunds the shirt in Shopify ($49 less its share of the $8 discount): the
      // double's signed refunds/create, processed by the worker, lowers the scenario's revenue.
      const refund = await sandbox.double.refundOrder(sandbox.shop, placed, {
        lines: [{ lineItemId: placed.line_items[0]!.id, quantity: 1 }],
      });
      expect(refund.status).toBe(200);
      await expect
        .poll(
          () =>
            db.contactEvent.count({
              where: { type: "order_refunded", processedAt: { not: null } },
            }),
          { timeout: 20_000 },
        )
        .toBe(1);

      // Another period reloads the figures through the URL (the seeded runs all fall within 7 days).
      await page.getByLabel("Period").selectOption("7");
      await page
        .locator(`a[data-scenario="${split}"][href*="days=7"]`)
        .waitFor();
      expect((await cells(page, split)).slice(1, 3)).toEqual(["110", "10"]);
      expect((await cells(page, lg3)).slice(-2)).toEqual(["1", "$27.90"]);

      await page.locator(`a[data-scenario="${split}"]`).click();
      await page
        .getByRole("heading", { name: "Welcome split" })
        .waitFor({ timeout: 20_000 });
      const row = (text: string) =>
        page.locator("tr", { hasText: text }).locator("th, td").allInnerTexts();
      expect(await row("Welcome A (mail_a)")).toEqual([
        "Welcome A (mail_a)",
        "Email",
        "35",
        "35",
        "15",
        "5",
        "42.9%",
        "14.3%",
        "33.3%",
        "1",
        "2",
        "4 (code used), 2 (click within 5 days)",
        "$261.00",
        "0 / 0",
        // Bounced (hard / soft), complaints, bounce rate, complaint rate: the provider's reports
        // are not connected, so not known.
        "n/a",
        "n/a",
        "n/a",
        "n/a",
      ]);
      expect(await row("Your offer (popup)")).toEqual([
        "Your offer (popup)",
        "Popup",
        "11",
        "11",
        "n/a",
        "4",
        "n/a",
        "36.4%",
        "n/a",
        "0",
        "0",
        "0",
        "0",
        "n/a / 0",
        "n/a",
        "n/a",
        "n/a",
        "n/a",
      ]);
      expect(await row("no value and no fallback for first_name")).toEqual([
        "no value and no fallback for first_name",
        "mail_b",
        "3",
      ]);
      expect(await row("Held out (control group)")).toEqual([
        "Held out (control group)",
        "30",
      ]);
      await page
        .getByText("No significant difference yet (p = 0.136)")
        .waitFor();
      await page.getByText("95% interval: -6.6 to 14.6").waitFor();
      // The chart: one line per series, as many points as days.
      const chart = page.locator('svg[data-chart="daily"]');
      expect(await chart.locator("polyline").count()).toBe(2);
      expect(
        (await chart.locator("polyline").first().getAttribute("points"))!.split(
          " ",
        ),
      ).toHaveLength(7);
      await page.screenshot({
        path: path.join(ARTIFACTS, "admin-analytics-scenario.png"),
        fullPage: true,
      });

      // The CSV, fetched as the page's button does, with the page's session token.
      const csv = await page.evaluate(async (url) => {
        const response = await fetch(url);
        return {
          type: response.headers.get("Content-Type"),
          disposition: response.headers.get("Content-Disposition"),
          body: await response.text(),
        };
      }, `/app/analytics/${split}/csv?days=7`);
      expect(csv.type).toBe("text/csv; charset=utf-8");
      expect(csv.disposition).toBe(
        `attachment; filename="analytics-${split}-7d.csv"`,
      );
      expect(csv.body.split("\r\n")).toContain(
        "mail_a,EMAIL,35,35,15,5,0.4286,0.1429,0.3333,0,2,1,0,6,code used: 4; click within 5 days: 2,261.00 USD,0,0,accepted,n/a,n/a,n/a,n/a,n/a",
      );
      expect(csv.body).toContain("day,launches,conversions");
      // The page's button saves the same file.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`analytics-${split}-7d.csv`);
      expect(readFileSync((await download.path())!, "utf8")).toBe(csv.body);
      await page.close();
    },
  );

  it("speaks Russian when Shopify's admin does", async () => {
    const page = await browser.context.newPage();
    await page.goto(sandbox.adminUrl + "&locale=ru");
    await page
      .getByRole("link", { name: "Аналитика" })
      .click({ timeout: 20_000 });
    await page
      .getByRole("heading", { name: "Аналитика" })
      .waitFor({ timeout: 20_000 });
    await page.getByRole("columnheader", { name: "Запуски" }).waitFor();
    await page.getByText("Завершены: цель достигнута").waitFor();
    await page.locator(`a[data-scenario="${split}"]`).click();
    await page
      .getByRole("heading", { name: "Сообщения по шагам" })
      .waitFor({ timeout: 20_000 });
    await page.getByText("Прирост относительно контрольной группы").waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-analytics-scenario-ru.png"),
      fullPage: true,
    });
    await page.close();
  });
});
