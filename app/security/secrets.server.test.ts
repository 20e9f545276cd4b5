import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptSecrets,
  encryptSecrets,
  encryptionKeyFromEnv,
} from "./secrets.server";

const key = randomBytes(32);
const shop = "demo.myshopify.com";

describe("shop secrets at rest", () => {
  it("round-trips and never contains the plaintext", () => {
    const stored = encryptSecrets(
      { smtpPassword: "hunter2-secret" },
      shop,
      key,
    );
    expect(stored).not.toContain("hunter2");
    expect(decryptSecrets(stored, shop, key)).toEqual({
      smtpPassword: "hunter2-secret",
    });
  });

  it("encrypts the same secrets differently each time", () => {
    expect(encryptSecrets({ a: "b" }, shop, key)).not.toBe(
      encryptSecrets({ a: "b" }, shop, key),
    );
  });

  it("refuses a ciphertext moved to another shop, a wrong key or a tampered byte", () => {
    const stored = encryptSecrets({ apiKey: "k" }, shop, key);
    expect(() => decryptSecrets(stored, "other.myshopify.com", key)).toThrow(
      /wrong shop/,
    );
    expect(() => decryptSecrets(stored, shop, randomBytes(32))).toThrow(
      /wrong key/,
    );
    const parts = stored.split(":");
    parts[3] = Buffer.from(
      Buffer.from(parts[3], "base64").map((b, i) => (i === 0 ? b ^ 1 : b)),
    ).toString("base64");
    expect(() => decryptSecrets(parts.join(":"), shop, key)).toThrow(
      /tampered/,
    );
  });

  it("explains a missing or malformed key without printing it", () => {
    expect(() => encryptionKeyFromEnv({})).toThrow(
      /TRIGGER_MAP_ENCRYPTION_KEY is not set/,
    );
    expect(() =>
      encryptionKeyFromEnv({ TRIGGER_MAP_ENCRYPTION_KEY: "c2hvcnQ=" }),
    ).toThrow(/must be 32 bytes/);
    const good = randomBytes(32).toString("base64");
    expect(
      encryptionKeyFromEnv({ TRIGGER_MAP_ENCRYPTION_KEY: good }).toString(
        "base64",
      ),
    ).toBe(good);
  });
});
