// Web push end to end below the browser: a subscription stored through the app proxy, a
// notification sent with the shop's VAPID key to a local HTTPS push service that checks the JWT
// and decrypts the payload; a subscription the service dropped is removed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendPush } from "../../app/channels/web-push.server";
import { SANDBOX_KEY, startTestApp, type TestApp } from "../support/app";
import { startPushService, type PushService } from "../support/push-service";
import { installShop } from "../support/shop";


describe("web push", () => {
  let t: TestApp;
  let push: PushService;
  const db = () => t.database.db;
  const subscribe = (visitorId: string, subscription: object) =>
    fetch(t.double.appProxyUrl("/push/subscribe", { shop: t.shop }), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ visitorId, subscription }) });

  beforeAll(async () => {
    t = await startTestApp("sqlite");
    push = await startPushService();
    await installShop(t);
    // As the browser does before subscribing: the shop's VAPID key, made on this first ask.
    expect((await fetch(t.double.appProxyUrl("/push/key", { shop: t.shop }))).status).toBe(200);
  });
  afterAll(async () => {
    await push?.close();
    await t?.stop();
  });

  it("reaches the browser's push service signed with the shop's key, and only the browser can read it", async () => {
    const subscription = push.subscribe();
    expect((await subscribe("browser-p", subscription)).status).toBe(204);
    const stored = await db().pushSubscription.findUniqueOrThrow({ where: { endpoint: subscription.endpoint } });
    const shop = await db().shop.findUniqueOrThrow({ where: { domain: t.shop } });

    const outcome = await sendPush(db(), shop, stored.contactId, { title: "Your cart", body: "Still yours <b>today</b>", url: "/cart" }, {
      agent: push.agent, ttlSeconds: 3600, urgency: "high", key: SANDBOX_KEY,
    });
    expect(outcome).toEqual({ sent: 1, removed: 0, failed: [] });
    expect(push.received).toHaveLength(1);
    const [received] = push.received;
    expect(JSON.parse(received.payload)).toEqual({ title: "Your cart", body: "Still yours <b>today</b>", url: "/cart" });
    expect(received).toMatchObject({ ttl: "3600", urgency: "high", vapid: { aud: push.url, sub: `mailto:${shop.email}` } });
  });

  it("removes a subscription the push service no longer knows", async () => {
    const subscription = push.subscribe();
    await subscribe("browser-q", subscription);
    const stored = await db().pushSubscription.findUniqueOrThrow({ where: { endpoint: subscription.endpoint } });
    push.drop(subscription.endpoint);
    const shop = await db().shop.findUniqueOrThrow({ where: { domain: t.shop } });
    const outcome = await sendPush(db(), shop, stored.contactId, { title: "t", body: "b", url: "/" }, { agent: push.agent, key: SANDBOX_KEY });
    expect(outcome).toMatchObject({ sent: 0, removed: 1 });
    expect(await db().pushSubscription.count({ where: { endpoint: subscription.endpoint } })).toBe(0);
  });
});
