// The confirmation link names a contact and a browser: no part of it can be changed, and it ends.
import { describe, expect, it } from "vitest";
import type { LinkKeys } from "../security/link-keys.server";
import { confirmUrl, verifyConfirmation } from "./confirm-link.server";

const shop = { id: "shop-1", domain: "demo.myshopify.com" };
const at = new Date("2026-01-01T00:00:00Z");
const link = {
  contactId: "c-1",
  visitorId: "browser-1",
  tags: ["trigger-map:a-gift"],
  expiresAt: new Date(at.valueOf() + 3_600_000),
};
const params = (url: string) => new URL(url).searchParams;
const keysOf = (...secrets: string[]): LinkKeys => ({
  keys: secrets.map((s) => Buffer.alloc(32, s)),
  legacy: [],
  address: Buffer.alloc(32),
});
const keys = keysOf("current");

describe("confirmation links", () => {
  it("verifies its own link until it expires", () => {
    const url = confirmUrl(keys, shop, link);
    expect(url).toMatch(
      /^https:\/\/demo\.myshopify\.com\/apps\/trigger-map\/confirm\?c=c-1&v=browser-1&a=/,
    );
    expect(verifyConfirmation(keys, shop.id, params(url), at)).toEqual(link);
    expect(
      verifyConfirmation(
        keys,
        shop.id,
        params(url),
        new Date(at.valueOf() + 2 * 3_600_000),
      ),
    ).toBeNull();
  });

  it("refuses a changed browser, contact, tag, expiry, shop or key", () => {
    const url = confirmUrl(keys, shop, link);
    for (const [key, value] of [
      ["v", "browser-2"],
      ["c", "c-2"],
      ["a", "trigger-map:other"],
      ["x", String(4_000_000_000)],
    ]) {
      const changed = params(url);
      changed.set(key!, value!);
      expect(verifyConfirmation(keys, shop.id, changed, at)).toBeNull();
    }
    expect(verifyConfirmation(keys, "shop-2", params(url), at)).toBeNull();
    expect(
      verifyConfirmation(keysOf("another"), shop.id, params(url), at),
    ).toBeNull();
  });

  it("verifies a link signed with the previous link key after a rotation", () => {
    const url = confirmUrl(keysOf("previous"), shop, link);
    expect(
      verifyConfirmation(
        keysOf("current", "previous"),
        shop.id,
        params(url),
        at,
      ),
    ).toEqual(link);
  });
});
