// The confirmation link names a contact and a browser: no part of it can be changed, and it ends.
import { describe, expect, it } from "vitest";
import { confirmUrl, verifyConfirmation } from "./confirm-link.server";

const shop = { id: "shop-1", domain: "demo.myshopify.com" };
const at = new Date("2026-01-01T00:00:00Z");
const link = { contactId: "c-1", visitorId: "browser-1", tags: ["trigger-map:a-gift"], expiresAt: new Date(at.valueOf() + 3_600_000) };
const params = (url: string) => new URL(url).searchParams;

describe("confirmation links", () => {
  it("verifies its own link until it expires", () => {
    const url = confirmUrl("secret", shop, link);
    expect(url).toMatch(/^https:\/\/demo\.myshopify\.com\/apps\/trigger-map\/confirm\?c=c-1&v=browser-1&a=/);
    expect(verifyConfirmation("secret", shop.id, params(url), at)).toEqual(link);
    expect(verifyConfirmation("secret", shop.id, params(url), new Date(at.valueOf() + 2 * 3_600_000))).toBeNull();
  });

  it("refuses a changed browser, contact, tag, expiry, shop or secret", () => {
    const url = confirmUrl("secret", shop, link);
    for (const [key, value] of [["v", "browser-2"], ["c", "c-2"], ["a", "trigger-map:other"], ["x", String(4_000_000_000)]]) {
      const changed = params(url);
      changed.set(key!, value!);
      expect(verifyConfirmation("secret", shop.id, changed, at)).toBeNull();
    }
    expect(verifyConfirmation("secret", "shop-2", params(url), at)).toBeNull();
    expect(verifyConfirmation("another", shop.id, params(url), at)).toBeNull();
  });
});
