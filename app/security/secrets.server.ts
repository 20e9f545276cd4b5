// Shop secrets (email provider credentials, VAPID private key) are stored only as AES-256-GCM
// ciphertext, bound to their shop so a row copied to another shop does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretsKeyError extends Error {}

/** Reads the 32-byte key from TRIGGER_MAP_ENCRYPTION_KEY (base64). */
export function encryptionKeyFromEnv(
  env: Record<string, string | undefined> = process.env,
): Buffer {
  const raw = env.TRIGGER_MAP_ENCRYPTION_KEY;
  if (!raw) {
    throw new SecretsKeyError(
      "TRIGGER_MAP_ENCRYPTION_KEY is not set (32 random bytes, base64: `openssl rand -base64 32`)",
    );
  }
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32)
    throw new SecretsKeyError(
      "TRIGGER_MAP_ENCRYPTION_KEY must be 32 bytes, base64-encoded",
    );
  return key;
}

export function encryptSecrets(
  secrets: Record<string, string>,
  shopDomain: string,
  key: Buffer,
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(shopDomain));
  const body = Buffer.concat([
    cipher.update(JSON.stringify(secrets), "utf8"),
    cipher.final(),
  ]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64")))
    .join(":");
}

export function decryptSecrets(
  stored: string,
  shopDomain: string,
  key: Buffer,
): Record<string, string> {
  const [version, iv, tag, body] = stored.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new Error("Unreadable secrets: unknown format");
  const decipher = createDecipheriv(
    "aes-256-gcm",
    key,
    Buffer.from(iv, "base64"),
  );
  decipher.setAAD(Buffer.from(shopDomain));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    const plain = Buffer.concat([
      decipher.update(Buffer.from(body, "base64")),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString("utf8")) as Record<string, string>;
  } catch {
    // Never echo the ciphertext or the key: just say it does not decrypt.
    throw new Error(
      "Unreadable secrets: wrong key, wrong shop, or tampered data",
    );
  }
}
