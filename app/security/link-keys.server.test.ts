// The link keys: read from the environment with a clear error, the first signs, every listed one
// is accepted, and a signature from any other key (or none) is refused.
import { describe, expect, it } from "vitest";
import {
  clickUrl,
  openPixelUrl,
  verifyClick,
  verifyOpen,
} from "../deliveries/tracking.server";
import { linkKeysFromEnv, mac, signLink, verifyLink } from "./link-keys.server";

const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");
const ENCRYPTION = key(9);
const keysOf = (list: string, more: Record<string, string> = {}) =>
  linkKeysFromEnv({
    TRIGGER_MAP_LINK_KEYS: list,
    TRIGGER_MAP_ENCRYPTION_KEY: ENCRYPTION,
    ...more,
  });

describe("link keys", () => {
  it("says what to set when the keys are missing or short", () => {
    expect(() =>
      linkKeysFromEnv({ TRIGGER_MAP_ENCRYPTION_KEY: ENCRYPTION }),
    ).toThrow(/TRIGGER_MAP_LINK_KEYS is not set .*openssl rand -base64 32/);
    expect(() => keysOf(`${key(1)},c2hvcnQ=`)).toThrow(
      "TRIGGER_MAP_LINK_KEYS: key 2 must be at least 32 bytes, base64-encoded",
    );
    expect(() => linkKeysFromEnv({ TRIGGER_MAP_LINK_KEYS: key(1) })).toThrow(
      /TRIGGER_MAP_ENCRYPTION_KEY is not set/,
    );
  });

  it("signs with the first key and accepts every listed one, so a rotation keeps the previous key's links", () => {
    const before = keysOf(key(1));
    const rotated = keysOf(` ${key(2)} , ${key(1)} `);
    const signed = signLink(before, "open", "d1");
    expect(verifyLink(rotated, signed, "open", "d1")).toBe(true);
    expect(signLink(rotated, "open", "d1")).toBe(
      mac(Buffer.alloc(32, 2), ["open", "d1"]),
    );
    // Dropped from the list, forged, or over other parts: refused.
    expect(verifyLink(keysOf(key(2)), signed, "open", "d1")).toBe(false);
    expect(verifyLink(rotated, signed, "open", "d2")).toBe(false);
    expect(verifyLink(rotated, "x".repeat(32), "open", "d1")).toBe(false);
    expect(verifyLink(rotated, "", "open", "d1")).toBe(false);
  });

  it("accepts open and click links signed before link keys with the API secret, current or previous, and no other", () => {
    // As the app signed them before: the same parts, the API secret as the key.
    const openSig = mac("old-secret", ["open", "d1"]);
    const clickSig = mac("old-secret", [
      "click",
      "d1",
      "https://shop.example/p",
    ]);
    const keys = keysOf(key(1), {
      SHOPIFY_API_SECRET: "new-secret",
      SHOPIFY_API_SECRET_PREVIOUS: "old-secret",
    });
    expect(keys.legacy).toEqual(["new-secret", "old-secret"]);
    expect(verifyOpen(keys, "d1", openSig)).toBe(true);
    expect(verifyClick(keys, "d1", "https://shop.example/p", clickSig)).toBe(
      true,
    );
    expect(
      verifyOpen(
        keysOf(key(1), { SHOPIFY_API_SECRET: "new-secret" }),
        "d1",
        openSig,
      ),
    ).toBe(false);
    // New links: the current link key.
    const pixel = openPixelUrl("https://app.example", keys, "d1");
    expect(
      verifyOpen(
        keysOf(key(1)),
        "d1",
        /\/t\/o\/d1\/(.+)\.gif$/.exec(pixel)![1]!,
      ),
    ).toBe(true);
    const click = new URL(
      clickUrl("https://app.example", keys, "d1", "https://shop.example/p"),
    );
    expect(
      verifyClick(
        keysOf(key(1)),
        "d1",
        "https://shop.example/p",
        click.searchParams.get("s")!,
      ),
    ).toBe(true);
  });
});
