// Shopify's OAuth endpoints for the double: the authorization-code grant (install/reinstall through
// /admin/oauth/authorize), token exchange (a session token for an offline or online access token,
// how embedded apps install), and refresh of expiring offline tokens. Access tokens it issues are
// the only ones the double's Admin API accepts.
import { createHmac, randomBytes } from "node:crypto";
import { verifySessionToken } from "./session-token";

export const TOKEN_EXCHANGE_GRANT =
  "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE =
  "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE =
  "urn:shopify:params:oauth:token-type:online-access-token";

// Lifetimes: online tokens about a day (expires_in 86399 in Shopify's examples); expiring offline
// tokens an hour (changelog 2025-12-10). The refresh tokens' 90 days is the double's assumption.
const ONLINE_TOKEN_SECONDS = 86_399;
const EXPIRING_OFFLINE_SECONDS = 3_600;
const REFRESH_TOKEN_SECONDS = 90 * 86_400;
const CODE_SECONDS = 60;

export interface IssuedToken {
  shop: string;
  scope: string;
  /** The staff member's id, for an online token. */
  userId?: number;
  expiresAt?: number;
  /** Set on a refreshed token: the refresh token it replaced, retired once this one is used. */
  retires?: string;
}

export interface OAuthOptions {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
}

export interface OAuthAnswer {
  status: number;
  body?: unknown;
  location?: string;
}

/**
 * The HMAC Shopify puts on the redirect back to the app (and on admin links): drop `hmac` and
 * `signature`, sort by key, URL-encode as a query string (spaces as %20), HMAC-SHA256, hex.
 */
