// Session tokens as App Bridge gets them from the Shopify admin: HS256 JWTs signed with the app's
// secret, with Shopify's claims.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export interface SessionTokenInput {
  apiKey: string;
  apiSecret: string;
  shop: string;
  userId?: string;
  expiresInSeconds?: number;
  now?: Date;
}

const base64url = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString("base64url");

export function mintSessionToken(input: SessionTokenInput): string {
  const now = Math.floor((input.now ?? new Date()).valueOf() / 1000);
  const header = base64url({ alg: "HS256", typ: "JWT" });
  const payload = base64url({
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    // Shopify's staff user id; a number in a string.
    sub: input.userId ?? "1",
    exp: now + (input.expiresInSeconds ?? 60),
    // A few seconds early, so a verifier whose clock runs slightly behind still accepts it.
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  });
  const signature = createHmac("sha256", input.apiSecret)
    .update(`${header}.${payload}`)
    .digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Verifies a token the way Shopify's token exchange does; returns its claims or null. */
export function verifySessionToken(
  token: string,
  apiSecret: string,
  now = new Date(),
): Record<string, unknown> | null {
  const [header, payload, signature, extra] = token.split(".");
  if (!header || !payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(
    createHmac("sha256", apiSecret)
      .update(`${header}.${payload}`)
      .digest("base64url"),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return null;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    ) as Record<string, unknown>;
  } catch {
    return null;
  }
  const seconds = now.valueOf() / 1000;
  if (typeof claims.exp !== "number" || claims.exp < seconds) return null;
  if (typeof claims.nbf === "number" && claims.nbf > seconds) return null;
  return claims;
}
