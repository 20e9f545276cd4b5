// Addresses that unsubscribed through a link, kept as a keyed hash and never in clear: the opt-out
// outlives the contact (erased by customers/redact, or never known again), so a later capture of
// the address cannot silently subscribe it again. The hash is keyed (an HMAC, with a key derived
// from TRIGGER_MAP_ENCRYPTION_KEY) so the table alone does not tell whose addresses they are, and
// includes the shop so two shops' rows never match.
import { createHmac } from "node:crypto";
import { retryOnConflict, type Db } from "../db.server";
import { normalizeEmail } from "../events/normalize";
import { addressKey } from "../security/link-keys.server";
import { encryptionKeyFromEnv } from "../security/secrets.server";

export const addressHash = (key: Buffer, shopId: string, email: string) =>
  createHmac("sha256", key)
    .update(`${shopId}\n${normalizeEmail(email) ?? email}`)
    .digest("base64url");

/** The opt-out's row, written by a client or inside a caller's transaction. */
export const upsertOptOut = (
  client: Pick<Db, "emailOptOut">,
  shopId: string,
  hash: string,
) =>
  client.emailOptOut.upsert({
    where: { shopId_addressHash: { shopId, addressHash: hash } },
    create: { shopId, addressHash: hash },
    update: {},
  });

export async function recordOptOut(
  db: Db,
  shopId: string,
  hash: string,
): Promise<void> {
  await retryOnConflict(() => upsertOptOut(db, shopId, hash));
}

/** True when this address unsubscribed through a link. */
export async function hasOptedOut(
  db: Db,
  shopId: string,
  email: string,
  key = addressKey(encryptionKeyFromEnv()),
): Promise<boolean> {
  return (
    (await db.emailOptOut.count({
      where: { shopId, addressHash: addressHash(key, shopId, email) },
    })) > 0
  );
}