export function signAdminQuery(
  params: URLSearchParams,
  secret: string,
): string {
  const sorted = new URLSearchParams(
    [...params]
      .filter(([key]) => key !== "hmac" && key !== "signature")
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHmac("sha256", secret)
    .update(sorted.toString().replace(/\+/g, "%20"))
    .digest("hex");
}

export class OAuthDouble {
  readonly tokens = new Map<string, IssuedToken>();
  private readonly codes = new Map<
    string,
    IssuedToken & { expiresAt: number }
  >();
  private readonly refreshTokens = new Map<
    string,
    { shop: string; scope: string; expiresAt: number; retires?: string }
  >();

  constructor(private readonly options: OAuthOptions) {}

  issueAccessToken(
    shop: string,
    options: {
      userId?: number;
      expiresInSeconds?: number;
      scope?: string;
    } = {},
  ): string {
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    this.tokens.set(token, {
      shop,
      scope: options.scope ?? this.options.scopes.join(","),
      ...(options.userId !== undefined ? { userId: options.userId } : {}),
      ...(options.expiresInSeconds
        ? { expiresAt: Date.now() + options.expiresInSeconds * 1000 }
        : {}),
    });
    return token;
  }

  /** The token's grant if it is valid now for `shop`, else null (the Admin API answers 401). */
  grantFor(token: string, shop: string): IssuedToken | null {
    const grant = this.tokens.get(token);
    if (!grant || grant.shop !== shop) return null;
    if (grant.expiresAt !== undefined && grant.expiresAt < Date.now())
      return null;
    this.retire(grant);
    return grant;
  }

  /** Whether the token is an offline one that never expires (refused for public apps from 2027). */
  isNonExpiringOffline(token: string): boolean {
    const grant = this.tokens.get(token);
    return Boolean(
      grant && grant.userId === undefined && grant.expiresAt === undefined,
    );
  }

  // Since 2026-08-28 Shopify keeps the previous refresh token valid until the app begins using
  // its replacement (the new access or refresh token), so a lost refresh response is recoverable.
  private retire(grant: { retires?: string }) {
    if (grant.retires) this.refreshTokens.delete(grant.retires);
    delete grant.retires;
  }

  /** GET /admin/oauth/authorize: the merchant approves at once; back to the app with a code. */
  authorize(shop: string, query: URLSearchParams): OAuthAnswer {
    const redirectUri = query.get("redirect_uri") ?? "";
    if (query.get("client_id") !== this.options.apiKey)
      return {
        status: 400,
        body: {
          error: "invalid_request",
          error_description: "Unknown client_id",
        },
      };
    // Shopify only redirects to URLs the app's configuration allows.
    if (!redirectUri.startsWith(`${this.options.appUrl}/`)) {
      return {
        status: 400,
        body: {
          error: "invalid_request",
          error_description: "The redirect_uri is not whitelisted",
        },
      };
    }
    const code = randomBytes(16).toString("hex");
    const online = query.getAll("grant_options[]").includes("per-user");
    this.codes.set(code, {
      shop,
      scope: query.get("scope") || this.options.scopes.join(","),
      ...(online ? { userId: 1 } : {}),
      expiresAt: Date.now() + CODE_SECONDS * 1000,
    });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set(
      "host",
      Buffer.from(`${shop}/admin`).toString("base64url"),
    );
    back.searchParams.set("shop", shop);
    back.searchParams.set("state", query.get("state") ?? "");
    back.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
    back.searchParams.set(
      "hmac",
      signAdminQuery(back.searchParams, this.options.apiSecret),
    );
    return { status: 302, location: back.toString() };
  }

  /** POST /admin/oauth/access_token, for every grant Shopify supports there. */
  accessToken(shop: string, body: Record<string, unknown>): OAuthAnswer {
    if (
      body.client_id !== this.options.apiKey ||
      body.client_secret !== this.options.apiSecret
    ) {
      return {
        status: 400,
        body: {
          error: "invalid_client",
          error_description: "Client credentials are invalid",
        },
      };
    }
    const expiring =
      body.expiring === "1" || body.expiring === 1 || body.expiring === true;

    if (body.grant_type === TOKEN_EXCHANGE_GRANT) {
      const claims =
        typeof body.subject_token === "string"
          ? verifySessionToken(body.subject_token, this.options.apiSecret)
          : null;
      if (
        !claims ||
        claims.aud !== this.options.apiKey ||
        claims.dest !== `https://${shop}`
      ) {
        return {
          status: 400,
          body: {
            error: "invalid_subject_token",
            error_description: "Session token is invalid",
          },
        };
      }
      if (body.requested_token_type === ONLINE_TOKEN_TYPE)
        return this.grant(
          {
            shop,
            scope: this.options.scopes.join(","),
            userId: Number(claims.sub),
          },
          false,
        );
      if (body.requested_token_type === OFFLINE_TOKEN_TYPE)
        return this.grant(
          { shop, scope: this.options.scopes.join(",") },
          expiring,
        );
      return {
        status: 400,
        body: {
          error: "invalid_request",
          error_description: "Unsupported requested_token_type",
        },
      };
    }

    if (body.grant_type === "refresh_token") {
      const refresh = this.refreshTokens.get(String(body.refresh_token));
      if (!refresh || refresh.shop !== shop || refresh.expiresAt < Date.now()) {
        return {
          status: 400,
          body: {
            error: "invalid_grant",
            error_description: "The refresh token is invalid or expired",
          },
        };
      }
      this.retire(refresh);
      return this.grant(
        { shop, scope: refresh.scope, retires: String(body.refresh_token) },
        true,
      );
    }

    if (
      body.grant_type === undefined ||
      body.grant_type === "authorization_code"
    ) {
      const code = this.codes.get(String(body.code));
      this.codes.delete(String(body.code)); // a code works once
      if (!code || code.shop !== shop || code.expiresAt < Date.now()) {
        return {
          status: 400,
          body: {
            error: "invalid_request",
            error_description:
              "The authorization code was not found or was already used",
          },
        };
      }
      return this.grant(
        { shop, scope: code.scope, userId: code.userId },
        expiring,
      );
    }
    return { status: 400, body: { error: "unsupported_grant_type" } };
  }

  private grant(grant: IssuedToken, expiringOffline: boolean): OAuthAnswer {
    const { shop, scope, userId, retires } = grant;
    if (userId !== undefined) {
      const access_token = this.issueAccessToken(shop, {
        userId,
        scope,
        expiresInSeconds: ONLINE_TOKEN_SECONDS,
      });
      return {
        status: 200,
        body: {
          access_token,
          scope,
          expires_in: ONLINE_TOKEN_SECONDS,
          associated_user_scope: scope,
          associated_user: {
            id: userId,
            first_name: "Sandbox",
            last_name: "Merchant",
            email: "merchant@example.com",
            email_verified: true,
            account_owner: true,
            locale: "en",
            collaborator: false,
          },
        },
      };
    }
    if (!expiringOffline)
      return {
        status: 200,
        body: { access_token: this.issueAccessToken(shop, { scope }), scope },
      };
    const refresh_token = `shprt_${randomBytes(16).toString("hex")}`;
    this.refreshTokens.set(refresh_token, {
      shop,
      scope,
      expiresAt: Date.now() + REFRESH_TOKEN_SECONDS * 1000,
      retires,
    });
    const access_token = this.issueAccessToken(shop, {
      scope,
      expiresInSeconds: EXPIRING_OFFLINE_SECONDS,
    });
    if (retires) this.tokens.get(access_token)!.retires = retires;
    return {
      status: 200,
      body: {
        access_token,
        scope,
        expires_in: EXPIRING_OFFLINE_SECONDS,
        refresh_token,
        refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
      },
    };
  }
}
