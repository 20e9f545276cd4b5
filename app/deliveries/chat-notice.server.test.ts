// The merchant's chat notice comes from the shop's sender, like every other email of the shop:
// the sender the merchant set, else the shop's own name and address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import type { OutgoingEmail } from "../channels/email/types";
import { sendChatNotice } from "./chat-notice.server";
import { linkKeysFromEnv } from "../security/link-keys.server";
import type { SendServices } from "./send.server";

let t: TestDatabase;
const sent: OutgoingEmail[] = [];
const services: SendServices = {
  adminFor: async () => null,
  emailProviderFor: async () => ({
    name: "memory",
    perSecond: 10,
    send: async (email) => (sent.push(email), { providerMessageId: null }),
    close: async () => {},
  }),
  links: linkKeysFromEnv({
    TRIGGER_MAP_LINK_KEYS: Buffer.alloc(32, 1).toString("base64"),
    TRIGGER_MAP_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString("base64"),
  }),
  appUrl: "http://127.0.0.1",
};
const from = new Date("2026-03-01T10:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
});
afterAll(() => t?.drop());

async function shopWithReply(domain: string, settings: object) {
  const shop = await t.db.shop.create({
    data: {
      domain,
      name: "Corner Shop",
      email: "owner@corner.example",
      settings,
    },
  });
  await t.db.chatReply.create({
    data: {
      shopId: shop.id,
      body: "Hello?",
      createdAt: new Date(from.valueOf() + 60_000),
    },
  });
  return shop.id;
}

describe("the chat notice's sender", () => {
  it("is the sender the merchant set", async () => {
    await sendChatNotice(
      t.db,
      services,
      await shopWithReply("set.myshopify.com", {
        sender: { name: "Corner News", email: "news@corner.example" },
      }),
      from,
    );
    expect(sent.at(-1)).toMatchObject({
      from: { name: "Corner News", address: "news@corner.example" },
      to: "owner@corner.example",
    });
  });

  it("is the shop's own name and address when none is set", async () => {
    await sendChatNotice(
      t.db,
      services,
      await shopWithReply("unset.myshopify.com", {}),
      from,
    );
    expect(sent.at(-1)).toMatchObject({
      from: { name: "Corner Shop", address: "owner@corner.example" },
      subject: "New chat message on Corner Shop",
    });
  });
});
