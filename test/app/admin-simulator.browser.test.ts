// The pre-launch simulator in the sandbox admin, in Chromium: stored history seeded into the
// sandbox's database, SA3 simulated from its template before it is activated, and the page's
// figures are the history's (in English, then once in Russian).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";
import { ARTIFACTS, launchChromium, type Browser } from "../support/browser";
import { seedCartHistory, seedOtherScenarioRun } from "../support/history";
import { everything } from "../support/tables";

let dir: string;
let sandbox: Sandbox;
let browser: Browser;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tm-simulator-"));
  const databaseUrl = `file:${path.join(dir, "sandbox.sqlite")}`;
  sandbox = await startSandbox({ databaseUrl, worker: false });
  browser = await launchChromium();
  db = createDb(databaseUrl);
});
afterAll(async () => {
  await db?.$disconnect();
  await browser?.close();
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The admin opened from Shopify's link, then the simulator reached by the app's own client-side navigation (session tokens). */
async function openSimulator(locale?: "ru"): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(sandbox.adminUrl + (locale ? `&locale=${locale}` : ""));
  await page.locator(".Polaris-Page").first().waitFor({ timeout: 30_000 });
  await page.evaluate(() =>
    (
      window as unknown as {
        __remixRouter: { navigate(to: string): Promise<void> };
      }
    ).__remixRouter.navigate("/app/simulate?template=SA3"),
  );
  return page;
}

const cells = (page: Page, table: string) =>
  page
    .locator(`#${table} tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll("th, td")].map((c) =>
          (c as HTMLElement).innerText.trim(),
        ),
      ),
    );

describe("the pre-launch simulator in the sandbox admin", () => {
  it("replays the seeded history through SA3 before it is activated, and shows its reach", async () => {
    const page = await openSimulator();
    // Installed by the first load: now the shop's history, and another active scenario's run.
    const shop = await db.shop.findUniqueOrThrow({
      where: { domain: sandbox.shop },
    });
    await db.shop.update({
      where: { id: shop.id },
      data: {
        settings: {
          ...(shop.settings as object),
          quietHours: { start: 0, end: 0 },
        },
      },
    });
    const seeded = await seedCartHistory(db, shop.id, new Date());
    await seedOtherScenarioRun(
      db,
      shop.id,
      seeded.contacts.cy,
      new Date(Date.now() - 5 * 86_400_000),
    );

    await page
      .getByRole("heading", { name: "Simulate: Abandoned cart" })
      .waitFor({ timeout: 30_000 });
    await expect(
      page.getByRole("link", { name: "Activate" }).getAttribute("href"),
    ).resolves.toContain("/app/templates");
    const before = await everything(db);
    await page.getByRole("button", { name: "Run simulation" }).click();
    await page.locator("#simulation-steps").waitFor({ timeout: 30_000 });

    await expect(
      page.locator("#simulation-summary").innerText(),
    ).resolves.toMatch(
      /Contacts with events\s+4\s+Events replayed\s+5\s+Would enter\s+4\s+Entries \(with re-entries\)\s+4/,
    );
    const steps = await cells(page, "simulation-steps");
    expect(
      steps.map(([step, reached, share, messages, , waiting]) => [
        step.replace(/\s+/g, " "),
        reached,
        share,
        messages,
        waiting,
      ]),
    ).toEqual([
      ["Wait 1 min", "4", "100%", "", ""],
      ["Popup → Chat message", "4", "100%", "Popup: 4, Chat message: 0", ""],
      ["Condition", "4", "100%", "", ""],
      ["if yes → Wait 60 min", "3", "75%", "", ""],
      ["Email", "2", "50%", "Email: 2", ""],
      ["Wait 3 d", "2", "50%", "", "1"],
      ["Web push → Email", "1", "25%", "Web push: 0, Email: 1", ""],
    ]);
    const outcomes = Object.fromEntries(
      await cells(page, "simulation-outcomes"),
    );
    expect(outcomes).toMatchObject({
      "Reached the goal (exited)": "1",
      Completed: "2",
      "Still waiting when the window ends": "1",
    });
    expect(await cells(page, "simulation-overlap")).toEqual([
      ["RE1 · Thank you", "1", "1"],
    ]);
    expect(await cells(page, "simulation-placeholders")).toEqual([
      ["{{first_name}}", "1", "0"],
    ]);
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-simulator.png"),
      fullPage: true,
    });
    // Simulating wrote nothing.
    expect(await everything(db)).toBe(before);
  });

  it("speaks Russian when the admin does", async () => {
    const page = await openSimulator("ru");
    await page
      .getByRole("heading", { name: "Симуляция: Брошенная корзина" })
      .waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Запустить симуляцию" }).click();
    await page.locator("#simulation-steps").waitFor({ timeout: 30_000 });
    await expect(
      page.locator("#simulation-summary").innerText(),
    ).resolves.toMatch(/Вошли бы\s+4/);
    const steps = await cells(page, "simulation-steps");
    expect(steps[4].slice(0, 4)).toEqual(["Email", "2", "50%", "Email: 2"]);
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-simulator-ru.png"),
      fullPage: true,
    });
  });
});
