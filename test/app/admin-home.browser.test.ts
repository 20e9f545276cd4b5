// The merchant's first pages in a real Chromium, against the sandbox's app and Shopify double: the
// dashboard's setup checklist shows the demo shop's true states (theme app embeds read from the
// main theme, the web pixel, the email step, and — SA3 being on — Shopify's own abandoned checkout
// email, which only the merchant can mark off) and its figures; on Templates one click activates a
// template and publishes its on-site rules, Pause takes them off the storefront, and "Activate all
// recommended" turns on what is missing. Once in Russian.
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import type { StorefrontConfig } from "../../app/storefront/config";
import {
  CONFIG_KEY,
  CONFIG_NAMESPACE,
} from "../../app/storefront/publish.server";
import { TEMPLATES } from "../../app/scenarios/templates";
import { DEMO_SCENARIOS } from "../../sandbox/demo";
import { SANDBOX_APP } from "../../sandbox/config";
import { SANDBOX_KEY, startTestApp, type TestApp } from "../support/app";
import {
  ARTIFACTS as artifacts,
  launchChromium,
  type Browser,
} from "../support/browser";
import { activate, installShop } from "../support/shop";
import { createDatabaseQueue } from "../../app/jobs/drivers/database.server";
import { runHistorySync } from "../../app/events/history.server";
import { doubleAdminGraphql } from "../../sandbox/demo";
import { routeShopifyTo } from "../../sandbox/shopify-double/route-shopify-fetch";

let t: TestApp;
let browser: Browser;
let shopId: string;
let page: Page;

const db = () => t.database.db;
const adminUrl = () => t.double.adminUrl(t.shop);
const publishedScenarioIds = () => {
  const config = JSON.parse(
    t.double.admin.appMetafield(t.shop, CONFIG_NAMESPACE, CONFIG_KEY)!.value,
  ) as StorefrontConfig;
  return new Set(config.rules.map((r) => r.id.split(":")[0]));
};
const scenarioOf = (templateKey: string) =>
  db().scenario.findUniqueOrThrow({
    where: { shopId_templateKey: { shopId, templateKey } },
  });
const card = (key: string) => page.locator(`article[data-template="${key}"]`);

beforeAll(async () => {
  // The demo shop as `npm run sandbox` leaves it: installed, its demo scenarios on, email connected.
  t = await startTestApp("sqlite");
  shopId = await installShop(t);
  await activate(t, shopId, DEMO_SCENARIOS);
  const saved = await saveEmailProvider(
    db(),
    t.shop,
    {
      kind: "smtp",
      host: "127.0.0.1",
      port: 2525,
      secure: false,
      requireTls: false,
    },
    SANDBOX_KEY,
  );
  expect(saved.ok).toBe(true);
  browser = await launchChromium();
  page = await browser.context.newPage();
});
afterAll(async () => {
  expect(t?.double.admin.invalidOperations).toEqual([]);
  await browser?.close();
  await t?.stop();
});

