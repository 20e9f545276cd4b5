import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { saveEmailProvider } from "../channels/email/provider.server";
import { fromForm, setAt, setNumber, toForm } from "../scenarios/editor/form";
import { errorWords } from "../scenarios/editor/messages";
import { definitionOf } from "../runs/versions.server";
import type { ScenarioDefinition } from "../scenarios/model";
import type { AdminGraphql } from "../shopify/admin-graphql";
import {
  changeStatus,
  loadScenarioForEditing,
  rebuildFromTemplate,
  saveScenarioDefinition,
  sendTestMessage,
} from "./scenario-editor.server";
import { activateTemplate } from "./scenarios.server";

const DOMAIN = "editor.myshopify.com";
const KEY = Buffer.alloc(32, 7);

/** The Admin API as far as publishing the storefront config goes; what was published, kept. */
function fakeAdmin() {
  const published: unknown[] = [];
  const graphql: AdminGraphql = async (query, options) => {
    if (query.includes("currentAppInstallation"))
      return Response.json({
        data: {
          currentAppInstallation: { id: "gid://shopify/AppInstallation/1" },
        },
      });
    published.push(
      JSON.parse(
        (options?.variables?.metafields as Array<{ value: string }>)[0]!.value,
      ),
    );
    return Response.json({
      data: { metafieldsSet: { metafields: [], userErrors: [] } },
    });
  };
  return { graphql, published };
}

