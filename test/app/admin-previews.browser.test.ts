// The scenario page's message preview in Chromium: the preview card (app/ui/MessagePreview.tsx, shown
// on /app/preview/sample) posts the unsaved message to /app/preview with App Bridge's session token
// and draws what comes back in a sandboxed frame: the popup by the storefront's own UI module, in its
// shadow root; the email by the sending renderer, at a phone's width and at 600 px.
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_UA } from "../../sandbox/demo";
import type { Sandbox } from "../../sandbox/sandbox";
import { ARTIFACTS, startSandboxInBrowser, type Browser, type SandboxInBrowser } from "../support/browser";

let running: SandboxInBrowser;
let sandbox: Sandbox;
let browser: Browser;
let page: Page;

const embedded = (pathname: string) =>
  `${sandbox.appUrl}${pathname}?embedded=1&shop=${sandbox.shop}&host=${Buffer.from(`${sandbox.shop}/admin`).toString("base64url")}&id_token=${sandbox.double.mintSessionToken(sandbox.shop)}`;

beforeAll(async () => {
  running = await startSandboxInBrowser({ worker: false });
  ({ sandbox, browser } = running);
  page = await browser.context.newPage();
  // The first admin load installs the shop (token exchange).
  await page.goto(sandbox.adminUrl);
  await page.getByRole("heading", { name: /Dashboard/ }).waitFor({ timeout: 30_000 });
  await page.goto(embedded("/app/preview/sample"));
  await page.getByRole("heading", { name: "Message preview" }).waitFor({ timeout: 30_000 });
}, 120_000);
afterAll(() => running?.stop());

async function previewFrame(channel: string): Promise<Frame> {
  const element = await page.waitForSelector(`iframe[data-preview-channel="${channel}"]`, { timeout: 20_000 });
  return (await element.contentFrame())!;
}

/** The runtime's dialog, read through its shadow root. */
const dialogText = (frame: Frame) =>
  frame.evaluate(() => {
    const root = document.querySelector("#trigger-map-root")?.shadowRoot;
    const dialog = root?.querySelector(".dialog");
    return dialog ? { title: dialog.querySelector("h2")?.textContent, body: dialog.querySelector("p")?.textContent, code: root!.querySelector(".code .value")?.textContent } : null;
  });

