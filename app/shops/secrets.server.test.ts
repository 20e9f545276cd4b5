import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import { readShopSecrets, updateShopSecrets } from "./secrets.server";

const key = randomBytes(32);
const domain = "secrets.myshopify.com";
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  await t.db.shop.create({ data: { domain, settings: {} } });
});
afterAll(() => t?.drop());

describe("a shop's secrets", () => {
  it("are stored only as ciphertext and read back whole", async () => {
    await updateShopSecrets(
      t.db,
      domain,
      { smtpPassword: "correct horse battery", vapidPrivateKey: "vapid-123" },
      key,
    );
    const row = await t.db.shop.findUniqueOrThrow({ where: { domain } });
    expect(row.secretsCipher).not.toContain("correct horse");
    expect(row.secretsCipher).not.toContain("vapid-123");
    expect(await readShopSecrets(t.db, domain, key)).toEqual({
      smtpPassword: "correct horse battery",
      vapidPrivateKey: "vapid-123",
    });
  });

  it("change one at a time, and a null removes one", async () => {
    await updateShopSecrets(
      t.db,
      domain,
      { smtpPassword: "new", vapidPrivateKey: null },
      key,
    );
    expect(await readShopSecrets(t.db, domain, key)).toEqual({
      smtpPassword: "new",
    });
  });

  it("are empty for a shop that has none", async () => {
    await t.db.shop.create({
      data: { domain: "plain.myshopify.com", settings: {} },
    });
    expect(await readShopSecrets(t.db, "plain.myshopify.com", key)).toEqual({});
  });
});
