// Orders credited to scenarios, through the real app, the Shopify double's signed orders webhooks
// and the signed tracking links, on both databases: the scenario whose code the order used; the
// scenario whose message was clicked within the window; nothing past the window; nothing twice.
// An email's open and click also reach the contact's runs (goals `message_opened`, `message_clicked`).
// A link scanner's click seconds after the send still redirects, but reaches no run and credits nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickedAt } from "../../app/deliveries/attribution";
import { clickUrl, openPixelUrl } from "../../app/deliveries/tracking.server";
import { feedEvent } from "../../app/runs/runner.server";
import type {
  ScenarioDefinitionInput,
  TriggerEvent,
} from "../../app/scenarios/model";
import { message, wait } from "../../app/scenarios/templates/text";
import {
  SANDBOX_LINK_KEYS,
  startTestAppWithWorker,
  type TestAppWithWorker,
} from "../support/app";
import { PROVIDERS } from "../support/databases";
import { activate, installShop } from "../support/shop";
import { order } from "../support/shopify-payloads";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** Waits three days for its email, unless the goal comes first. */
const waitingFor = (goal: TriggerEvent): ScenarioDefinitionInput => ({
  schemaVersion: 1,
  trigger: { type: "push_subscribed" },
  goal: { events: [goal] },
  start: "wait",
  steps: [
    wait("wait", 3, "days", "mail"),
    {
      id: "mail",
      type: "send",
      channels: ["email"],
      message: message(`t.${goal}`, { en: "News", ru: "Новости" }),
    },
  ],
});

