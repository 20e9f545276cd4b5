// The keys that sign the links the app sends (unsubscribe, open, click). They are the app's own,
// not Shopify's API secret: a partner may rotate that secret, and every link already in an inbox
// must go on working. TRIGGER_MAP_LINK_KEYS lists them, current first: new links are signed with
// the first, and a link signed with any listed key is accepted, so a key is rotated by putting a
// new one in front and dropping the old one once its links no longer matter. Links sent before
// link keys existed were signed with the Shopify API secret: still accepted with the current
// secret and those in SHOPIFY_API_SECRET_PREVIOUS.
import { createHmac, hkdfSync } from "node:crypto";
import { sameText } from "./same-text";
import { encryptionKeyFromEnv } from "./secrets.server";

type Env = Record<string, string | undefined>;

export interface LinkKeys {
  /** Every key of TRIGGER_MAP_LINK_KEYS, the current (signing) one first. */
  keys: Buffer[];
  /** Shopify API secrets, current first: accepted on links signed before link keys existed. */
  legacy: string[];
  /** Keys the hash of an address that opted out (app/storefront/opt-outs.server.ts); never rotated. */
  address: Buffer;
}

export class LinkKeyError extends Error {}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

// Every open, click, unsubscribe and confirmation reads the keys: parsed and derived once per
// distinct environment (tests change it), not per request.
let cached: { from: string; keys: LinkKeys } | undefined;

/** The link keys from the environment; a missing or short key fails with what to set. */
export function linkKeysFromEnv(env: Env = process.env): LinkKeys {
  const from = JSON.stringify([
    env.TRIGGER_MAP_LINK_KEYS,
    env.SHOPIFY_API_SECRET,
    env.SHOPIFY_API_SECRET_PREVIOUS,
    env.TRIGGER_MAP_ENCRYPTION_KEY,
  ]);
  if (cached?.from !== from) cached = { from, keys: readLinkKeys(env) };
  return cached.keys;
}

function readLinkKeys(env: Env): LinkKeys {
  const raw = list(env.TRIGGER_MAP_LINK_KEYS);
  if (!raw.length) {
    throw new LinkKeyError(
      "TRIGGER_MAP_LINK_KEYS is not set (32 random bytes, base64: `openssl rand -base64 32`; current key first, then previous ones, comma-separated)",
    );
  }
  const keys = raw.map((value, i) => {
    const key = Buffer.from(value, "base64");
    if (key.length < 32)
      throw new LinkKeyError(
        `TRIGGER_MAP_LINK_KEYS: key ${i + 1} must be at least 32 bytes, base64-encoded`,
      );
    return key;
  });
  return {
    keys,
    legacy: [
      ...list(env.SHOPIFY_API_SECRET),
      ...list(env.SHOPIFY_API_SECRET_PREVIOUS),
    ],
    address: addressKey(encryptionKeyFromEnv(env)),
  };
}

/** A key of its own for address hashes, derived from the encryption key (which is never rotated: stored secrets depend on it). */
export const addressKey = (encryptionKey: Buffer) =>
  Buffer.from(
    hkdfSync(
      "sha256",
      encryptionKey,
      Buffer.alloc(0),
      "trigger-map opt-out address v1",
      32,
    ),
  );

/** HMAC-SHA256 of the parts (joined by newlines), base64url, cut to 192 bits: short enough for a URL. */
export const mac = (key: Buffer | string, parts: readonly string[]) =>
  createHmac("sha256", key)
    .update(parts.join("\n"))
    .digest("base64url")
    .slice(0, 32);

export { sameText };

/** A new link's signature: the current key. */
export const signLink = (keys: LinkKeys, ...parts: string[]) =>
  mac(keys.keys[0]!, parts);

/** True when any listed link key signed these parts. */
export const verifyLink = (
  keys: LinkKeys,
  signature: string,
  ...parts: string[]
) => keys.keys.some((key) => sameText(signature, mac(key, parts)));
