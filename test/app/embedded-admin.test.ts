// The embedded admin's front door: Shopify's session token decides who gets in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_UA, startTestApp, type TestApp } from "../support/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp("sqlite");
});
afterAll(() => t?.stop());

const appPath = (idToken: string) =>
  `/app?embedded=1&shop=${t.shop}&host=${Buffer.from(`${t.shop}/admin`).toString("base64url")}&id_token=${idToken}`;

describe("an embedded admin request", () => {
  it("with a valid session token installs the shop and renders the Polaris dashboard", async () => {
    const response = await fetch(
      t.app.url + appPath(t.double.mintSessionToken(t.shop)),
      {
        headers: { "User-Agent": BROWSER_UA },
      },
    );
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain("Polaris-Page");
    expect(html).toMatch(
      /Dashboard — <!-- -->(Trigger Map Demo Store|trigger-map-demo\.myshopify\.com)/,
    );
    // Installed through token exchange: an offline session, and the shop read from the Admin API.
    expect(
      await t.database.db.session.count({
        where: { shop: t.shop, isOnline: false },
      }),
    ).toBe(1);
    // An expiring offline token with its refresh token (Shopify requires them from 2027-01-01).
    const offline = await t.database.db.session.findFirstOrThrow({
      where: { shop: t.shop, isOnline: false },
    });
    expect(offline.expires).toBeInstanceOf(Date);
    expect(offline.refreshToken).toBeTruthy();
    // afterAuth runs once for the concurrent loaders of the first page; it may finish just after it.
    await expect
      .poll(
        async () =>
          (await t.database.db.shop.findUnique({ where: { domain: t.shop } }))
            ?.name,
      )
      .toBe("Trigger Map Demo Store");
    const shop = await t.database.db.shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    expect(shop).toMatchObject({
      name: "Trigger Map Demo Store",
      ianaTimezone: "America/New_York",
      uninstalledAt: null,
    });
    expect(t.double.admin.operations.map((op) => op.query)).toContainEqual(
      expect.stringContaining("query TriggerMapShop"),
    );
    expect(t.double.admin.invalidOperations).toEqual([]);
  });

  it("with a token signed by someone else is refused", async () => {
    const forged = t.double.mintSessionToken(t.shop, {
      apiSecret: "not-the-app-secret",
    });
    const page = await fetch(t.app.url + appPath(forged), {
      headers: { "User-Agent": BROWSER_UA },
      redirect: "manual",
    });
    // Shopify's library sends the browser to re-fetch a token; it never renders the app.
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/auth\/session-token\?/);
    const data = await fetch(`${t.app.url}/app/scenarios.data`, {
      headers: { "User-Agent": BROWSER_UA, Authorization: `Bearer ${forged}` },
    });
    expect(data.status).toBe(401);
  });

  it("without a session token is not served", async () => {
    const response = await fetch(`${t.app.url}/app?shop=${t.shop}`, {
      headers: { "User-Agent": BROWSER_UA },
      redirect: "manual",
    });
    expect(response.status).not.toBe(200);
  });

  it("never writes session tokens to the server's log", async () => {
    const token = t.double.mintSessionToken(t.shop);
    await fetch(t.app.url + appPath(token), {
      headers: { "User-Agent": BROWSER_UA },
    });
    expect(t.app.output()).toMatch(/GET \/app 200/);
    expect(t.app.output()).not.toContain("id_token");
    expect(t.app.output()).not.toContain(token.split(".")[2]);
  });
});