describe.each(PROVIDERS)("the scenario page's domain on %s", (provider) => {
  let t: TestDatabase;
  let scenarioId: string;
  const edit = async () => {
    const loaded = (await loadScenarioForEditing(t.db, DOMAIN, scenarioId))!;
    const index = (id: string) =>
      loaded.definition.steps.findIndex((s) => s.id === id);
    return { loaded, index, form: toForm(loaded.definition) };
  };
  const versions = () => t.db.scenarioVersion.count({ where: { scenarioId } });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const shop = await t.db.shop.create({
      data: {
        domain: DOMAIN,
        name: "Editor Shop",
        settings: {
          languages: ["en", "ru"],
          testContacts: ["tester@example.com"],
          sender: { name: "Editor Shop", email: "hello@editor.example" },
          physicalAddress: "1 Main St",
        },
      },
    });
    scenarioId = (await activateTemplate(t.db, null, shop.id, "SA3")).id;
  });
  afterAll(() => t?.drop());

  it("reads the current version with the shop's languages, test contacts and the template's parameters", async () => {
    const { loaded } = await edit();
    expect(loaded).toMatchObject({
      version: 1,
      status: "ACTIVE",
      languages: ["en", "ru"],
      testContacts: ["tester@example.com"],
      errors: [],
    });
    expect(loaded.parameters.map((p) => p.key)).toEqual([
      "emailDelayMinutes",
      "reminderDays",
    ]);
    expect(loaded.parameterValues).toEqual({
      emailDelayMinutes: 60,
      reminderDays: 3,
    });
    expect(
      await loadScenarioForEditing(t.db, "other.myshopify.com", scenarioId),
    ).toBeNull();
  });

  it("saves a valid edit as a new version, keeps the old one, and republishes an active scenario", async () => {
    const { form, index } = await edit();
    const edited = setAt(
      setNumber(form, `steps.${index("reminder-wait")}.duration.amount`, "5"),
      `steps.${index("cart-email")}.message.body.en`,
      "Come back, {{first_name}}",
    );
    const admin = fakeAdmin();
    expect(
      await saveScenarioDefinition(
        t.db,
        admin.graphql,
        DOMAIN,
        scenarioId,
        fromForm(edited),
        1,
      ),
    ).toEqual({ ok: true, version: 2 });
    expect(await versions()).toBe(2);
    const v1 = await t.db.scenarioVersion.findUniqueOrThrow({
      where: { scenarioId_version: { scenarioId, version: 1 } },
    });
    expect(
      (v1.definition as ScenarioDefinition).steps.find(
        (s) => s.id === "reminder-wait",
      ),
    ).toMatchObject({ duration: { amount: 3 } });
    const { loaded } = await edit();
    expect(loaded.version).toBe(2);
    expect(
      loaded.definition.steps.find((s) => s.id === "reminder-wait"),
    ).toMatchObject({ duration: { amount: 5 } });
    expect(admin.published).toHaveLength(1);
  });

  it("refuses an invalid definition with errors by field, and writes nothing", async () => {
    const { form, index } = await edit();
    const i = index("cart-email");
    const broken = setNumber(
      setAt(form, `steps.${i}.message.body.en`, ""),
      "rolloutPercent",
      "0",
    );
    const saved = await saveScenarioDefinition(
      t.db,
      null,
      DOMAIN,
      scenarioId,
      fromForm(broken),
      2,
    );
    expect(saved.ok ? [] : saved.errors.map((e) => e.field).sort()).toEqual([
      "rolloutPercent",
      `steps.${i}.message.body.en`,
    ]);
    expect(await versions()).toBe(2);
  });

  it("keeps a save when Shopify cannot take the storefront's rules, and says so", async () => {
    const { form } = await edit();
    const down: AdminGraphql = async () =>
      new Response("unavailable", { status: 503 });
    const saved = await saveScenarioDefinition(
      t.db,
      down,
      DOMAIN,
      scenarioId,
      fromForm(form),
      2,
    );
    expect(saved).toEqual({ ok: true, version: 3, unpublished: true });
    // Back to version 2's content as the current one, for the tests that follow.
    await t.db.scenarioVersion.delete({
      where: { scenarioId_version: { scenarioId, version: 3 } },
    });
    await t.db.scenario.update({
      where: { id: scenarioId },
      data: { currentVersion: 2 },
    });
  });

  it("refuses a save of a version that is no longer current", async () => {
    const { form } = await edit();
    const saved = await saveScenarioDefinition(
      t.db,
      null,
      DOMAIN,
      scenarioId,
      fromForm(form),
      1,
    );
    expect(saved).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringContaining("reload") }],
    });
    expect(await versions()).toBe(2);
  });

  it("rebuilds from the template's parameters, keeping test mode and rollout, and names a parameter out of range", async () => {
    const { form } = await edit();
    expect(
      (
        await saveScenarioDefinition(
          t.db,
          null,
          DOMAIN,
          scenarioId,
          fromForm(setAt(setAt(form, "testMode", true), "rolloutPercent", 40)),
          2,
        )
      ).ok,
    ).toBe(true);
    expect(
      await rebuildFromTemplate(
        t.db,
        null,
        DOMAIN,
        scenarioId,
        { emailDelayMinutes: "30", reminderDays: "99" },
        3,
      ),
    ).toEqual({
      ok: false,
      errors: [
        { field: "parameters.reminderDays", message: "between 1 and 14" },
      ],
    });
    expect(
      await rebuildFromTemplate(
        t.db,
        null,
        DOMAIN,
        scenarioId,
        { emailDelayMinutes: "", reminderDays: "2" },
        3,
      ),
    ).toEqual({ ok: true, version: 4 });
    const { loaded } = await edit();
    expect(loaded.definition).toMatchObject({
      testMode: true,
      rolloutPercent: 40,
    });
    expect(
      loaded.definition.steps.find((s) => s.id === "reminder-wait"),
    ).toMatchObject({ duration: { amount: 2, unit: "days" } });
    expect(
      loaded.definition.steps.find((s) => s.id === "email-delay"),
    ).toMatchObject({ duration: { amount: 60, unit: "minutes" } });
    expect(loaded.parameterValues).toEqual({
      emailDelayMinutes: 60,
      reminderDays: 2,
    });
    expect(
      loaded.definition.steps.find((s) => s.id === "cart-email"),
    ).toMatchObject({
      message: { body: { en: "{{first_name}}, your cart is waiting" } },
    });
  });

  it("rebuilds RE4 with the review app's page the merchant gives, refusing a link that is not safe", async () => {
    const shop = await t.db.shop.findUniqueOrThrow({
      where: { domain: DOMAIN },
    });
    const re4 = (await activateTemplate(t.db, null, shop.id, "RE4")).id;
    const loaded = async () =>
      (await loadScenarioForEditing(t.db, DOMAIN, re4))!;
    expect((await loaded()).linkValues).toEqual({
      reviewUrl: "{{product_url}}",
    });
    expect(
      await rebuildFromTemplate(
        t.db,
        null,
        DOMAIN,
        re4,
        { days: "", reviewUrl: "javascript:alert(1)" },
        1,
      ),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: "parameters.reviewUrl",
          message:
            "a link must start with https:// or with / (a page of this store)",
        },
      ],
    });
    expect(
      await rebuildFromTemplate(
        t.db,
        null,
        DOMAIN,
        re4,
        { days: "4", reviewUrl: " https://reviews.example/editor-shop " },
        1,
      ),
    ).toEqual({ ok: true, version: 2 });
    const after = await loaded();
    expect(after.linkValues).toEqual({
      reviewUrl: "https://reviews.example/editor-shop",
    });
    expect(after.parameterValues).toMatchObject({ days: 4 });
    expect(after.definition.steps.find((s) => s.id === "review")).toMatchObject(
      {
        message: { cta: { url: "https://reviews.example/editor-shop" } },
      },
    );
  });

  it("rebuilds an order-status template with email switched on for customers without push", async () => {
    const shop = await t.db.shop.findUniqueOrThrow({
      where: { domain: DOMAIN },
    });
    const shipped = (await activateTemplate(t.db, null, shop.id, "RE3-shipped"))
      .id;
    const loaded = async () =>
      (await loadScenarioForEditing(t.db, DOMAIN, shipped))!;
    expect((await loaded()).parameterValues).toEqual({ email: 0 });
    expect(
      await rebuildFromTemplate(t.db, null, DOMAIN, shipped, { email: "2" }, 1),
    ).toEqual({
      ok: false,
      errors: [{ field: "parameters.email", message: "between 0 and 1" }],
    });
    expect(
      await rebuildFromTemplate(t.db, null, DOMAIN, shipped, { email: "1" }, 1),
    ).toEqual({ ok: true, version: 2 });
    const after = await loaded();
    expect(after.parameterValues).toEqual({ email: 1 });
    expect(after.definition.steps[0]).toMatchObject({
      channels: ["web_push", "email"],
      marketing: false,
    });
  });

  it("pauses, and refuses to activate a scenario whose current version would not validate", async () => {
    expect(
      await changeStatus(t.db, null, DOMAIN, scenarioId, "PAUSED"),
    ).toMatchObject({ ok: true });
    const current = await t.db.scenario.findUniqueOrThrow({
      where: { id: scenarioId },
    });
    const { loaded } = await edit();
    const broken = { ...loaded.definition, start: "nowhere" };
    // A stored version that no longer validates (e.g. written by an older app).
    await t.db.scenarioVersion.create({
      data: {
        scenarioId,
        version: current.currentVersion + 1,
        definition: broken as object,
      },
    });
    await t.db.scenario.update({
      where: { id: scenarioId },
      data: { currentVersion: current.currentVersion + 1 },
    });
    expect(
      await changeStatus(t.db, null, DOMAIN, scenarioId, "ACTIVE"),
    ).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        expect.objectContaining({ field: "start" }),
      ]),
    });
    expect(
      (await t.db.scenario.findUniqueOrThrow({ where: { id: scenarioId } }))
        .status,
    ).toBe("PAUSED");
    await t.db.scenario.update({
      where: { id: scenarioId },
      data: { currentVersion: current.currentVersion },
    });
    expect(
      await changeStatus(t.db, null, DOMAIN, scenarioId, "ACTIVE"),
    ).toMatchObject({ ok: true });
    expect(
      (await t.db.scenario.findUniqueOrThrow({ where: { id: scenarioId } }))
        .status,
    ).toBe("ACTIVE");
  });
});