describe("the dashboard", () => {
  it("shows the import of the store's past, says when only 60 days of orders came, and syncs again", async () => {
    // The shop's past in Shopify; this app was not granted read_all_orders.
    t.double.admin.seedHistory(t.shop, { customers: 30, orders: 120 });
    t.double.admin.withholdScopes(t.shop, ["read_all_orders"]);
    // The install queued the import; no worker runs here yet.
    expect(
      await db().historySync.findUniqueOrThrow({ where: { shopId } }),
    ).toMatchObject({ phase: "CUSTOMERS" });
    await page.goto(adminUrl());
    const history = page.locator("#history");
    await history
      .getByText("The import will start in a moment.")
      .waitFor({ timeout: 30_000 });
    expect(
      await history.getByRole("button", { name: "Sync again" }).isDisabled(),
    ).toBe(true);

    // The worker's job, run here (the result file's host routed to the double as the sandbox does).
    const undo = routeShopifyTo(t.double.url, [t.shop]);
    const deps = {
      db: db(),
      queue: createDatabaseQueue(db(), "history-browser"),
      now: () => new Date(),
    };
    try {
      for (let i = 0; i < 20; i++) {
        await runHistorySync(deps, shopId, {
          graphql: doubleAdminGraphql(t.double, t.shop),
        });
        const row = await db().historySync.findUniqueOrThrow({
          where: { shopId },
        });
        if (row.phase === "DONE") break;
      }
    } finally {
      undo();
    }
    const row = await db().historySync.findUniqueOrThrow({ where: { shopId } });
    expect(row).toMatchObject({ phase: "DONE", customers: 30 });
    await page.reload();
    await history
      .getByText(`Imported 30 customers and ${row.orders} orders from Shopify`)
      .waitFor({ timeout: 30_000 });
    await history
      .getByText(
        "Orders from the last 60 days only: Shopify grants older orders on request.",
      )
      .waitFor();
    await page.screenshot({
      path: path.join(artifacts, "admin-dashboard-history.png"),
      fullPage: true,
    });

    await history.getByRole("button", { name: "Sync again" }).click();
    await history
      .getByText("The import will start in a moment.")
      .waitFor({ timeout: 30_000 });
    expect(
      await db().historySync.findUniqueOrThrow({ where: { shopId } }),
    ).toMatchObject({
      phase: "CUSTOMERS",
      customers: 0,
      bulkOperationId: null,
    });
    // Back as it was for the checks below.
    await db().historySync.update({
      where: { shopId },
      data: { phase: "DONE", finishedAt: new Date() },
    });
  });

  it("shows the setup checklist as the shop really is, with the way to finish each step", async () => {
    await page.goto(adminUrl());
    await page
      .getByRole("heading", { name: /Dashboard — Trigger Map Demo Store/ })
      .waitFor({ timeout: 30_000 });
    const theme = page.locator("#setup-theme");
    const email = page.locator("#setup-email");
    const pixel = page.locator("#setup-pixel");
    // The double's main theme has both app embeds on; the install activated the pixel at this app.
    await expect(
      theme.getByText("Done", { exact: true }).count(),
    ).resolves.toBe(1);
    await expect(
      pixel.getByText("Done", { exact: true }).count(),
    ).resolves.toBe(1);
    // A provider is connected, but no test email has gone out through it.
    await expect(
      email.getByText("To do", { exact: true }).count(),
    ).resolves.toBe(1);
    await email.getByText("no test email has gone out").waitFor();
    expect(
      await email
        .getByRole("link", { name: "Open settings" })
        .getAttribute("href"),
    ).toContain("/app/settings");
    await page.getByText("2 of 5 done").waitFor();
    // The sender's domain (trigger-map-demo.example, under a reserved name) publishes no SPF, DKIM or DMARC: never done.
    await page
      .locator("#setup-sender-domain")
      .getByRole("heading", {
        name: "Authenticate your sender domain (trigger-map-demo.example)",
      })
      .waitFor();

    // The merchant turns the popups embed off in the theme editor and sends the test email.
    t.double.admin.setAppEmbed(t.shop, "popups", "off");
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    await db().shop.update({
      where: { id: shopId },
      data: {
        settings: {
          ...(shop.settings as object),
          emailTestSentAt: new Date().toISOString(),
        },
      },
    });
    await page.reload();
    await page.getByText("2 of 5 done").waitFor({ timeout: 30_000 });
    await expect(
      email.getByText("Done", { exact: true }).count(),
    ).resolves.toBe(1);
    await expect(
      theme.getByText("To do", { exact: true }).count(),
    ).resolves.toBe(1);
    const turnOn = theme.getByRole("link", { name: /Turn on Popups \(off\)/ });
    expect(await turnOn.getAttribute("href")).toBe(
      `https://${t.shop}/admin/themes/current/editor?context=apps&activateAppId=${SANDBOX_APP.apiKey}/popups`,
    );
    expect(await turnOn.getAttribute("target")).toBe("_top");
    await expect(theme.getByText("Chat messages: on").count()).resolves.toBe(1);

    t.double.admin.setAppEmbed(t.shop, "popups", "on");
    await page.reload();
    await page.getByText("3 of 5 done").waitFor({ timeout: 30_000 });

    // SA3 overlaps Shopify's abandoned checkout email: the app can't read that setting, so the
    // merchant turns it off in Shopify's admin and says so here.
    const abandoned = page.locator("#setup-abandoned-checkout");
    await abandoned.getByText("SA3 already remind shoppers").waitFor();
    expect(
      await abandoned
        .getByRole("link", { name: "Open Notifications" })
        .getAttribute("href"),
    ).toBe(`https://${t.shop}/admin/settings/notifications`);
    await abandoned.getByRole("button", { name: "I turned it off" }).click();
    await page.getByText("4 of 5 done").waitFor({ timeout: 30_000 });
    await expect(
      abandoned.getByText("Done", { exact: true }).count(),
    ).resolves.toBe(1);
    // The demo scenarios by group, and the last 30 days (nothing sold yet).
    const groups = page.locator(".Polaris-InlineGrid").first();
    await expect(groups.innerText()).resolves.toMatch(
      /Lead generation\s+3\s+active\s+Sales\s+2\s+active\s+Retention\s+1\s+active\s+Win-back\s+0\s+active/,
    );
    await page.getByText("No revenue yet").waitFor();
    await page.screenshot({
      path: path.join(artifacts, "admin-dashboard.png"),
      fullPage: true,
    });
  });
});

