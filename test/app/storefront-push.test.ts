// Web push on the storefront, through the app proxy as Shopify forwards it (signed), on both
// databases: the service worker, the shop's VAPID key, a subscription kept on the right contact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/databases";
import { startTestAppWithWorker, type TestAppWithWorker } from "../support/app";

describe.each(PROVIDERS)("storefront push on %s", (provider) => {
  let t: TestAppWithWorker;
  const db = () => t.database.db;
  const proxied = (path: string, loggedInCustomerId?: string) =>
    t.double.appProxyUrl(path, { shop: t.shop, loggedInCustomerId });
  const postJson = (url: string, body: unknown) =>
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const subscription = (
    id: string,
    endpoint = `https://fcm.googleapis.com/fcm/send/${id}`,
  ) => ({ endpoint, keys: { p256dh: "BNc-key", auth: "auth-secret" } });

  beforeAll(async () => {
    t = await startTestAppWithWorker(provider);
  });
  afterAll(() => t?.stop());

  it("serves the service worker, only with Shopify's signature", async () => {
    const response = await fetch(proxied("/sw.js"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(
      "application/javascript",
    );
    expect(await response.text()).toContain("notificationclick");
    const forged = new URL(proxied("/sw.js"));
    forged.searchParams.set("logged_in_customer_id", "1");
    expect((await fetch(forged)).status).toBe(401);
  });

  it("makes the shop's VAPID key pair once and keeps the private key encrypted", async () => {
    const first = (await (await fetch(proxied("/push/key"))).json()) as {
      publicKey: string;
    };
    const second = (await (await fetch(proxied("/push/key"))).json()) as {
      publicKey: string;
    };
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(second.publicKey).toBe(first.publicKey);
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    expect(shop.secretsCipher).not.toContain(first.publicKey);
  });

  it("keeps a subscription on the logged-in customer's contact and tells the scenarios", async () => {
    const response = await postJson(proxied("/push/subscribe", "7007"), {
      visitorId: "browser-p",
      subscription: subscription("p1"),
    });
    expect(response.status).toBe(204);
    await t.worker.drain();
    const stored = await db().pushSubscription.findUniqueOrThrow({
      where: { endpoint: "https://fcm.googleapis.com/fcm/send/p1" },
      include: { contact: { include: { visitors: true, events: true } } },
    });
    expect(stored.contact).toMatchObject({ shopifyCustomerId: "7007" });
    expect(stored.contact.visitors.map((v) => v.visitorId)).toEqual([
      "browser-p",
    ]);
    expect(
      stored.contact.events.map((e) => [e.type, e.processedAt !== null]),
    ).toEqual([["push_subscribed", true]]);

    const gone = await postJson(proxied("/push/unsubscribe"), {
      endpoint: "https://fcm.googleapis.com/fcm/send/p1",
    });
    expect(gone.status).toBe(204);
    expect(
      await db().pushSubscription.count({
        where: { endpoint: "https://fcm.googleapis.com/fcm/send/p1" },
      }),
    ).toBe(0);
  });

  it("refuses an endpoint that is not a browser's push service with a 400 that says why, and stores nothing", async () => {
    for (const [endpoint, reason] of [
      [
        "https://attacker.example/hang",
        "attacker.example is not a browser push service this app sends to",
      ],
      [
        "https://fcm.googleapis.com.attacker.example/x",
        "fcm.googleapis.com.attacker.example is not a browser push service",
      ],
      [
        "http://fcm.googleapis.com/fcm/send/x",
        "a push service is reached over https",
      ],
    ]) {
      const response = await postJson(proxied("/push/subscribe"), {
        visitorId: "browser-bad",
        subscription: subscription("x", endpoint),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(
        `subscription.endpoint: ${reason}`,
      );
    }
    expect(
      await db().pushSubscription.count({
        where: { endpoint: { contains: "attacker" } },
      }),
    ).toBe(0);
    // Each browser's own service is taken.
    for (const endpoint of [
      "https://updates.push.services.mozilla.com/wpush/v2/a",
      "https://web.push.apple.com/QGh1",
      "https://wns2-par02p.notify.windows.com/w/?token=b",
    ]) {
      expect(
        (
          await postJson(proxied("/push/subscribe"), {
            visitorId: "browser-ok",
            subscription: subscription("x", endpoint),
          })
        ).status,
      ).toBe(204);
    }
  });

  it("answers bad input with 4xx", async () => {
    expect((await postJson(proxied("/push/subscribe"), "{nope")).status).toBe(
      400,
    );
    const wrong = await postJson(proxied("/push/subscribe"), {
      visitorId: "v",
      subscription: { endpoint: "javascript:alert(1)", keys: {} },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/subscription\.endpoint/);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await postJson(proxied("/push/subscribe"), {
            visitorId: "flood",
            subscription: subscription(`f${i}`),
          })
        ).status,
      );
    expect(statuses).toContain(429);
  });
});
