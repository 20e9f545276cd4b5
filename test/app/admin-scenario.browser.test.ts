// The scenario list and page in a real Chromium against the sandbox (the real app, the Shopify
// double and its App Bridge stand-in, the demo shop with its templates active): a wait and an
// email's English text edited, the save bar, a new version saved and shown again; a blanked
// English text refused inline with nothing saved; a test email of unsaved copy; Pause / Activate;
// variant B with a 10% holdout saved and drawn; RE4 rebuilt with a review page (an unsafe one
// refused); the page in Russian.
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import { definitionOrPause } from "../../app/runs/versions.server";
import {
  SCHEMA_VERSION,
  type ScenarioDefinition,
} from "../../app/scenarios/model";
import {
  deleteStep,
  insertStep,
  newStep,
  type EditResult,
} from "../../app/scenarios/editor/graph";
import { DEMO_SCENARIOS } from "../../sandbox/demo";
import { SANDBOX_KEY, startTestApp, type TestApp } from "../support/app";
import { ARTIFACTS, launchChromium, type Browser } from "../support/browser";
import { activate, installShop } from "../support/shop";

let t: TestApp;
let browser: Browser;
let sa3: string;
let demoShopId: string;
let smtp: SMTPServer;
const mails: ParsedMail[] = [];

beforeAll(async () => {
  t = await startTestApp("sqlite");
  const shopId = await installShop(t);
  ({ SA3: sa3 } = (await activate(t, shopId, DEMO_SCENARIOS)) as {
    SA3: string;
  });
  demoShopId = shopId;
  // The shop sends through a local SMTP server and has a test contact: the merchant's own address.
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then((m) => (mails.push(m), cb()), cb),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const shop = await t.database.db.shop.findUniqueOrThrow({
    where: { id: shopId },
  });
  await t.database.db.shop.update({
    where: { id: shopId },
    data: {
      settings: {
        ...(shop.settings as object),
        testContacts: ["merchant@example.com"],
        physicalAddress: "1 Demo Street",
      },
    },
  });
  const port = (smtp.server.address() as { port: number }).port;
  expect(
    await saveEmailProvider(
      t.database.db,
      t.shop,
      {
        kind: "smtp",
        host: "127.0.0.1",
        port,
        secure: false,
        requireTls: false,
      },
      SANDBOX_KEY,
    ),
  ).toEqual({ ok: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await new Promise<void>((resolve) =>
    smtp ? smtp.close(() => resolve()) : resolve(),
  );
});

const db = () => t.database.db;
type Done = Extract<EditResult, { ok: true }>;
const current = async () => {
  const scenario = await db().scenario.findUniqueOrThrow({
    where: { id: sa3 },
  });
  const row = await db().scenarioVersion.findUniqueOrThrow({
    where: {
      scenarioId_version: { scenarioId: sa3, version: scenario.currentVersion },
    },
  });
  return {
    version: scenario.currentVersion,
    definition: row.definition as unknown as ScenarioDefinition,
  };
};
const indexOf = (d: ScenarioDefinition, id: string) =>
  d.steps.findIndex((s) => s.id === id);
const field = (page: Page, path: string) => page.locator(`[id="${path}"]`);
const saveBar = (page: Page) => page.locator("ui-save-bar");

/** The app opened from the admin link, then the scenario list and the abandoned cart's page, as a merchant clicks. */
async function openScenario(locale?: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(
    t.double.adminUrl(t.shop) + (locale ? `&locale=${locale}` : ""),
  );
  await page
    .getByRole("link", { name: locale === "ru" ? "Сценарии" : "Scenarios" })
    .click({ timeout: 20_000 });
  await page
    .getByRole("link", {
      name: locale === "ru" ? "Брошенная корзина" : "Abandoned cart",
    })
    .click({ timeout: 20_000 });
  await page
    .getByRole("heading", { name: locale === "ru" ? "Путь" : "Path" })
    .waitFor({ timeout: 20_000 });
  return page;
}

describe("the scenario list and page", () => {
  it("lists the demo shop's scenarios by their templates' names", async () => {
    const page = await browser.context.newPage();
    await page.goto(t.double.adminUrl(t.shop));
    await page
      .getByRole("link", { name: "Scenarios" })
      .click({ timeout: 20_000 });
    await page
      .getByRole("link", { name: "Abandoned cart" })
      .waitFor({ timeout: 20_000 });
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    await expect(rows.count()).resolves.toBe(
      Object.keys(DEMO_SCENARIOS).length,
    );
    await expect(
      rows.filter({ hasText: "Abandoned cart" }).innerText(),
    ).resolves.toMatch(/Sales[\s\S]*Active\s+1\s+0\s+0/);
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-scenarios.png"),
      fullPage: true,
    });
    await page.close();
  });

  it("edits a wait and the email's English text, saves them from the save bar as a new version, and shows them again", async () => {
    const before = await current();
    const wait = indexOf(before.definition, "reminder-wait");
    const email = indexOf(before.definition, "cart-email");
    const page = await openScenario();
    await expect(saveBar(page).isVisible()).resolves.toBe(false);
    // App Bridge's API by the save bar's id, as the stand-in offers it.
    await page.evaluate(() =>
      (
        window as unknown as {
          shopify: { saveBar: { show(id: string): Promise<void> } };
        }
      ).shopify.saveBar.show("scenario-save-bar"),
    );
    await saveBar(page).waitFor({ state: "visible" });
    await page.evaluate(() =>
      (
        window as unknown as {
          shopify: { saveBar: { hide(id: string): Promise<void> } };
        }
      ).shopify.saveBar.hide("scenario-save-bar"),
    );
    await saveBar(page).waitFor({ state: "hidden" });

    await page.getByRole("button", { name: "Wait 3 d", exact: true }).click();
    await field(page, `steps.${wait}.duration.amount`).fill("5");
    await page
      .getByRole("button", {
        name: /^Email: “\{\{first_name\}\}, your cart is waiting/,
      })
      .click();
    await field(page, `steps.${email}.message.body.en`).fill(
      "Come back, {{first_name}}: your cart is saved",
    );
    await saveBar(page).waitFor({ state: "visible" });
    await saveBar(page).locator("button[variant=primary]").click();
    await page.getByText("Version 2").waitFor({ timeout: 20_000 });
    await saveBar(page).waitFor({ state: "hidden" });

    const after = await current();
    expect(after.version).toBe(before.version + 1);
    expect(after.definition.steps[wait]).toMatchObject({
      duration: { amount: 5, unit: "days" },
    });
    expect(after.definition.steps[email]).toMatchObject({
      message: {
        body: { en: "Come back, {{first_name}}: your cart is saved" },
      },
    });
    // The old version stays for the contacts who started on it.
    expect(
      await db().scenarioVersion.count({ where: { scenarioId: sa3 } }),
    ).toBe(after.version);
    await page.close();

    const again = await openScenario();
    await again.getByRole("button", { name: "Wait 5 d", exact: true }).click();
    await expect(
      field(again, `steps.${wait}.duration.amount`).inputValue(),
    ).resolves.toBe("5");
    // The template's parameter shows the value in force, read back from the edited step.
    await expect(
      field(again, "parameters.reminderDays").inputValue(),
    ).resolves.toBe("5");
    await again
      .getByRole("button", {
        name: /^Email: “Come back, \{\{first_name\}\}: your cart is saved/,
      })
      .waitFor();
    await again.close();
  });

  it("shows a blanked English text's error on that field and saves nothing", async () => {
    const before = await current();
    const email = indexOf(before.definition, "cart-email");
    const page = await openScenario();
    await page.getByRole("button", { name: /^Email: “Come back/ }).click();
    await field(page, `steps.${email}.message.body.en`).fill("");
    await saveBar(page).locator("button[variant=primary]").click();
    await page
      .getByText("Not saved: fix the fields marked in red.")
      .waitFor({ timeout: 20_000 });
    await expect(
      field(page, `steps.${email}.message.body.en`).getAttribute(
        "aria-invalid",
      ),
    ).resolves.toBe("true");
    await expect(
      page.locator(`[id="steps.${email}.message.body.enError"]`).innerText(),
    ).resolves.toMatch(/Required/);
    expect(await current()).toEqual(before);

    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await saveBar(page).waitFor({ state: "hidden" });
    await expect(
      field(page, `steps.${email}.message.body.en`).inputValue(),
    ).resolves.toBe("Come back, {{first_name}}: your cart is saved");
    await page.close();
  });

  it("refuses a button link that could run script, on its field in the merchant's words, and saves nothing", async () => {
    const before = await current();
    const email = indexOf(before.definition, "cart-email");
    const page = await openScenario();
    await page.getByRole("button", { name: /^Email: “Come back/ }).click();
    await field(page, `steps.${email}.message.cta.label.en`).fill(
      "Back to my cart",
    );
    await field(page, `steps.${email}.message.cta.url`).fill(
      "javascript:alert(document.cookie)",
    );
    await saveBar(page).locator("button[variant=primary]").click();
    await page
      .getByText("Not saved: fix the fields marked in red.")
      .waitFor({ timeout: 20_000 });
    await expect(
      field(page, `steps.${email}.message.cta.url`).getAttribute(
        "aria-invalid",
      ),
    ).resolves.toBe("true");
    await expect(
      page.locator(`[id="steps.${email}.message.cta.urlError"]`).innerText(),
    ).resolves.toMatch(
      /Enter a web address that starts with https:\/\/ or a page of your store that starts with \//,
    );
    expect(await current()).toEqual(before);
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await saveBar(page).waitFor({ state: "hidden" });
    await page.close();
  });

  it("takes the review app's page for RE4's button from the template's settings, refusing one that could run script", async () => {
    const { RE4: re4 } = (await activate(t, demoShopId, { RE4: {} })) as {
      RE4: string;
    };
    const page = await browser.context.newPage();
    await page.goto(t.double.adminUrl(t.shop));
    await page
      .getByRole("link", { name: "Scenarios" })
      .click({ timeout: 20_000 });
    await page
      .getByRole("link", { name: "Review request" })
      .click({ timeout: 20_000 });
    const link = field(page, "parameters.reviewUrl");
    await link.waitFor({ timeout: 20_000 });
    await expect(link.inputValue()).resolves.toBe("");
    await link.fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Rebuild from template" }).click();
    await expect
      .poll(() => link.getAttribute("aria-invalid"), { timeout: 20_000 })
      .toBe("true");
    const versionOf = async () =>
      (await db().scenario.findUniqueOrThrow({ where: { id: re4 } }))
        .currentVersion;
    expect(await versionOf()).toBe(1);
    await link.fill("https://reviews.example/demo");
    await page.getByRole("button", { name: "Rebuild from template" }).click();
    await page.getByText("Version 2").waitFor({ timeout: 20_000 });
    const row = await db().scenarioVersion.findUniqueOrThrow({
      where: { scenarioId_version: { scenarioId: re4, version: 2 } },
    });
    const review = (row.definition as unknown as ScenarioDefinition).steps.find(
      (s) => s.id === "review",
    );
    expect(review).toMatchObject({
      message: { cta: { url: "https://reviews.example/demo" } },
    });
    await expect(
      field(page, "parameters.reviewUrl").inputValue(),
    ).resolves.toBe("https://reviews.example/demo");
    await page.close();
  });

  it("sends the email step's message as it is on the page to a test contact", async () => {
    const before = await current();
    const page = await openScenario();
    await page.getByRole("button", { name: /^Email: “Come back/ }).click();
    await field(
      page,
      `steps.${indexOf(before.definition, "cart-email")}.message.body.en`,
    ).fill("Unsaved copy for {{first_name}}");
    await page.getByRole("button", { name: "Send test email" }).click();
    await page
      .getByText("Test email sent to merchant@example.com")
      .waitFor({ timeout: 20_000 });
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe("[Test] You left something behind");
    // No contact has the address: the message's fallback greets, as a real email would.
    expect(mail.text).toContain("Unsaved copy for there");
    expect(mail.html).toContain("Linen shirt");
    expect(await current()).toEqual(before);
    await page.close();
  });

  it("pauses and activates the scenario", async () => {
    const page = await openScenario();
    await page.getByRole("button", { name: "Pause" }).click();
    await page
      .locator(".Polaris-Badge", { hasText: "Paused" })
      .waitFor({ timeout: 20_000 });
    expect(
      (await db().scenario.findUniqueOrThrow({ where: { id: sa3 } })).status,
    ).toBe("PAUSED");
    await page.getByRole("button", { name: "Activate" }).click();
    await page
      .locator(".Polaris-Badge", { hasText: "Active" })
      .waitFor({ timeout: 20_000 });
    expect(
      (await db().scenario.findUniqueOrThrow({ where: { id: sa3 } })).status,
    ).toBe("ACTIVE");
    await page.close();
  });

  it("shows why the app paused a scenario it cannot read, saves it again in this app's version and resumes it", async () => {
    const re1 = await db().scenario.findFirstOrThrow({
      where: { templateKey: "RE1" },
    });
    const row = await db().scenarioVersion.findUniqueOrThrow({
      where: {
        scenarioId_version: { scenarioId: re1.id, version: re1.currentVersion },
      },
    });
    // A newer app saved a version, and was then rolled back; the worker meets it and pauses it.
    const version = re1.currentVersion + 1;
    await db().scenarioVersion.create({
      data: {
        scenarioId: re1.id,
        version,
        definition: {
          ...(row.definition as object),
          schemaVersion: SCHEMA_VERSION + 1,
        },
      },
    });
    await db().scenario.update({
      where: { id: re1.id },
      data: { currentVersion: version },
    });
    expect(await definitionOrPause(db(), re1.id, version)).toBeNull();

    const page = await browser.context.newPage();
    await page.goto(t.double.adminUrl(t.shop));
    await page
      .getByRole("link", { name: "Scenarios" })
      .click({ timeout: 20_000 });
    const row1 = page
      .locator(".Polaris-IndexTable__TableRow")
      .filter({ hasText: "Thank you and what's next" });
    await row1.waitFor({ timeout: 20_000 });
    await expect(row1.innerText()).resolves.toMatch(
      /Paused\s+(Critical\s+)?Cannot be read/,
    );
    await row1.getByRole("link").click();
    const banner = page.locator(".Polaris-Banner", {
      hasText: `Paused by the app: version ${version} of this scenario cannot be read`,
    });
    await banner.waitFor({ timeout: 20_000 });
    await expect(banner.innerText()).resolves.toMatch(
      /saved by a newer version of the app[\s\S]*save it again[\s\S]*contact support/,
    );
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-scenario-unreadable.png"),
      fullPage: true,
    });

    await banner.getByRole("button", { name: "Save again" }).click();
    await page
      .locator(".Polaris-Badge", { hasText: `Version ${version + 1}` })
      .waitFor({ timeout: 20_000 });
    const saved = await db().scenarioVersion.findUniqueOrThrow({
      where: {
        scenarioId_version: { scenarioId: re1.id, version: version + 1 },
      },
    });
    expect(saved.definition).toMatchObject({ schemaVersion: SCHEMA_VERSION });

    await page.getByRole("button", { name: "Activate" }).click();
    await page
      .locator(".Polaris-Badge", { hasText: "Active" })
      .waitFor({ timeout: 20_000 });
    await expect(banner.count()).resolves.toBe(0);
    expect(
      await db().scenario.findUniqueOrThrow({ where: { id: re1.id } }),
    ).toMatchObject({ status: "ACTIVE", pausedReason: null });
    await page.close();
  });

  it("adds variant B with a 10% holdout, saves it and draws it", async () => {
    const before = await current();
    const email = indexOf(before.definition, "cart-email");
    const page = await openScenario();
    await page.getByRole("button", { name: /^Email: “Come back/ }).click();
    await page.getByRole("button", { name: "Add variant B" }).click();
    await page
      .getByRole("button", { name: "A/B split: a 50%, b 50%", exact: true })
      .click();
    // The split takes the email's place; the email follows it as variant a.
    await field(page, `steps.${email}.holdoutPercent`).fill("10");
    await saveBar(page).locator("button[variant=primary]").click();
    await page
      .getByText(`Version ${before.version + 1}`)
      .waitFor({ timeout: 20_000 });
    // Drawn on the map: the holdout's own node, and the variants' labelled edges.
    await page.getByText("Holdout 10%: receive nothing").waitFor();
    await page.locator(".tm-way__label", { hasText: "Variant b" }).waitFor();

    const after = await current();
    expect(after.definition.steps[email]).toMatchObject({
      id: "cart-email-ab",
      type: "split",
      holdoutPercent: 10,
      variants: [
        { key: "a", weight: 50, next: "cart-email" },
        { key: "b", weight: 50, next: "cart-email-b" },
      ],
    });
    expect(
      after.definition.steps.find((s) => s.id === "cart-email-b"),
    ).toMatchObject({ type: "send", message: { key: "sa3.email.b" } });
    await page
      .getByRole("button", { name: /^Email: “Come back/ })
      .first()
      .click();
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-scenario.png"),
      fullPage: true,
    });
    await page.close();
  });

  it("draws the path as a map a keyboard and a screen reader can use, with counts on the steps on request", async () => {
    // One contact entered and waits at the email's delay; a test contact's run counts nowhere.
    for (const isTest of [false, true]) {
      const contact = await db().contact.create({
        data: { shopId: demoShopId, tags: [], isTest },
      });
      await db().scenarioRun.create({
        data: {
          shopId: demoShopId,
          scenarioId: sa3,
          scenarioVersion: 1,
          contactId: contact.id,
          status: "WAITING",
          state: {},
          stepId: "email-delay",
        },
      });
    }
    const page = await openScenario();
    const map = page.getByRole("region", { name: "Scenario map" });
    await map.locator(".react-flow__node").first().waitFor();
    // The wait is reached by the condition's "Yes", which its description reads out.
    await expect(
      page.locator("#map-about-email-delay").textContent(),
    ).resolves.toBe("Reached by: Yes");
    await expect(
      map.locator(".tm-way__label").allTextContents(),
    ).resolves.toEqual(expect.arrayContaining(["Yes", "No"]));
    // Enter on a focused step opens it in the panel, as a click does.
    await page.locator("#map-step-email-delay").focus();
    await page.keyboard.press("Enter");
    await page.getByText("Step: Wait").waitFor();
    await expect(
      page.locator("#map-step-email-delay").getAttribute("aria-pressed"),
    ).resolves.toBe("true");
    // Zoom and fit are labelled buttons.
    for (const name of ["Zoom in", "Zoom out", "Show the whole scenario"])
      await map.getByRole("button", { name }).waitFor();

    await page.getByLabel("Show counts").check();
    await map.locator(".tm-card__figures", { hasText: "1 entered" }).waitFor();
    await expect(
      page.locator('.react-flow__node[data-id="email-delay"]').innerText(),
    ).resolves.toMatch(/1 now/);
    await expect(
      page.locator('.react-flow__node[data-id="cart-email"]').innerText(),
    ).resolves.toMatch(/0 sent/);
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-scenario-map.png"),
      fullPage: true,
    });
    await page.close();
  });

  it("reshapes the scenario on the map: a reminder added after 5 days, a condition deleted keeping its Yes way, undo and redo restoring the exact graph, saved as a new version while a contact inside stays on its own", async () => {
    const before = await current();
    const inside = await db().scenarioRun.findFirstOrThrow({
      where: { scenarioId: sa3, status: "WAITING" },
    });
    const page = await openScenario();
    const map = page.getByRole("region", { name: "Scenario map" });
    await map.locator(".react-flow__node").first().waitFor();
    // The graph as drawn: every node and where the layout put it (the same graph lays out the same).
    const drawn = () =>
      page.evaluate(() =>
        [...document.querySelectorAll(".react-flow__node")]
          .map(
            (n) =>
              `${n.getAttribute("data-id")}@${(n as HTMLElement).style.transform}`,
          )
          .sort()
          .join(" "),
      );
    const shapes = [await drawn()];
    const settle = async () => {
      await page.waitForTimeout(100);
      shapes.push(await drawn());
    };

    // A wait after the last reminder, then a message after the wait.
    await page.locator('button[data-edge="reminder:next"]').click();
    await page.getByRole("heading", { name: "Add a step" }).waitFor();
    await page.locator("#add-wait").click();
    const expected = await (async () => {
      let d = before.definition;
      const wait = newStep("wait", d);
      d = (insertStep(d, { from: "reminder", port: "next" }, wait) as Done)
        .definition;
      return { d, wait };
    })();
    const { wait } = expected;
    await page.locator(`#map-step-${wait.id}[aria-pressed="true"]`).waitFor();
    const waitIndex = expected.d.steps.findIndex((s) => s.id === wait.id);
    await settle();
    await field(page, `steps.${waitIndex}.duration.amount`).fill("5");
    await field(page, `steps.${waitIndex}.duration.unit`).selectOption("days");
    let d: ScenarioDefinition = {
      ...expected.d,
      steps: expected.d.steps.map((s) =>
        s.id === wait.id
          ? { ...wait, duration: { amount: 5, unit: "days" as const } }
          : s,
      ),
    };
    await page.locator(`button[data-edge="${wait.id}:next"]`).click();
    await page.locator("#add-send").click();
    const reminder = newStep("send", d);
    d = (insertStep(d, { from: wait.id, port: "next" }, reminder) as Done)
      .definition;
    await page.locator(`#map-step-${reminder.id}`).waitFor();
    await settle();
    // The new message offers a discount: 15% off, valid 14 days.
    const m = `steps.${d.steps.findIndex((s) => s.id === reminder.id)}.message`;
    await page.getByText(/^Offer a discount/).click();
    await field(page, `${m}.discount.percent`).fill("15");
    d = {
      ...d,
      steps: d.steps.map((s) =>
        s.id === reminder.id && s.type === "send"
          ? {
              ...s,
              message: {
                ...s.message,
                discount: { percent: 15, validDays: 14 },
              },
            }
          : s,
      ),
    };

    // The condition goes; its Yes way stays, its No way (which ended) with it.
    await page.locator("#map-step-email-check").click();
    // Nothing is deleted before the merchant says which way stays.
    await page.getByText("Keep “Yes”").waitFor();
    await expect(
      page.getByRole("button", { name: "Delete step" }).isDisabled(),
    ).resolves.toBe(true);
    await page.getByText("Keep “Yes”").click();
    await page.getByRole("button", { name: "Delete step" }).click();
    await page.locator("#map-step-email-check").waitFor({ state: "detached" });
    d = (deleteStep(d, "email-check", "then") as Done).definition;
    await settle();

    // Undo walks back through every shape to the loaded one; redo forward again.
    const undo = page.getByRole("button", { name: /^Undo/ });
    const redo = page.getByRole("button", { name: /^Redo/ });
    const seen: string[] = [];
    while (await undo.isEnabled()) {
      await undo.click();
      await page.waitForTimeout(100);
      seen.push(await drawn());
    }
    expect(seen.at(-1)).toBe(shapes[0]);
    for (const shape of [...shapes].reverse().slice(1))
      expect(seen).toContain(shape);
    while (await redo.isEnabled()) await redo.click();
    await page.waitForTimeout(100);
    expect(await drawn()).toBe(shapes.at(-1));
    // The keyboard's Ctrl+Z and Ctrl+Shift+Z do the same outside a field.
    await page.locator("#map-step-reminder").focus();
    await page.keyboard.press("Control+z");
    await page.waitForTimeout(100);
    expect(await drawn()).toBe(shapes.at(-2));
    await page.keyboard.press("Control+Shift+z");
    await page.waitForTimeout(100);
    expect(await drawn()).toBe(shapes.at(-1));

    await saveBar(page).locator("button[variant=primary]").click();
    await page
      .getByText(`Version ${before.version + 1}`)
      .waitFor({ timeout: 20_000 });
    const after = await current();
    expect(after.definition.start).toBe(d.start);
    expect(after.definition.steps).toEqual(d.steps);
    // The contact already inside goes on with the version it started on.
    await expect(
      db().scenarioRun.findUniqueOrThrow({ where: { id: inside.id } }),
    ).resolves.toMatchObject({ scenarioVersion: inside.scenarioVersion });
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-scenario-reshaped.png"),
      fullPage: true,
    });
    await page.close();
  });

  it("adds a condition step and shapes its condition from any facts, with and / or groups", async () => {
    const before = await current();
    // After the path's last message (the reminder, or what an earlier test added after it).
    const last = before.definition.steps.find(
      (s) => s.type === "send" && !s.next,
    )!;
    const page = await openScenario();
    await page.locator(`button[data-edge="${last.id}:next"]`).click();
    await page.locator("#add-branch").click();
    const branch = newStep("branch", before.definition);
    const inserted = insertStep(
      before.definition,
      { from: last.id, port: "next" },
      branch,
    ) as Done;
    const index = inserted.definition.steps.findIndex(
      (s) => s.id === branch.id,
    );
    const base = `steps.${index}.condition`;
    await page.locator(`#map-step-${branch.id}[aria-pressed="true"]`).waitFor();
    await field(page, `${base}.type`).selectOption("cart_total_at_least");
    await field(page, `${base}.amount`).fill("100");
    await page
      .getByRole("button", { name: "Add a condition", exact: true })
      .click();
    await field(page, `${base}.all.1.type`).selectOption("customer_tag");
    await field(page, `${base}.all.1.tag`).fill("wholesale");
    await field(page, `${base}.kind`).selectOption("any");
    // The tag becomes an "and" of itself and whether the contact has ordered since the start.
    await page
      .getByRole("button", { name: "Make this an “and” group" })
      .nth(1)
      .click();
    await field(page, `${base}.any.1.all.1.type`).selectOption("has_ordered");
    await field(page, `${base}.any.1.all.1.since`).selectOption("trigger");
    // With both ways ending, the condition decides nothing: marked on its step until a message follows.
    const about = page.locator(`[id="map-about-${branch.id}"]`);
    await expect
      .poll(() => about.textContent())
      .toContain("Nothing is sent after this step");
    const message = newStep("send", inserted.definition);
    await page.locator(`button[data-edge="${branch.id}:then"]`).click();
    await page.locator("#add-send").click();
    await page.locator(`#map-step-${message.id}`).waitFor();
    await expect
      .poll(() => about.textContent())
      .not.toContain("Nothing is sent after this step");
    await saveBar(page).locator("button[variant=primary]").click();
    await page
      .getByText(`Version ${before.version + 1}`)
      .waitFor({ timeout: 20_000 });
    const after = await current();
    // Its Yes way leads to the new message; its No way ends, where the "+" was.
    expect(after.definition.steps[index]).toEqual({
      ...inserted.definition.steps[index],
      then: message.id,
      condition: {
        any: [
          { type: "cart_total_at_least", amount: 100 },
          {
            all: [
              { type: "customer_tag", tag: "wholesale" },
              { type: "has_ordered", is: false, since: "trigger" },
            ],
          },
        ],
      },
    });
    await page.close();
  });

  it("creates a blank scenario as a draft, duplicates it and deletes the copy after saying what goes with it", async () => {
    const page = await browser.context.newPage();
    await page.goto(t.double.adminUrl(t.shop));
    await page
      .getByRole("link", { name: "Scenarios" })
      .click({ timeout: 20_000 });
    await page.getByText("New scenario").first().click({ timeout: 20_000 });
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByText("Give the scenario a name").waitFor();
    await page.getByLabel("Name").fill("Cart rescue");
    await page.locator("#trigger").selectOption("checkout_abandoned");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page
      .getByRole("heading", { name: "Cart rescue" })
      .waitFor({ timeout: 20_000 });
    await page.locator(".Polaris-Badge", { hasText: "Draft" }).waitFor();
    const made = await db().scenario.findFirstOrThrow({
      where: { name: "Cart rescue" },
    });
    const [version] = await db().scenarioVersion.findMany({
      where: { scenarioId: made.id },
    });
    expect(version!.definition).toMatchObject({
      trigger: { type: "checkout_abandoned" },
      steps: [{ type: "send" }],
    });

    const action = async (name: string) => {
      const direct = page.getByRole("button", { name, exact: true });
      if (!(await direct.isVisible())) {
        await page.getByRole("button", { name: "More actions" }).click();
        await page.getByRole("menuitem", { name }).click();
      } else await direct.click();
    };
    await action("Duplicate");
    await page
      .getByRole("heading", { name: "Cart rescue (copy)" })
      .waitFor({ timeout: 20_000 });
    const copy = await db().scenario.findFirstOrThrow({
      where: { name: "Cart rescue (copy)" },
    });
    expect(copy.status).toBe("DRAFT");

    await action("Delete");
    await page
      .getByText(
        /its analytics: its runs, messages and credited orders are deleted/,
      )
      .waitFor();
    // Activated elsewhere meanwhile: not deleted, and the merchant is told what to do.
    await db().scenario.update({
      where: { id: copy.id },
      data: { status: "ACTIVE" },
    });
    // The sandbox's App Bridge stand-in writes a toast to the console.
    const told = page.waitForEvent("console", (m) =>
      m.text().includes("Not deleted: the scenario was activated"),
    );
    await page.getByRole("button", { name: "Delete scenario" }).click();
    await told;
    expect(await db().scenario.count({ where: { id: copy.id } })).toBe(1);
    // The page now shows it active: paused, it can go.
    await page.getByRole("button", { name: "Pause" }).click();
    await page.locator(".Polaris-Badge", { hasText: "Paused" }).waitFor();
    await page.getByRole("button", { name: "Delete scenario" }).click();
    await page
      .getByRole("link", { name: "Cart rescue", exact: true })
      .waitFor({ timeout: 20_000 });
    expect(await db().scenario.count({ where: { id: copy.id } })).toBe(0);
    await page.close();
  });

  it("speaks Russian when Shopify's admin does", async () => {
    const page = await openScenario("ru");
    await page.getByRole("heading", { name: "Брошенная корзина" }).waitFor();
    await page.getByText("Настройки сценария").waitFor();
    await page
      .getByRole("button", { name: "Ждать 5 дн.", exact: true })
      .first()
      .click();
    await page.getByText("Шаг: Ждать 5 дн.").waitFor();
    await page.getByRole("region", { name: "Карта сценария" }).waitFor();
    await page.getByRole("button", { name: "Отменить" }).waitFor();
    // Polaris's own words too: a narrow page folds the actions into its menu, named in Russian.
    await page.setViewportSize({ width: 480, height: 900 });
    await page
      .getByRole("button", { name: "Действия для «Брошенная корзина»" })
      .waitFor();
    expect(await page.getByText(/More actions|View actions/).count()).toBe(0);
    await page.screenshot({
      path: path.join(ARTIFACTS, "admin-scenario-ru.png"),
      fullPage: true,
    });
    await page.close();
  });
});