describe.each(PROVIDERS)("attribution on %s", (provider) => {
  let t: TestAppWithWorker;
  let shopId: string;
  let lg3: string;
  const db = () => t.database.db;
  const orders = (body: object, topic = "orders/create") =>
    t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic,
      shopDomain: t.shop,
      payload: body,
    });
  const settle = async () => {
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestAppWithWorker(provider);
    shopId = await installShop(t);
    ({ LG3: lg3 } = await activate(t, shopId, { LG3: {} }));
  });
  afterAll(() => t?.stop());

  it("credits an order that used a scenario's code to that scenario, once, however often Shopify sends it", async () => {
    const captured = await fetch(
      t.double.appProxyUrl("/capture", { shop: t.shop }),
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
    const { code } = (await captured.json()) as { code: string };
    await settle();

    // Typed in lower case at the checkout: Shopify accepts it so, and so do we.
    const body = order(
      { email: "ann@example.com" },
      new Date(Date.now() + 60_000),
      { discountCodes: [code.toLowerCase()], totalPrice: "72.00" },
    );
    const first = await orders(body);
    await settle();
    await t.double.deliverDuplicate(first);
    await orders(body, "orders/paid");
    await settle();

    const ann = await db().contact.findFirstOrThrow({
      where: { email: "ann@example.com" },
      include: { runs: true },
    });
    const conversions = await db().conversion.findMany({
      where: { orderId: String(body.id) },
    });
    expect(conversions).toEqual([
      expect.objectContaining({
        shopId,
        contactId: ann.id,
        scenarioId: lg3,
        runId: ann.runs.find((r) => r.scenarioId === lg3)!.id,
        rule: "DISCOUNT_CODE",
        revenue: "72.00",
        currency: "USD",
        windowDays: null,
        occurredAt: new Date(body.created_at),
      }),
    ]);
    expect(
      (await db().discountCode.findFirstOrThrow({ where: { code } })).usedAt,
    ).toEqual(new Date(body.created_at));
  });

  it("brings an email's open and click to the contact's runs, and credits an order two days after the click, but none past the window", async () => {
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    const [opened, clicked] = await Promise.all(
      (["message_opened", "message_clicked"] as const).map((goal) =>
        db().scenario.create({
          data: {
            shopId,
            group: "SALES",
            name: goal,
            status: "ACTIVE",
            versions: {
              create: { version: 1, definition: waitingFor(goal) as object },
            },
          },
        }),
      ),
    );
    const bo = await db().contact.create({
      data: {
        shopId,
        email: "bo@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    await feedEvent(
      { db: db(), queue: t.worker.queue, now: t.worker.now },
      shop,
      bo.id,
      {
        id: "bo-push",
        occurredAt: t.worker.now(),
        trigger: { type: "push_subscribed" },
      },
    );
    const runOf = (scenarioId: string) =>
      db().scenarioRun.findFirstOrThrow({
        where: { scenarioId, contactId: bo.id },
      });
    // The email the waiting run of `clicked` sent earlier (sending itself is tested in deliveries.test.ts).
    const email = await db().delivery.create({
      data: {
        shopId,
        runId: (await runOf(clicked.id)).id,
        contactId: bo.id,
        stepId: "mail",
        channel: "EMAIL",
        messageKey: "t.earlier",
        status: "SENT",
        // An hour ago: a click seconds after the send would be a scanner's.
        sentAt: new Date(Date.now() - HOUR),
        statusHistory: [
          { status: "SENT", at: new Date(Date.now() - HOUR).toISOString() },
        ],
        idempotencyKey: `earlier:${bo.id}`,
      },
    });

    await fetch(openPixelUrl(t.app.url, SANDBOX_LINK_KEYS, email.id));
    await settle();
    expect([
      (await runOf(opened.id)).exitReason,
      (await runOf(clicked.id)).status,
    ]).toEqual(["goal_reached", "WAITING"]);
    const link = clickUrl(
      t.app.url,
      SANDBOX_LINK_KEYS,
      email.id,
      "https://trigger-map-demo.myshopify.com/products/linen-shirt",
    );
    expect((await fetch(link, { redirect: "manual" })).status).toBe(302);
    await settle();
    expect(await runOf(clicked.id)).toMatchObject({
      status: "EXITED",
      exitReason: "goal_reached",
    });

    const clickAt = clickedAt(
      (await db().delivery.findUniqueOrThrow({ where: { id: email.id } }))
        .statusHistory,
    )!;
    const inWindow = order(
      { email: "bo@example.com" },
      new Date(clickAt.valueOf() + 2 * DAY),
      { totalPrice: "80.00" },
    );
    const pastWindow = order(
      { email: "bo@example.com" },
      new Date(clickAt.valueOf() + 6 * DAY),
    );
    await orders(inWindow);
    await orders(pastWindow);
    await settle();
    const conversions = await db().conversion.findMany({
      where: { contactId: bo.id },
    });
    expect(conversions).toEqual([
      expect.objectContaining({
        orderId: String(inWindow.id),
        scenarioId: clicked.id,
        runId: email.runId,
        deliveryId: email.id,
        rule: "CLICK_WINDOW",
        windowDays: 5,
        revenue: "80.00",
        currency: "USD",
      }),
    ]);
  });

  it("follows a scanner's click seconds after the send but credits no order for it nor tells the run; a person's click later does", async () => {
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    const scanned = await db().scenario.create({
      data: {
        shopId,
        group: "SALES",
        name: "scanned",
        status: "ACTIVE",
        versions: {
          create: {
            version: 1,
            definition: waitingFor("message_clicked") as object,
          },
        },
      },
    });
    const cy = await db().contact.create({
      data: {
        shopId,
        email: "cy@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    await feedEvent(
      { db: db(), queue: t.worker.queue, now: t.worker.now },
      shop,
      cy.id,
      {
        id: "cy-push",
        occurredAt: t.worker.now(),
        trigger: { type: "push_subscribed" },
      },
    );
    const run = () =>
      db().scenarioRun.findFirstOrThrow({
        where: { scenarioId: scanned.id, contactId: cy.id },
      });
    const sentAt = new Date();
    const email = await db().delivery.create({
      data: {
        shopId,
        runId: (await run()).id,
        contactId: cy.id,
        stepId: "mail",
        channel: "EMAIL",
        messageKey: "t.scanned",
        status: "SENT",
        sentAt,
        statusHistory: [{ status: "SENT", at: sentAt.toISOString() }],
        idempotencyKey: `scanned:${cy.id}`,
      },
    });
    const target =
      "https://trigger-map-demo.myshopify.com/products/linen-shirt";
    const link = clickUrl(t.app.url, SANDBOX_LINK_KEYS, email.id, target);
    const click = (init: RequestInit = {}) =>
      fetch(link, {
        redirect: "manual",
        ...init,
        headers: { "User-Agent": BROWSER },
      });

    // Safe Links and its kind follow every link on arrival, often with a browser's user agent.
    const scannerHead = await click({ method: "HEAD" });
    const scanner = await click();
    expect([scanner.status, scanner.headers.get("location")]).toEqual([
      302,
      target,
    ]);
    expect(scannerHead.status).toBe(302);
    await settle();
    const scannedRow = await db().delivery.findUniqueOrThrow({
      where: { id: email.id },
    });
    expect(scannedRow).toMatchObject({ status: "SENT", machineOpenedAt: null });
    expect(scannedRow.machineClickedAt).toBeInstanceOf(Date);
    expect(await run()).toMatchObject({ status: "WAITING" });

    const afterScanner = order(
      { email: "cy@example.com" },
      new Date(Date.now() + 60_000),
      { totalPrice: "40.00" },
    );
    await orders(afterScanner);
    await settle();
    expect(
      await db().conversion.findMany({ where: { contactId: cy.id } }),
    ).toEqual([]);

    // An hour on (the send moved back an hour), Cy clicks.
    await db().delivery.update({
      where: { id: email.id },
      data: {
        sentAt: new Date(sentAt.valueOf() - HOUR),
        statusHistory: [
          {
            status: "SENT",
            at: new Date(sentAt.valueOf() - HOUR).toISOString(),
          },
        ],
      },
    });
    expect((await click()).status).toBe(302);
    await settle();
    expect(
      (await db().delivery.findUniqueOrThrow({ where: { id: email.id } }))
        .status,
    ).toBe("CLICKED");
    expect(await run()).toMatchObject({
      status: "EXITED",
      exitReason: "goal_reached",
    });
    const afterPerson = order(
      { email: "cy@example.com" },
      new Date(Date.now() + 120_000),
      { totalPrice: "55.00" },
    );
    await orders(afterPerson);
    await settle();
    expect(
      await db().conversion.findMany({ where: { contactId: cy.id } }),
    ).toEqual([
      expect.objectContaining({
        orderId: String(afterPerson.id),
        scenarioId: scanned.id,
        deliveryId: email.id,
        rule: "CLICK_WINDOW",
        revenue: "55.00",
      }),
    ]);
  });
});
