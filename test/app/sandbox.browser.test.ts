// `npm run sandbox` as a newcomer meets it: the admin opens in a real Chromium, installs through
// token exchange with the Shopify double, and the embedded Polaris dashboard renders and navigates.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/sandbox";
import {
  ARTIFACTS as artifacts,
  startSandboxInBrowser,
  type Browser,
  type SandboxInBrowser,
} from "../support/browser";

let running: SandboxInBrowser;
let sandbox: Sandbox;
let browser: Browser;

beforeAll(async () => {
  running = await startSandboxInBrowser();
  ({ sandbox, browser } = running);
});
afterAll(() => running?.stop());

describe("the sandbox admin in Chromium", () => {
  it("serves the Polaris dashboard from the sandbox's admin link", async () => {
    const page = await browser.context.newPage();
    await page.goto(sandbox.adminUrl);
    const app = page;
    await app
      .getByRole("heading", { name: /Dashboard — Trigger Map Demo Store/ })
      .waitFor({ timeout: 20_000 });
    await expect(
      app.getByText("Lead generation").count(),
    ).resolves.toBeGreaterThan(0);
    await expect(app.locator(".Polaris-Page").count()).resolves.toBe(1);
    await page.screenshot({
      path: path.join(artifacts, "sandbox-dashboard.png"),
      fullPage: true,
    });

    // The install went through Shopify's token exchange and read the shop with a valid query.
    expect(
      sandbox.double.admin.operations.some((op) =>
        op.query.includes("TriggerMapShop"),
      ),
    ).toBe(true);
    expect(sandbox.double.admin.invalidOperations).toEqual([]);
  });

  it("navigates the embedded app with fresh session tokens", async () => {
    const page = await browser.context.newPage();
    await page.goto(sandbox.adminUrl);
    const app = page;
    await app
      .getByRole("link", { name: "Scenarios" })
      .click({ timeout: 20_000 });
    await app.getByText("No scenarios yet").waitFor({ timeout: 20_000 });
    await page.screenshot({
      path: path.join(artifacts, "sandbox-scenarios.png"),
      fullPage: true,
    });
  });
});
