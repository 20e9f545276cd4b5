// Web push end to end below the browser: a subscription stored through the app proxy, a
// notification sent with the shop's VAPID key to a local HTTPS push service that checks the JWT
// and decrypts the payload; a subscription the service dropped is removed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PUSH_SERVICE_HOSTS } from "../../app/channels/push-services";
import { sendPush } from "../../app/channels/web-push.server";
import { SANDBOX_KEY, startTestApp, type TestApp } from "../support/app";
import { startPushService, type PushService } from "../support/push-service";
import { runServiceWorker } from "../support/service-worker";
import { installShop } from "../support/shop";
import { SANDBOX_PUSH_SERVICE_HOSTS } from "../../sandbox/config";
import { startBlackHole, type BlackHole } from "../support/black-hole";

describe("web push", () => {
  let t: TestApp;
  let push: PushService;
  let blackHole: BlackHole;
  const db = () => t.database.db;
  const subscribe = (visitorId: string, subscription: object) =>
    fetch(t.double.appProxyUrl("/push/subscribe", { shop: t.shop }), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ visitorId, subscription }),
    });

  beforeAll(async () => {
    t = await startTestApp("sqlite");
    push = await startPushService();
    blackHole = await startBlackHole();
    await installShop(t);
    // As the browser does before subscribing: the shop's VAPID key, made on this first ask.
    expect(
      (await fetch(t.double.appProxyUrl("/push/key", { shop: t.shop }))).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await push?.close();
    await blackHole?.close();
    await t?.stop();
  });

  it("reaches the browser's push service signed with the shop's key, and only the browser can read it", async () => {
    const subscription = push.subscribe();
    expect((await subscribe("browser-p", subscription)).status).toBe(204);
    const stored = await db().pushSubscription.findUniqueOrThrow({
      where: { endpoint: subscription.endpoint },
    });
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });

    const outcome = await sendPush(
      db(),
      shop,
      stored.contactId,
      { title: "Your cart", body: "Still yours <b>today</b>", url: "/cart" },
      {
        agent: push.agent,
        ttlSeconds: 3600,
        urgency: "high",
        key: SANDBOX_KEY,
        hosts: SANDBOX_PUSH_SERVICE_HOSTS,
      },
    );
    expect(outcome).toEqual({ sent: 1, removed: 0, failed: [] });
    expect(push.received).toHaveLength(1);
    const [received] = push.received;
    expect(JSON.parse(received.payload)).toEqual({
      title: "Your cart",
      body: "Still yours <b>today</b>",
      url: "/cart",
    });
    expect(received).toMatchObject({
      ttl: "3600",
      urgency: "high",
      vapid: { aud: push.url, sub: `mailto:${shop.email}` },
    });
  });

  it("sends a notification's link and icon only when they are web addresses or pages of the shop", async () => {
    const subscription = push.subscribe();
    expect((await subscribe("browser-r", subscription)).status).toBe(204);
    const stored = await db().pushSubscription.findUniqueOrThrow({
      where: { endpoint: subscription.endpoint },
    });
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    const before = push.received.length;
    const send = (url: string, icon?: string) =>
      sendPush(
        db(),
        shop,
        stored.contactId,
        { title: "t", body: "b", url, ...(icon ? { icon } : {}) },
        {
          agent: push.agent,
          key: SANDBOX_KEY,
          hosts: SANDBOX_PUSH_SERVICE_HOSTS,
        },
      );
    await send(
      "javascript:alert(document.cookie)",
      "data:image/svg+xml,<svg onload=alert(1)>",
    );
    await send("//evil.example/", "javascript:alert(1)");
    await send(
      "https://shop.example/collections/sale",
      "https://cdn.example/icon.png",
    );
    const payloads = push.received
      .slice(before)
      .map((r) => JSON.parse(r.payload));
    expect(payloads).toEqual([
      { title: "t", body: "b", url: "/" },
      { title: "t", body: "b", url: "/" },
      {
        title: "t",
        body: "b",
        url: "https://shop.example/collections/sale",
        icon: "https://cdn.example/icon.png",
      },
    ]);
  });

  it("serves a service worker that opens only links that keep the rule", async () => {
    const response = await fetch(
      t.double.appProxyUrl("/sw.js", { shop: t.shop }),
    );
    expect(response.status).toBe(200);
    const sw = runServiceWorker(await response.text());
    sw.push({
      title: "t",
      body: "b",
      url: "javascript:alert(1)",
      icon: "javascript:alert(1)",
    });
    sw.push({ title: "t", body: "b", url: "/cart" });
    expect(sw.shown.map((s) => [s.options.data.url, s.options.icon])).toEqual([
      ["/", undefined],
      ["/cart", undefined],
    ]);
    sw.click({ data: { url: "java\nscript:alert(1)" } });
    expect(sw.opened).toEqual(["/"]);
  });

  it("removes a subscription the push service no longer knows", async () => {
    const subscription = push.subscribe();
    await subscribe("browser-q", subscription);
    const stored = await db().pushSubscription.findUniqueOrThrow({
      where: { endpoint: subscription.endpoint },
    });
    push.drop(subscription.endpoint);
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    const outcome = await sendPush(
      db(),
      shop,
      stored.contactId,
      { title: "t", body: "b", url: "/" },
      {
        agent: push.agent,
        key: SANDBOX_KEY,
        hosts: SANDBOX_PUSH_SERVICE_HOSTS,
      },
    );
    expect(outcome).toMatchObject({ sent: 0, removed: 1 });
    expect(
      await db().pushSubscription.count({
        where: { endpoint: subscription.endpoint },
      }),
    ).toBe(0);
  });

  /** A subscription stored as it is, past the storefront's check (as one stored before it existed). */
  async function storedSubscription(endpoint: string) {
    const keys = push.subscribe().keys;
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    const contact = await db().contact.create({
      data: { shopId: shop.id, tags: [] },
    });
    await db().pushSubscription.create({
      data: { contactId: contact.id, endpoint, ...keys },
    });
    return { shop, contactId: contact.id };
  }

  it("never contacts a stored endpoint that is not a browser's push service: it is removed", async () => {
    const { shop, contactId } = await storedSubscription(
      `${blackHole.url}/push/not-allowed`,
    );
    const outcome = await sendPush(
      db(),
      shop,
      contactId,
      { title: "t", body: "b", url: "/" },
      { key: SANDBOX_KEY, hosts: DEFAULT_PUSH_SERVICE_HOSTS },
    );
    expect(outcome).toEqual({ sent: 0, removed: 1, failed: [] });
    expect(blackHole.connections()).toBe(0);
    expect(await db().pushSubscription.count({ where: { contactId } })).toBe(0);
  });

  it("gives up on a push service that accepts and never answers, with the reason, keeping the subscription", async () => {
    const { shop, contactId } = await storedSubscription(
      `${blackHole.url}/push/hangs`,
    );
    const outcome = await sendPush(
      db(),
      shop,
      contactId,
      { title: "t", body: "b", url: "/" },
      { key: SANDBOX_KEY, hosts: ["127.0.0.1"], timeoutMs: 300 },
    );
    expect(outcome).toEqual({
      sent: 0,
      removed: 0,
      failed: [
        {
          endpoint: `${blackHole.url}/push/hangs`,
          status: null,
          reason: `the push service ${new URL(blackHole.url).host} did not answer within 0.3 s`,
        },
      ],
    });
    expect(blackHole.connections()).toBeGreaterThan(0);
    expect(await db().pushSubscription.count({ where: { contactId } })).toBe(1);
  });
});