describe("a test email of a step's message", () => {
  let t: TestDatabase;
  let smtp: SMTPServer;
  const mails: ParsedMail[] = [];
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    smtp = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, _s, cb) =>
        void simpleParser(stream).then((m) => (mails.push(m), cb()), cb),
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as { port: number }).port;
    const shop = await t.db.shop.create({
      data: {
        domain: DOMAIN,
        name: "Editor Shop",
        settings: {
          languages: ["en", "ru"],
          testContacts: ["tester@example.com"],
          sender: { name: "Editor Shop", email: "hello@editor.example" },
          physicalAddress: "1 Main St",
        },
      },
    });
    await t.db.contact.create({
      data: {
        shopId: shop.id,
        email: "tester@example.com",
        firstName: "Tess",
        locale: "ru-RU",
        tags: [],
      },
    });
    expect(
      await saveEmailProvider(
        t.db,
        DOMAIN,
        {
          kind: "smtp",
          host: "127.0.0.1",
          port,
          secure: false,
          requireTls: false,
        },
        KEY,
      ),
    ).toEqual({ ok: true });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await t?.drop();
  });

  const reminder = {
    key: "sa3.reminder",
    title: { en: "A code for your cart", ru: "Код для вашей корзины" },
    body: {
      en: "{{first_name}}, complete your order with {{code}}",
      ru: "{{first_name}}, оформите заказ с кодом {{code}}",
    },
    content: "discount_code",
    discount: { percent: 10, validDays: 7 },
    fallbacks: { first_name: { en: "there", ru: "друг" } },
  };

  it("goes through the shop's provider in the contact's language, with their name and a sample code", async () => {
    const sent = await sendTestMessage(
      t.db,
      DOMAIN,
      {
        message: reminder,
        marketing: true,
        to: "Tester@example.com",
        field: "steps.6.message",
      },
      KEY,
    );
    expect(sent).toEqual({ ok: true, to: "tester@example.com" });
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe("[Test] Код для вашей корзины");
    expect(mail.text).toContain("Tess, оформите заказ с кодом SAMPLE-10");
    expect(mail.html).toContain("SAMPLE-10");
    expect(mail.text).toContain("1 Main St");
  });

  it("sends only to the shop's test contacts, and names the field of a message it cannot send", async () => {
    expect(
      await sendTestMessage(
        t.db,
        DOMAIN,
        {
          message: reminder,
          marketing: true,
          to: "stranger@example.com",
          field: "steps.6.message",
        },
        KEY,
      ),
    ).toMatchObject({ ok: false, errors: [{ field: "testTo" }] });
    const noFallback = {
      ...reminder,
      body: { en: "Hi {{last_name}}" },
      fallbacks: {},
    };
    expect(
      await sendTestMessage(
        t.db,
        DOMAIN,
        {
          message: noFallback,
          marketing: true,
          to: "tester@example.com",
          field: "steps.6.message",
        },
        KEY,
      ),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: "steps.6.message.body.en",
          message: "no value and no fallback for last_name",
        },
      ],
    });
    expect(
      await sendTestMessage(
        t.db,
        DOMAIN,
        {
          message: { ...reminder, body: { en: "" } },
          marketing: true,
          to: "tester@example.com",
          field: "steps.6.message",
        },
        KEY,
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ field: "steps.6.message.body.en" }],
    });
  });
});