describe("the message preview in the admin", () => {
  it("shows a popup drawn by the storefront's UI module, with the sample shopper's name and code", async () => {
    const frame = await previewFrame("popup");
    await frame.waitForFunction(() => document.documentElement.dataset.preview === "shown", undefined, { timeout: 20_000 });
    await expect.poll(() => dialogText(frame)).toEqual({ title: "Hello, Anna", body: "Here is SAMPLE-10: 10% off your first order.", code: "SAMPLE-10" });
    // The frame may run the runtime, but it has no origin: it cannot reach the admin around it.
    expect(await page.locator('iframe[data-preview-channel="popup"]').getAttribute("sandbox")).toBe("allow-scripts");
    await page.screenshot({ path: path.join(ARTIFACTS, "admin-preview-popup.png"), fullPage: true });

    // On a phone the runtime draws the popup as a sheet along the bottom of the screen.
    await page.getByRole("button", { name: /Mobile/ }).click();
    const sheet = () => frame.evaluate(() => {
      const rect = document.querySelector("#trigger-map-root")!.shadowRoot!.querySelector(".dialog")!.getBoundingClientRect();
      return { width: rect.width, bottom: rect.bottom, viewport: { width: innerWidth, height: innerHeight } };
    });
    await expect.poll(sheet).toEqual({ width: 375, bottom: 560, viewport: { width: 375, height: 560 } });
    await page.screenshot({ path: path.join(ARTIFACTS, "admin-preview-popup-mobile.png"), fullPage: true });
    await page.getByRole("button", { name: /Desktop/ }).click();

    // As typed: a new title re-renders the preview; a contact with no name gets the fallback.
    await page.getByLabel("Title").fill("Welcome back, {{first_name}}");
    await page.getByLabel("Preview for a contact whose name we don't know").check();
    await expect.poll(async () => (await dialogText(await previewFrame("popup")))?.title, { timeout: 20_000 }).toBe("Welcome back, there");
  });

  it("fills a product list from sample products and shows a chat message, with no network", async () => {
    const fromFrames: string[] = [];
    page.on("request", (r) => void (r.frame() !== page.mainFrame() && !r.url().startsWith("data:") && fromFrames.push(r.url())));
    await page.getByLabel("Content").selectOption("popular_products");
    await expect.poll(async () => (await previewFrame("popup")).evaluate(() =>
      [...(document.querySelector("#trigger-map-root")?.shadowRoot?.querySelectorAll(".products li") ?? [])].map((li) => li.textContent)), { timeout: 20_000 })
      .toEqual(["Linen shirt$49.00", "Canvas tote$15.50", "Ceramic mug$18.00"]);
    await page.getByLabel("Channel").selectOption("chat");
    const chat = await previewFrame("chat");
    await expect.poll(() => chat.evaluate(() => document.querySelector("#trigger-map-root")?.shadowRoot?.querySelector(".chat .greeting")?.textContent), { timeout: 20_000 })
      .toMatch(/SAMPLE-10.*10% off your first order\.$/);
    // The chat bubble issues the message's code as the popup does: nothing is left empty.
    await expect(page.getByText("{{code}}: no fallback.", { exact: false }).count()).resolves.toBe(0);
    await page.getByLabel("Content").selectOption("discount_code");
    expect(fromFrames).toEqual([]);
  });

  it("shows the email at a phone's width with nothing running off the side, and at 600 px", async () => {
    await page.getByLabel("Channel").selectOption("email");
    await page.getByRole("button", { name: /Mobile/ }).click();
    let frame = await previewFrame("email");
    await expect.poll(() => frame.evaluate(() => document.body?.textContent ?? ""), { timeout: 20_000 }).toContain("SAMPLE-10");
    const width = (f: Frame) => f.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
    expect(await width(frame)).toEqual({ client: 375, scroll: 375 });
    await expect(page.getByText("Subject:").count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Show the plain-text version" }).click();
    await expect(page.locator("pre").textContent()).resolves.toContain("Unsubscribe: https://");
    await page.screenshot({ path: path.join(ARTIFACTS, "admin-preview-email-mobile.png"), fullPage: true });

    await page.getByRole("button", { name: /Desktop/ }).click();
    frame = await previewFrame("email");
    await expect.poll(() => width(frame)).toEqual({ client: 600, scroll: 600 });
    await page.screenshot({ path: path.join(ARTIFACTS, "admin-preview-email-desktop.png"), fullPage: true });
  });

  it("names the field of a message the model refuses", async () => {
    await page.getByLabel("Text").fill("");
    await page.getByText("Fix the message to see its preview:").waitFor({ timeout: 20_000 });
    await expect(page.getByText("message.body.en:").count()).resolves.toBe(1);
  });
});

describe("POST /app/preview", () => {
  const post = (body: unknown, token: string | null = sandbox.double.mintSessionToken(sandbox.shop)) =>
    fetch(`${sandbox.appUrl}/app/preview`, {
      method: "POST",
      headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it("answers a bad message with 400 and the field", async () => {
    const response = await post({ channel: "email", message: { key: "Bad Key", body: { en: "Hi" } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [expect.objectContaining({ field: "message.key" })] });
  });

  it("renders a message for a merchant's session token, and for no one else", async () => {
    const ok = await post({ channel: "web_push", message: { key: "k", title: { en: "Back in stock" }, body: { en: "The linen shirt is back." } } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { preview: { html: string } }).preview.html).toContain("Back in stock");
    // Without one, Shopify's library answers with its page that fetches a token: no preview.
    const refused = await post({ channel: "web_push", message: { key: "k", body: { en: "Back in stock" } } }, null);
    expect(refused.headers.get("content-type")).not.toContain("application/json");
    expect(await refused.text()).not.toContain("Back in stock");
  });
});
