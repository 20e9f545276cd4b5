// The admin's chat replies on both databases: newest first by pages, the scenario
// named, read marks that stay within the shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import { templateByKey } from "../scenarios/templates";
import { listChatReplies, markChatRead } from "./chat-replies.server";

describe.each(PROVIDERS)("the chat replies (%s)", (provider) => {
  let t: TestDatabase;
  let shopId: string;
  let otherId: string;
  const domain = "chat-replies.myshopify.com";

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    shopId = (await t.db.shop.create({ data: { domain, settings: {} } })).id;
    otherId = (
      await t.db.shop.create({
        data: { domain: "other.myshopify.com", settings: {} },
      })
    ).id;
    const chat = await t.db.scenario.create({
      data: {
        shopId,
        templateKey: "LG2",
        group: "LEAD_GENERATION",
        name: "Renamed chat",
        status: "ACTIVE",
      },
    });
    const base = Date.parse("2026-03-01T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      await t.db.chatReply.create({
        data: {
          shopId,
          email: i % 2 ? `shopper${i}@example.com` : null,
          body: `message ${i}`,
          page: "/products/mug",
          ruleId: i === 4 ? `${chat.id}:ask` : i === 3 ? "gone:ask" : null,
          createdAt: new Date(base + i * 60_000),
        },
      });
    }
    await t.db.chatReply.create({
      data: { shopId: otherId, body: "not yours" },
    });
  });
  afterAll(() => t?.drop());

  it("lists the shop's replies newest first, a page at a time, with the scenario they answer", async () => {
    const first = await listChatReplies(t.db, domain, 1, 2);
    expect(first).toMatchObject({ total: 5, unread: 5, page: 1, pageCount: 3 });
    expect(first.messages.map((m) => m.body)).toEqual([
      "message 4",
      "message 3",
    ]);
    expect(first.messages[0]).toMatchObject({
      scenario: { en: "Renamed chat" },
      read: false,
      page: "/products/mug",
      email: null,
    });
    expect(first.messages[1]).toMatchObject({
      scenario: null,
      email: "shopper3@example.com",
    });
    const last = await listChatReplies(t.db, domain, 99, 2);
    expect(last.page).toBe(3);
    expect(last.messages.map((m) => m.body)).toEqual(["message 0"]);
  });

  it("names a template's scenario in each language unless the merchant renamed it", async () => {
    const template = templateByKey("LG1")!;
    const scenario = await t.db.scenario.create({
      data: {
        shopId,
        templateKey: "LG1",
        group: "LEAD_GENERATION",
        name: template.name.en,
        status: "PAUSED",
      },
    });
    const message = await t.db.chatReply.create({
      data: {
        shopId,
        body: "later",
        ruleId: `${scenario.id}:ask`,
        createdAt: new Date("2026-03-02T00:00:00Z"),
      },
    });
    const [newest] = (await listChatReplies(t.db, domain)).messages;
    expect(newest).toMatchObject({ id: message.id, scenario: template.name });
    await t.db.chatReply.delete({ where: { id: message.id } });
  });

  it("marks one read, then all, never another shop's", async () => {
    const other = await t.db.chatReply.findFirstOrThrow({
      where: { shopId: otherId },
    });
    const [newest] = (await listChatReplies(t.db, domain)).messages;
    expect(
      await markChatRead(t.db, domain, { ids: [newest!.id, other.id] }),
    ).toBe(1);
    const after = await listChatReplies(t.db, domain);
    expect(after.unread).toBe(4);
    expect(after.messages[0]!.read).toBe(true);
    expect(await markChatRead(t.db, domain, "all")).toBe(4);
    expect((await listChatReplies(t.db, domain)).unread).toBe(0);
    expect(
      (await t.db.chatReply.findUniqueOrThrow({ where: { id: other.id } }))
        .readAt,
    ).toBeNull();
  });
});