describe.each(PROVIDERS)("links in a saved message on %s", (provider) => {
  let t: TestDatabase;
  let scenarioId: string;
  const popup = async () => {
    const loaded = (await loadScenarioForEditing(t.db, DOMAIN, scenarioId))!;
    return {
      loaded,
      i: loaded.definition.steps.findIndex((s) => s.id === "popup"),
    };
  };
  const withCta = (definition: ScenarioDefinition, i: number, url: string) =>
    setAt(
      setAt(toForm(definition), `steps.${i}.message.cta.label.en`, "Shop now"),
      `steps.${i}.message.cta.url`,
      url,
    );

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const shop = await t.db.shop.create({
      data: {
        domain: DOMAIN,
        name: "Editor Shop",
        settings: {
          languages: ["en", "ru"],
          testContacts: ["tester@example.com"],
        },
      },
    });
    scenarioId = (await activateTemplate(t.db, null, shop.id, "LG2")).id;
  });
  afterAll(() => t?.drop());

  it("refuses a button link that is not a web address or a path of the store, on its field, in the merchant's words", async () => {
    const { loaded, i } = await popup();
    for (const url of [
      "javascript:alert(document.cookie)",
      " JaVaScRiPt:alert(1)",
      "java\nscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "//evil.example",
    ]) {
      const saved = await saveScenarioDefinition(
        t.db,
        null,
        DOMAIN,
        scenarioId,
        fromForm(withCta(loaded.definition, i, url)),
        loaded.version,
      );
      expect(saved.ok, url).toBe(false);
      const errors = saved.ok ? [] : saved.errors;
      expect(errors.map((e) => e.field)).toEqual([
        `steps.${i}.message.cta.url`,
      ]);
      expect(errorWords(errors[0]!.message, "en")).toBe(
        "Enter a web address that starts with https:// or a page of your store that starts with /",
      );
      expect(errorWords(errors[0]!.message, "ru")).toBe(
        "Укажите адрес, начинающийся с https://, или страницу вашего магазина, начинающуюся с /",
      );
    }
    expect(await t.db.scenarioVersion.count({ where: { scenarioId } })).toBe(1);
    // With another error: both are named.
    const both = setAt(
      withCta(loaded.definition, i, "javascript:alert(1)"),
      `steps.${i}.message.body.en`,
      "",
    );
    const saved = await saveScenarioDefinition(
      t.db,
      null,
      DOMAIN,
      scenarioId,
      fromForm(both),
      loaded.version,
    );
    expect(saved.ok ? [] : saved.errors.map((e) => e.field).sort()).toEqual([
      `steps.${i}.message.body.en`,
      `steps.${i}.message.cta.url`,
    ]);
  });

  it("saves a button link to a web address or to a page of the store", async () => {
    for (const url of [
      "https://shop.example/collections/sale",
      "/collections",
    ]) {
      const { loaded, i } = await popup();
      const saved = await saveScenarioDefinition(
        t.db,
        null,
        DOMAIN,
        scenarioId,
        fromForm(withCta(loaded.definition, i, url)),
        loaded.version,
      );
      expect(saved).toEqual({ ok: true, version: loaded.version + 1 });
      const step = (await popup()).loaded.definition.steps[i]!;
      expect(step.type === "send" && step.message.cta?.url).toBe(url);
    }
  });

  it("still reads, resumes and runs a version stored before links were checked", async () => {
    const { loaded, i } = await popup();
    const stored = fromForm(
      withCta(loaded.definition, i, "javascript:alert(1)"),
    );
    await t.db.scenarioVersion.create({
      data: {
        scenarioId,
        version: loaded.version + 1,
        definition: stored as object,
      },
    });
    await t.db.scenario.update({
      where: { id: scenarioId },
      data: { currentVersion: loaded.version + 1, status: "PAUSED" },
    });
    expect((await popup()).loaded.errors).toEqual([]);
    expect(
      await definitionOf(t.db, scenarioId, loaded.version + 1),
    ).not.toBeNull();
    expect(
      await changeStatus(t.db, null, DOMAIN, scenarioId, "ACTIVE"),
    ).toMatchObject({ ok: true });
  });

  it("refuses such a link in a test email too", async () => {
    const { loaded, i } = await popup();
    const step = loaded.definition.steps[i]!;
    const message = {
      ...(step.type === "send" ? step.message : {}),
      cta: { label: { en: "Shop" }, url: "javascript:alert(1)" },
    };
    expect(
      await sendTestMessage(
        t.db,
        DOMAIN,
        {
          message,
          marketing: true,
          to: "tester@example.com",
          field: `steps.${i}.message`,
        },
        KEY,
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ field: `steps.${i}.message.cta.url` }],
    });
  });
});
