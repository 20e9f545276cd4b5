// A shop's secrets (email provider credentials, VAPID private key) as the rest of the app sees
// them: plain values in memory, AES-256-GCM ciphertext in the database.
import type { Db } from "../db.server";
import {
  decryptSecrets,
  encryptSecrets,
  encryptionKeyFromEnv,
} from "../security/secrets.server";

export type ShopSecrets = Record<string, string>;

export async function readShopSecrets(
  db: Db,
  domain: string,
  key = encryptionKeyFromEnv(),
): Promise<ShopSecrets> {
  const shop = await db.shop.findUnique({
    where: { domain },
    select: { secretsCipher: true },
  });
  return shop?.secretsCipher
    ? decryptSecrets(shop.secretsCipher, domain, key)
    : {};
}

/** Merges `changes` into the stored secrets; a null value removes that secret. */
export async function updateShopSecrets(
  db: Db,
  domain: string,
  changes: Record<string, string | null>,
  key = encryptionKeyFromEnv(),
): Promise<void> {
  const current = await readShopSecrets(db, domain, key);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete current[name];
    else current[name] = value;
  }
  await db.shop.update({
    where: { domain },
    data: { secretsCipher: encryptSecrets(current, domain, key) },
  });
}