describe("templates", () => {
  it("activates a template in one click and publishes its on-site rules; pausing takes them off the storefront", async () => {
    await page.goto(adminUrl());
    await page
      .getByRole("heading", { name: /Dashboard — / })
      .waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Templates" }).click();
    await page
      .getByRole("button", { name: "Activate all recommended" })
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole("heading", { name: "Lead generation", level: 2 })
      .waitFor();
    await expect(page.locator("article[data-template]").count()).resolves.toBe(
      TEMPLATES.length,
    );
    const lg4 = card("LG4");
    await lg4.getByText("Views a page").waitFor();
    await expect(lg4.innerText()).resolves.toContain("Channels: Popup, Email");
    await expect(
      card("LG3").getByText("Set this up first").count(),
    ).resolves.toBe(1);
    await expect(
      card("LG3").getByText("Active", { exact: true }).count(),
    ).resolves.toBe(1);

    await lg4.getByRole("button", { name: "Activate" }).click();
    await lg4.getByText("Active", { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText("“Blog digest signup” is active.").waitFor();
    const scenario = await scenarioOf("LG4");
    expect(scenario.status).toBe("ACTIVE");
    expect(publishedScenarioIds()).toContain(scenario.id);

    await lg4.getByRole("button", { name: "Pause" }).click();
    await lg4.getByText("Paused", { exact: true }).waitFor({ timeout: 30_000 });
    expect((await scenarioOf("LG4")).status).toBe("PAUSED");
    expect(publishedScenarioIds()).not.toContain(scenario.id);
    await expect(
      lg4.getByRole("button", { name: "Resume" }).count(),
    ).resolves.toBe(1);
  });

  it("activates all recommended templates not yet active, and says which", async () => {
    await expect(
      card("WB1").getByRole("button", { name: "Activate" }).count(),
    ).resolves.toBe(1);
    await page
      .getByRole("button", { name: "Activate all recommended" })
      .click();
    await page
      .getByText("Activated: We miss you.")
      .waitFor({ timeout: 30_000 });
    await card("WB1").getByText("Active", { exact: true }).waitFor();
    expect((await scenarioOf("WB1")).status).toBe("ACTIVE");
    await page.screenshot({
      path: path.join(artifacts, "admin-templates.png"),
      fullPage: true,
    });

    await page
      .getByRole("button", { name: "Activate all recommended" })
      .click();
    await page
      .getByText("All recommended templates are already active.")
      .waitFor({ timeout: 30_000 });
  });
});

describe("in Russian", () => {
  it("shows the dashboard and the templates in the merchant's language", async () => {
    const ru = await browser.context.newPage();
    await ru.goto(`${adminUrl()}&locale=ru`);
    await ru
      .getByRole("heading", { name: /Обзор — Trigger Map Demo Store/ })
      .waitFor({ timeout: 30_000 });
    await ru.getByText("Готово 4 из 5").waitFor();
    await ru
      .getByText("Отключите письмо Shopify о брошенном оформлении")
      .waitFor();
    await ru.screenshot({
      path: path.join(artifacts, "admin-dashboard-ru.png"),
      fullPage: true,
    });
    await ru.getByRole("link", { name: "Шаблоны" }).click();
    await ru
      .getByRole("button", { name: "Включить все рекомендуемые" })
      .waitFor({ timeout: 30_000 });
    await ru
      .getByRole("heading", { name: "Сбор контактов", level: 2 })
      .waitFor();
    await ru
      .locator('article[data-template="LG4"]')
      .getByText("Подписка на дайджест блога")
      .waitFor();
    await ru
      .locator('article[data-template="LG3"]')
      .getByText("Настроить в первую очередь")
      .waitFor();
    await ru.screenshot({
      path: path.join(artifacts, "admin-templates-ru.png"),
      fullPage: true,
    });
    await ru.close();
  });
});

describe("deliverability", () => {
  it(
    "warns at the complaint limit in English and Russian, and pauses the scenario behind it",
    { timeout: 120_000 },
    async () => {
      const lg2 = await scenarioOf("LG2");
      const contact = await db().contact.create({
        data: { shopId, email: "many@example.com", tags: [] },
      });
      const run = await db().scenarioRun.create({
        data: {
          shopId,
          scenarioId: lg2.id,
          scenarioVersion: lg2.currentVersion,
          contactId: contact.id,
          state: {},
        },
      });
      await db().shop.update({
        where: { id: shopId },
        data: { emailEventsSince: new Date(Date.now() - 86_400_000) },
      });
      // 200 delivered, one marked as spam: 0.5%, over the 0.3% limit.
      await db().delivery.createMany({
        data: Array.from({ length: 200 }, (_, i) => ({
          shopId,
          runId: run.id,
          contactId: contact.id,
          stepId: "mail",
          channel: "EMAIL" as const,
          messageKey: "warn.mail",
          status: "DELIVERED" as const,
          statusHistory: [],
          idempotencyKey: `warn:${i}`,
          sentAt: new Date(),
          deliveredAt: new Date(),
          ...(i === 0 ? { complainedAt: new Date() } : {}),
        })),
      });

      const ru = await browser.context.newPage();
      await ru.goto(`${adminUrl()}&locale=ru`);
      await ru
        .getByRole("heading", { name: /Обзор — Trigger Map Demo Store/ })
        .waitFor({ timeout: 30_000 });
      await ru
        .getByText("Жалобы на спам превысили лимит Gmail и Yahoo в 0,3%")
        .waitFor({ timeout: 30_000 });
      await ru.close();

      await page.goto(adminUrl());
      await page
        .getByText(
          "Spam complaints are over Gmail and Yahoo's 0.3% limit: 0.50%",
        )
        .waitFor({ timeout: 30_000 });
      await page.screenshot({
        path: path.join(artifacts, "admin-dashboard-complaints.png"),
        fullPage: true,
      });
      await page.getByRole("button", { name: /^Pause / }).click();
      await page.getByText(/which is paused now/).waitFor({ timeout: 30_000 });
      expect((await scenarioOf("LG2")).status).toBe("PAUSED");
    },
  );
});
