// The merchant's Settings and Chat replies pages in Chromium against the sandbox admin: a bad value is
// refused on its field and nothing is saved, a fixed one is; the SMTP provider is connected through
// the form and the test email really goes out; the provider's report URL and steps are shown and a
// bounced address is lifted; a shopper's chat reply is listed and marked read; the page in Russian.
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server";
import type { Sandbox } from "../../sandbox/sandbox";
import {
  ARTIFACTS,
  startSandboxInBrowser,
  type Browser,
  type SandboxInBrowser,
} from "../support/browser";

let running: SandboxInBrowser;
let sandbox: Sandbox;
let browser: Browser;
let page: Page;
let smtp: SMTPServer;
let smtpPort: number;
const received: ParsedMail[] = [];
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  // The merchant's own SMTP server, which takes the password "smtp-pass" only.
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _s, cb) =>
      auth.password === "smtp-pass"
        ? cb(null, { user: auth.username })
        : cb(new Error("Invalid credentials")),
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then((mail) => (received.push(mail), cb()), cb),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  running = await startSandboxInBrowser({ worker: false });
  ({ sandbox, browser } = running);
  page = await browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on(
    "console",
    (message) =>
      message.type() === "error" && consoleErrors.push(message.text()),
  );
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

const card = (title: string) =>
  page.getByRole("region", { name: title, exact: true });

async function openSettings(locale = "") {
  await page.goto(sandbox.adminUrl + locale);
  await page
    .locator("ui-nav-menu")
    .getByRole("link", { name: locale ? "Настройки" : "Settings" })
    .click({ timeout: 20_000 });
  await page
    .getByRole("heading", {
      name: locale ? "Почтовый сервис" : "Email provider",
    })
    .waitFor({ timeout: 20_000 });
}

