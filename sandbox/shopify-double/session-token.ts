// Session tokens as App Bridge gets them from the Shopify admin: HS256 JWTs signed with the app's
// secret, with Shopify's claims.
import { createHmac, randomUUID } from "node:crypto";

export interface SessionTokenInput {
  apiKey: string;
  apiSecret: string;
  shop: string;
  userId?: string;
  expiresInSeconds?: number;
  now?: Date;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function mintSessionToken(input: SessionTokenInput): string {
  const now = Math.floor((input.now ?? new Date()).valueOf() / 1000);
  const header = base64url({ alg: "HS256", typ: "JWT" });
  const payload = base64url({
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: input.userId ?? "1",
    exp: now + (input.expiresInSeconds ?? 60),
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  });
  const signature = createHmac("sha256", input.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Verifies a token the way Shopify's token exchange does; returns its claims or null. */
export function verifySessionToken(token: string, apiSecret: string, now = new Date()): Record<string, unknown> | null {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return null;
  const expected = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  if (expected !== signature) return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  if (typeof claims.exp !== "number" || claims.exp * 1000 < now.valueOf()) return null;
  return claims;
}
