import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RequestedTokenType, type Session } from "@shopify/shopify-api";
import { abstractFetch } from "@shopify/shopify-api/runtime";
import { routeShopifyTo } from "./route-shopify-fetch";
import { SHOP_HEADER, startShopifyDouble, type ShopifyDouble } from "./server";
import {
  API_KEY,
  API_SECRET,
  OTHER_SHOP,
  SCOPES,
  SHOP,
  shopifyLibrary,
} from "./test-support";

const APP_URL = "http://127.0.0.1:9";
let double: ShopifyDouble;
let unroute: (() => void) | undefined;

beforeAll(async () => {
  double = await startShopifyDouble({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: APP_URL,
    scopes: SCOPES,
    shops: [SHOP, OTHER_SHOP],
  });
});
afterEach(() => {
  unroute?.();
  unroute = undefined;
});
afterAll(() => double?.close());

const route = () =>
  (unroute = routeShopifyTo(double.url, [SHOP.domain, OTHER_SHOP.domain]));
const shopName = async (session: Session) => {
  const client = new (shopifyLibrary().clients.Graphql)({ session });
  return (
    await client.request<{ shop: { name: string } }>("query { shop { name } }")
  ).data?.shop.name;
};

describe("session tokens minted by the double", () => {
  it("carry Shopify's claims and verify with Shopify's library; another secret or an old token does not", async () => {
    const shopify = shopifyLibrary();
    const payload = await shopify.session.decodeSessionToken(
      double.mintSessionToken(SHOP.domain, { userId: "7" }),
    );
    expect(payload).toMatchObject({
      iss: `https://${SHOP.domain}/admin`,
      dest: `https://${SHOP.domain}`,
      aud: API_KEY,
      sub: "7",
    });
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.jti).toBeTruthy();
    expect(payload.sid).toBeTruthy();
    await expect(
      shopify.session.decodeSessionToken(
        double.mintSessionToken(SHOP.domain, { apiSecret: "other" }),
      ),
    ).rejects.toThrow();
    const old = double.mintSessionToken(SHOP.domain, {
      now: new Date(Date.now() - 10 * 60_000),
    });
    await expect(shopify.session.decodeSessionToken(old)).rejects.toThrow();
  });

  it("open the embedded app from the double's admin link, with shop, host and a fresh id_token", async () => {
    const response = await fetch(double.adminUrl(SHOP.domain), {
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${APP_URL}/app`);
    expect(location.searchParams.get("embedded")).toBe("1");
    expect(location.searchParams.get("shop")).toBe(SHOP.domain);
    expect(
      Buffer.from(location.searchParams.get("host")!, "base64url").toString(),
    ).toBe(`${SHOP.domain}/admin`);
    expect(
      (
        await shopifyLibrary().session.decodeSessionToken(
          location.searchParams.get("id_token")!,
        )
      ).dest,
    ).toBe(`https://${SHOP.domain}`);
  });
});

describe("token exchange through routeShopifyTo", () => {
  it("gives an offline token that then queries the Admin API through Shopify's client", async () => {
    route();
    const { session } = await shopifyLibrary().auth.tokenExchange({
      shop: SHOP.domain,
      sessionToken: double.mintSessionToken(SHOP.domain),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    expect(session).toMatchObject({
      shop: SHOP.domain,
      isOnline: false,
      scope: SCOPES.join(","),
    });
    expect(session.expires).toBeUndefined();
    expect(await shopName(session)).toBe("Double Test");
  });

  it("gives an online token for the session token's user, expiring in a day", async () => {
    route();
    const { session } = await shopifyLibrary().auth.tokenExchange({
      shop: SHOP.domain,
      sessionToken: double.mintSessionToken(SHOP.domain, { userId: "42" }),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.onlineAccessInfo?.associated_user.id).toBe(42);
    expect(session.expires!.valueOf() - Date.now()).toBeGreaterThan(86_000_000);
    expect(await shopName(session)).toBe("Double Test");
  });

  it("gives expiring offline tokens that refresh; the old refresh token retires once the new token is used", async () => {
    route();
    const shopify = shopifyLibrary();
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP.domain,
      sessionToken: double.mintSessionToken(SHOP.domain),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.expires!.valueOf() - Date.now()).toBeLessThanOrEqual(
      3_600_000,
    );
    expect(session.refreshToken).toMatch(/^shprt_/);
    const { session: refreshed } = await shopify.auth.refreshToken({
      shop: SHOP.domain,
      refreshToken: session.refreshToken!,
    });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    expect(await shopName(refreshed)).toBe("Double Test");
    await expect(
      shopify.auth.refreshToken({
        shop: SHOP.domain,
        refreshToken: session.refreshToken!,
      }),
    ).rejects.toThrow();
  });

  it("refuses a session token signed with another secret, one for another shop, and wrong client credentials", async () => {
    route();
    const exchange = (
      sessionToken: string,
      shop = SHOP.domain,
      body: Record<string, string> = {},
    ) =>
      fetch(`${double.url}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json", [SHOP_HEADER]: shop },
        body: JSON.stringify({
          client_id: API_KEY,
          client_secret: API_SECRET,
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: sessionToken,
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type:
            "urn:shopify:params:oauth:token-type:offline-access-token",
          ...body,
        }),
      });
    expect(
      (
        await exchange(
          double.mintSessionToken(SHOP.domain, { apiSecret: "other" }),
        )
      ).status,
    ).toBe(400);
    expect(
      (await exchange(double.mintSessionToken(SHOP.domain), OTHER_SHOP.domain))
        .status,
    ).toBe(400);
    expect(
      (
        await exchange(double.mintSessionToken(SHOP.domain), SHOP.domain, {
          client_secret: "nope",
        })
      ).status,
    ).toBe(400);
    expect((await exchange(double.mintSessionToken(SHOP.domain))).status).toBe(
      200,
    );
  });

  it("refuses, offline, every Shopify URL that is not a listed shop, and lets local requests through", async () => {
    route();
    await expect(
      abstractFetch(
        `https://unknown.myshopify.com/admin/api/2026-10/graphql.json`,
        { method: "POST" },
      ),
    ).rejects.toThrow(/no route/);
    await expect(abstractFetch("http://127.0.0.1:9/anything")).rejects.toThrow(
      /no route/,
    );
    await expect(fetch("https://admin.shopify.com/store/x")).rejects.toThrow(
      /no route/,
    );
    expect((await fetch(`${double.url}/nothing-here`)).status).toBe(404);
  });
});

describe("the authorization-code grant (install and reinstall)", () => {
  it("redirects back to the app with a code and an HMAC Shopify's library accepts; the code works once", async () => {
    const authorize = new URL(`${double.url}/admin/oauth/authorize`);
    for (const [key, value] of Object.entries({
      client_id: API_KEY,
      scope: "read_orders",
      redirect_uri: `${APP_URL}/auth/callback`,
      state: "nonce-1",
    })) {
      authorize.searchParams.set(key, value);
    }
    const response = await fetch(authorize, {
      headers: { [SHOP_HEADER]: SHOP.domain },
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get("location")!);
    expect(callback.pathname).toBe("/auth/callback");
    const query = Object.fromEntries(callback.searchParams);
    expect(query).toMatchObject({ shop: SHOP.domain, state: "nonce-1" });
    expect(await shopifyLibrary().utils.validateHmac(query)).toBe(true);

    const exchange = () =>
      fetch(`${double.url}/admin/oauth/access_token`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          [SHOP_HEADER]: SHOP.domain,
        },
        body: JSON.stringify({
          client_id: API_KEY,
          client_secret: API_SECRET,
          code: query.code,
        }),
      });
    const first = await exchange();
    const granted = (await first.json()) as {
      access_token: string;
      scope: string;
    };
    expect(granted.scope).toBe("read_orders");
    expect(
      double.oauth.grantFor(granted.access_token, SHOP.domain),
    ).toBeTruthy();
    expect((await exchange()).status).toBe(400);
  });

  it("refuses a redirect_uri outside the app", async () => {
    const response = await fetch(
      `${double.url}/admin/oauth/authorize?client_id=${API_KEY}&redirect_uri=https://evil.example/cb&shop=${SHOP.domain}`,
      { redirect: "manual" },
    );
    expect(response.status).toBe(400);
  });
});

describe("a double that requires expiring offline tokens (public apps from 2027)", () => {
  it("answers 401 to a non-expiring offline token and accepts an expiring one", async () => {
    const strict = await startShopifyDouble({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: APP_URL,
      scopes: SCOPES,
      shops: [SHOP],
      requireExpiringOfflineTokens: true,
    });
    try {
      unroute = routeShopifyTo(strict.url, [SHOP.domain]);
      const shopify = shopifyLibrary();
      const exchange = (expiring: boolean) =>
        shopify.auth.tokenExchange({
          shop: SHOP.domain,
          sessionToken: strict.mintSessionToken(SHOP.domain),
          requestedTokenType: RequestedTokenType.OfflineAccessToken,
          expiring,
        });
      await expect(shopName((await exchange(false)).session)).rejects.toThrow();
      expect(await shopName((await exchange(true)).session)).toBe(
        "Double Test",
      );
    } finally {
      await strict.close();
    }
  });
});