describe("the Settings and Chat replies pages in Chromium", () => {
  it("refuses a bad value on its field and saves nothing, then saves the fixed one", async () => {
    await openSettings();
    const limits = card("Caps and quiet hours");
    const cap = limits.getByLabel("Marketing messages per contact per day");
    await expect(cap.inputValue()).resolves.toBe("2");
    await cap.fill("50");
    await limits.getByRole("button", { name: "Save" }).click();
    await limits.getByText("At most 20").waitFor({ timeout: 20_000 });
    await expect(
      limits
        .getByText("Fix the fields marked below; nothing was saved.")
        .isVisible(),
    ).resolves.toBe(true);

    await openSettings();
    await expect(
      card("Caps and quiet hours")
        .getByLabel("Marketing messages per contact per day")
        .inputValue(),
    ).resolves.toBe("2");

    await card("Caps and quiet hours")
      .getByLabel("Marketing messages per contact per day")
      .fill("3");
    await card("Caps and quiet hours")
      .getByRole("button", { name: "Save" })
      .click();
    await card("Caps and quiet hours")
      .getByText("Saved", { exact: true })
      .waitFor({ timeout: 20_000 });
    await openSettings();
    await expect(
      card("Caps and quiet hours")
        .getByLabel("Marketing messages per contact per day")
        .inputValue(),
    ).resolves.toBe("3");
  }, 120_000);

  it("connects the SMTP provider through the form and sends the test email", async () => {
    const provider = card("Email provider");
    // Another kind's fields, checked by the same schema: a wrong region is named on its field.
    await provider.getByLabel("Service").selectOption("ses");
    await provider.getByLabel("Region", { exact: true }).fill("mars");
    await provider.getByRole("button", { name: "Save" }).click();
    await provider
      .getByText("An AWS region, e.g. eu-west-1")
      .waitFor({ timeout: 20_000 });
    await provider.getByText("Required").first().waitFor();
    await provider
      .getByText(
        "No email provider connected: emails wait until you connect one.",
      )
      .waitFor();

    await provider.getByLabel("Service").selectOption("smtp");
    await provider.getByLabel("Host", { exact: true }).fill("127.0.0.1");
    await provider.getByLabel("Port", { exact: true }).fill(String(smtpPort));
    await provider
      .getByLabel("Refuse to send without STARTTLS", { exact: true })
      .uncheck();
    await provider.getByLabel("User name", { exact: true }).fill("shop");
    // A wrong password first: the test email says what went wrong in our words, not the server's.
    await provider.getByLabel("Password", { exact: true }).fill("nope");
    await provider.getByRole("button", { name: "Save" }).click();
    await provider
      .getByText("Saved", { exact: true })
      .waitFor({ timeout: 20_000 });
    await card("Send a test email")
      .getByRole("button", { name: "Send test email" })
      .click();
    await card("Send a test email")
      .getByText(
        "Your email server refused the sign-in. Check the user name and password",
        { exact: false },
      )
      .waitFor({ timeout: 20_000 });
    expect(await page.content()).not.toMatch(/Invalid credentials|535/);

    await openSettings();
    await provider.getByLabel("Password", { exact: true }).fill("smtp-pass");
    await provider.getByRole("button", { name: "Save" }).click();
    await provider
      .getByText("Saved", { exact: true })
      .waitFor({ timeout: 20_000 });

    // The password is not sent back: the form says one is saved.
    await openSettings();
    await card("Email provider")
      .getByText("Saved. Leave empty to keep it.")
      .waitFor();
    expect(await page.content()).not.toContain("smtp-pass");

    const test = card("Send a test email");
    await expect(test.getByLabel("Send to").inputValue()).resolves.toBe(
      "owner@trigger-map-demo.example",
    );
    await test.getByRole("button", { name: "Send test email" }).click();
    await test
      .getByText("Test email sent to owner@trigger-map-demo.example.")
      .waitFor({ timeout: 20_000 });
    await test
      .getByText(/Last test email went out/)
      .waitFor({ timeout: 20_000 });
    expect(received.map((m) => m.subject)).toEqual([
      "Test email from Trigger Map for Trigger Map Demo Store",
    ]);
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-settings.png"),
      fullPage: true,
    });
  }, 120_000);

  it("republishes the storefront when the languages change, and keeps the list of test contacts", async () => {
    await openSettings();
    const consent = card("Consent and languages");
    await consent.getByLabel("Russian").check();
    await consent.getByRole("button", { name: "Save" }).click();
    await consent
      .getByText("Saved", { exact: true })
      .waitFor({ timeout: 20_000 });
    const published = JSON.parse(
      sandbox.double.admin.appMetafield(
        sandbox.shop,
        "trigger_map",
        "storefront",
      )!.value,
    ) as { languages: string[] };
    expect(published.languages).toEqual(["en", "ru"]);

    const contacts = card("Test contacts");
    await contacts.getByLabel("Email to add").fill("not an address");
    await contacts.getByRole("button", { name: "Add" }).click();
    await contacts
      .getByText("Enter a valid email address")
      .waitFor({ timeout: 20_000 });
    await contacts.getByLabel("Email to add").fill("QA@demo.example");
    await contacts.getByRole("button", { name: "Add" }).click();
    await card("Test contacts")
      .getByText("qa@demo.example")
      .waitFor({ timeout: 20_000 });
    await card("Test contacts")
      .getByRole("button", { name: "Remove qa@demo.example" })
      .click();
    await card("Test contacts")
      .getByText("No test contacts yet.")
      .waitFor({ timeout: 20_000 });
  }, 120_000);

  it("lists a shopper's chat reply on the Chat replies page and marks it read", async () => {
    const chat = await fetch(
      sandbox.double.appProxyUrl("/chat", { shop: sandbox.shop }),
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          visitorId: "browser-ed",
          message: "Do you ship to Canada?",
          email: "ed@example.com",
          page: "/products/mug",
        }),
      },
    );
    expect(chat.status).toBe(204);
    await page
      .locator("ui-nav-menu")
      .getByRole("link", { name: "Chat replies" })
      .click();
    await page.getByText("Do you ship to Canada?").waitFor({ timeout: 20_000 });
    await expect(
      page.getByRole("link", { name: "Reply by email" }).getAttribute("href"),
    ).resolves.toMatch(/^mailto:ed@example\.com\?/);
    await page.getByText("New", { exact: true }).waitFor();
    await page.getByText("1 unread").waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-chat-replies.png"),
      fullPage: true,
    });
    await page.getByRole("button", { name: "Mark as read" }).click();
    await page
      .getByText("1 unread")
      .waitFor({ state: "detached", timeout: 20_000 });
    await expect(page.getByText("New", { exact: true }).count()).resolves.toBe(
      0,
    );
  }, 120_000);

  it("shows the provider's report URL and steps, and lifts a bounced address after a confirmation", async () => {
    await openSettings();
    await card("Bounce and complaint reports")
      .getByText(/With an SMTP server the app reads the server's answer/)
      .waitFor();
    const provider = card("Email provider");
    await provider.getByLabel("Service").selectOption("postmark");
    await provider.getByLabel("Server token", { exact: true }).fill("pm-token");
    await provider.getByRole("button", { name: "Save" }).click();
    await provider
      .getByText("Saved", { exact: true })
      .waitFor({ timeout: 20_000 });

    await openSettings();
    const reports = card("Bounce and complaint reports");
    await expect(
      reports.getByLabel("URL to paste into Postmark").inputValue(),
    ).resolves.toMatch(
      /^http:\/\/trigger-map:[^@]+@127\.0\.0\.1:\d+\/webhooks\/email\/postmark\/\w+\/[\w-]+$/,
    );
    await reports
      .getByText("Tick Delivery, Bounce and Spam Complaint, then save.")
      .waitFor();
    await reports.getByText(/^No reports received yet/).waitFor();
    // Postmark's webhook can be set up with the saved token.
    await reports
      .getByRole("button", { name: "Connect automatically" })
      .waitFor();
    await reports.getByText("No suppressed addresses yet.").waitFor();

    // What the provider's reports would have recorded.
    const db = createDb(running.databaseUrl);
    const shop = await db.shop.findUniqueOrThrow({
      where: { domain: sandbox.shop },
    });
    await db.shop.update({
      where: { id: shop.id },
      data: { emailEventsSince: new Date() },
    });
    await db.emailSuppression.createMany({
      data: [
        {
          shopId: shop.id,
          email: "gone@example.com",
          reason: "HARD_BOUNCE",
          provider: "postmark",
          detail: "550 5.1.1 user unknown",
        },
        {
          shopId: shop.id,
          email: "angry@example.com",
          reason: "COMPLAINT",
          provider: "postmark",
        },
      ],
    });
    await db.$disconnect();

    await openSettings();
    await reports.getByText(/^Reports received since/).waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-settings-reports.png"),
      fullPage: true,
    });
    await reports
      .getByRole("link", { name: "Suppressed addresses (2)" })
      .click();
    await page
      .getByRole("heading", { name: "Suppressed addresses" })
      .waitFor({ timeout: 20_000 });
    await page.getByText("Marked as spam: cannot be lifted").waitFor();
    await page.getByText("The provider said: 550 5.1.1 user unknown").waitFor();
    await page.getByRole("button", { name: "Lift gone@example.com" }).click();
    await page
      .getByText(/Lift it only once the address has been corrected/)
      .waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-suppressions.png"),
      fullPage: true,
    });
    await page.getByRole("button", { name: "Lift", exact: true }).click();
    await page
      .getByText("Lifted: gone@example.com will get emails again.")
      .waitFor({ timeout: 20_000 });
    await page
      .getByText("gone@example.com", { exact: true })
      .waitFor({ state: "detached", timeout: 20_000 });
    await page.getByText("angry@example.com", { exact: true }).waitFor();
  }, 120_000);

  it("speaks Russian when Shopify's admin does", async () => {
    await openSettings("&locale=ru");
    await page.getByRole("heading", { name: "Лимиты и тихие часы" }).waitFor();
    await page.getByText("Маркетинговых сообщений контакту в день").waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-settings-ru.png"),
      fullPage: true,
    });
  }, 120_000);

  it("rendered every page without a script error or a hydration mismatch", () => {
    expect(pageErrors).toEqual([]);
    // Only fetches this offline machine cannot make (Shopify's CDN fonts, a favicon).
    expect(
      consoleErrors.filter((e) => !e.startsWith("Failed to load resource")),
    ).toEqual([]);
  });
});
