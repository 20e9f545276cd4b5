// The scenario page's message preview in Chromium: the preview card (app/ui/MessagePreview.tsx)
// posts the step's unsaved message to /app/preview with App Bridge's session token and draws what
// comes back in a sandboxed frame: the popup and the chat message by the storefront's own UI module,
// in its shadow root; the email by the sending renderer, at a phone's width and at 600 px.
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_UA } from "../../sandbox/demo";
import { startTestApp, type TestApp } from "../support/app";
import { ARTIFACTS, launchChromium, type Browser } from "../support/browser";
import { activate, installShop } from "../support/shop";

let t: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await startTestApp("sqlite");
  const shopId = await installShop(t);
  await activate(t, shopId, { LG3: {}, SA3: {}, RE2: {} });
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** A scenario's page from the list, then one of its steps, as a merchant clicks. */
async function openStep(scenario: string, stepId: string): Promise<void> {
  // A fresh load: unsaved edits of the last test would keep the save bar over the menu.
  await page.goto(t.double.adminUrl(t.shop));
  await page
    .locator("ui-nav-menu")
    .getByRole("link", { name: "Scenarios" })
    .click({ timeout: 20_000 });
  await page.getByRole("link", { name: scenario }).click({ timeout: 20_000 });
  await page.locator(`[id="map-step-${stepId}"]`).click({ timeout: 20_000 });
  await page
    .getByRole("heading", { name: "Preview" })
    .waitFor({ timeout: 20_000 });
}

async function previewFrame(channel: string): Promise<Frame> {
  const element = await page.waitForSelector(
    `iframe[data-preview-channel="${channel}"]`,
    { timeout: 20_000 },
  );
  return (await element.contentFrame())!;
}

const inShadow = (frame: Frame, selector: string) =>
  frame.evaluate(
    (s) =>
      [
        ...(document
          .querySelector("#trigger-map-root")
          ?.shadowRoot?.querySelectorAll(s) ?? []),
      ].map((e) => e.textContent),
    selector,
  );

describe("the message preview on the scenario page", () => {
  it("shows a popup drawn by the storefront's UI module as it is typed, with the sample shopper's code", async () => {
    await openStep("Welcome bonus popup", "popup");
    const frame = () => previewFrame("popup");
    await expect
      .poll(async () => inShadow(await frame(), ".dialog p"), {
        timeout: 20_000,
      })
      .toContain("Get 10% off your first order");
    // The email capture form of the real runtime, in its shadow root.
    await expect
      .poll(
        async () =>
          (await inShadow(await frame(), "form input[type=email]")).length,
      )
      .toBe(1);

    // As typed, unsaved: the preview follows the text field.
    await page
      .locator('[id$=".message.body.en"]')
      .fill("Hello {{first_name}}, 15% off today");
    await expect
      .poll(async () => inShadow(await frame(), ".dialog p"), {
        timeout: 20_000,
      })
      .toContain("Hello Anna, 15% off today");
    await page
      .getByLabel("Preview for a contact whose name we don't know")
      .check();
    await expect
      .poll(async () => inShadow(await frame(), ".dialog p"), {
        timeout: 20_000,
      })
      .toContain("Hello there, 15% off today");
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-preview-popup.png"),
      fullPage: true,
    });

    await page.locator('[id="map-step-code-popup"]').click();
    await expect
      .poll(async () => inShadow(await frame(), ".code .value"), {
        timeout: 20_000,
      })
      .toEqual(["SAMPLE-10"]);
    await expect
      .poll(async () => inShadow(await frame(), ".dialog p"))
      .toContain("Your code: SAMPLE-10");
  });

  it("fills a product list from sample products and shows a chat message, with no network", async () => {
    const fromFrames: string[] = [];
    const record = (r: { frame(): unknown; url(): string }) =>
      void (
        r.frame() !== page.mainFrame() &&
        !r.url().startsWith("data:") &&
        fromFrames.push(r.url())
      );
    page.on("request", record);
    await openStep("Popular products and next-order bonus", "popular");
    await expect
      .poll(async () => inShadow(await previewFrame("popup"), ".products li"), {
        timeout: 20_000,
      })
      .toEqual(["Linen shirt$49.00", "Canvas tote$15.50", "Ceramic mug$18.00"]);

    // The abandoned cart's on-site step cascades popup → chat: the chat message previewed.
    await openStep("Abandoned cart", "cart-onsite");
    await page.getByLabel("Channel", { exact: true }).selectOption("chat");
    await expect
      .poll(
        async () => inShadow(await previewFrame("chat"), ".chat .greeting"),
        { timeout: 20_000 },
      )
      .toEqual(["Your cart is saved. Need help with your order?"]);
    page.off("request", record);
    expect(fromFrames).toEqual([]);
  });

  it("shows the email at a phone's width with nothing running off the side, and at 600 px", async () => {
    await openStep("Abandoned cart", "cart-email");
    await page.getByRole("button", { name: /Mobile/ }).click();
    let frame = await previewFrame("email");
    await expect
      .poll(() => frame.evaluate(() => document.body?.textContent ?? ""), {
        timeout: 20_000,
      })
      .toContain("Anna, your cart is waiting");
    const width = (f: Frame) =>
      f.evaluate(() => ({
        client: document.documentElement.clientWidth,
        scroll: document.documentElement.scrollWidth,
      }));
    expect(await width(frame)).toEqual({ client: 375, scroll: 375 });
    await expect(page.getByText("Subject:").count()).resolves.toBe(1);
    await page
      .getByRole("button", { name: "Show the plain-text version" })
      .click();
    await expect(page.locator("pre").textContent()).resolves.toContain(
      "Unsubscribe: https://",
    );
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-preview-email-mobile.png"),
      fullPage: true,
    });

    await page.getByRole("button", { name: /Desktop/ }).click();
    frame = await previewFrame("email");
    await expect.poll(() => width(frame)).toEqual({ client: 600, scroll: 600 });
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-preview-email-desktop.png"),
      fullPage: true,
    });
  });

  it("names the field of a message the model refuses", async () => {
    await page.locator('[id$=".message.body.en"]').fill("");
    await page
      .getByText("Fix the message to see its preview:")
      .waitFor({ timeout: 20_000 });
    await expect(page.getByText("message.body.en:").count()).resolves.toBe(1);
  });
});

describe("POST /app/preview", () => {
  const post = (
    body: unknown,
    token: string | null = t.double.mintSessionToken(t.shop),
  ) =>
    fetch(`${t.app.url}/app/preview`, {
      method: "POST",
      headers: {
        "User-Agent": BROWSER_UA,
        "Content-Type": "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });

  it("answers a bad message with 400 and the field", async () => {
    const response = await post({
      channel: "email",
      message: { key: "Bad Key", body: { en: "Hi" } },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [expect.objectContaining({ field: "message.key" })],
    });
  });

  it("renders a message for a merchant's session token, and for no one else", async () => {
    const ok = await post({
      channel: "web_push",
      message: {
        key: "k",
        title: { en: "Back in stock" },
        body: { en: "The linen shirt is back." },
      },
    });
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { preview: { html: string } }).preview.html,
    ).toContain("Back in stock");
    // Without one, Shopify's library answers with its page that fetches a token: no preview.
    const refused = await post(
      {
        channel: "web_push",
        message: { key: "k", body: { en: "Back in stock" } },
      },
      null,
    );
    expect(refused.headers.get("content-type")).not.toContain(
      "application/json",
    );
    expect(await refused.text()).not.toContain("Back in stock");
  });
});
