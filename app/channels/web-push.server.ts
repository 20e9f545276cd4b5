// The web push channel: a notification to every browser a contact allowed, signed with the shop's
// VAPID key (made once, kept encrypted), encrypted for each subscription (aes128gcm) by web-push.
// A push service that says the subscription is gone (404, 410) gets it removed, and so does one on
// a host that is not a browser's push service (PUSH_SERVICE_HOSTS): it is never contacted. A push
// service that does not answer within OUTBOUND_TIMEOUT_MS.push is a transient failure. A link or
// icon that breaks the link rule is not sent: the notification opens the shop's home page instead.
import type { Agent } from "node:https";
import webpush from "web-push";
import type { Db } from "../db.server";
import { logger } from "../logger.server";
import { OUTBOUND_TIMEOUT_MS, seconds } from "../outbound/timeouts";
import { safeUrl } from "../security/safe-url";
import { readShopSecrets } from "../shops/secrets.server";
import { pushEndpointRefusal, pushServiceHosts } from "./push-services";

export interface Notification {
  title: string;
  body: string;
  /** Opened when the shopper clicks the notification. */
  url: string;
  icon?: string;
}

export interface PushOptions {
  /** How long the push service keeps it for an offline browser (default: a day). */
  ttlSeconds?: number;
  urgency?: "very-low" | "low" | "normal" | "high";
  /** For a push service with its own certificate authority (tests). */
  agent?: Agent;
  key?: Buffer;
  /** The push services allowed (default PUSH_SERVICE_HOSTS, see ./push-services.ts). */
  hosts?: readonly string[];
  /** Default OUTBOUND_TIMEOUT_MS.push. */
  timeoutMs?: number;
}

export interface PushOutcome {
  sent: number;
  /** Subscriptions the push service no longer knows, now removed. */
  removed: number;
  failed: { endpoint: string; status: number | null; reason: string }[];
}

export async function sendPush(
  db: Db,
  shop: { domain: string; email?: string | null },
  contactId: string,
  notification: Notification,
  options: PushOptions = {},
): Promise<PushOutcome> {
  const secrets = await readShopSecrets(
    db,
    shop.domain,
    ...(options.key ? [options.key] : []),
  );
  if (!secrets.vapidPublicKey || !secrets.vapidPrivateKey)
    throw new Error(
      `no VAPID key for ${shop.domain} yet: it is made when a browser first asks for it`,
    );
  const subscriptions = await db.pushSubscription.findMany({
    where: { contactId },
  });
  const outcome: PushOutcome = { sent: 0, removed: 0, failed: [] };
  const icon = safeUrl(notification.icon);
  const payload = JSON.stringify({
    title: notification.title,
    body: notification.body,
    url: safeUrl(notification.url) ?? "/",
    ...(icon ? { icon } : {}),
  });
  const hosts = options.hosts ?? pushServiceHosts();
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS.push;
  for (const s of subscriptions) {
    const refusal = pushEndpointRefusal(s.endpoint, hosts);
    if (refusal) {
      // Stored before the allow-list, or the list changed since: never contacted, removed.
      await db.pushSubscription.deleteMany({ where: { id: s.id } });
      outcome.removed++;
      logger.warn(
        "web push: subscription removed, its endpoint is not allowed",
        {
          shop: shop.domain,
          reason: refusal,
        },
      );
      continue;
    }
    try {
      await webpush.sendNotification(
        { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        payload,
        {
          vapidDetails: {
            subject: shop.email
              ? `mailto:${shop.email}`
              : `https://${shop.domain}`,
            publicKey: secrets.vapidPublicKey,
            privateKey: secrets.vapidPrivateKey,
          },
          TTL: options.ttlSeconds ?? 86_400,
          urgency: options.urgency ?? "normal",
          timeout: timeoutMs,
          ...(options.agent ? { agent: options.agent } : {}),
        },
      );
      outcome.sent++;
      await db.pushSubscription.update({
        where: { id: s.id },
        data: { lastUsedAt: new Date() },
      });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode ?? null;
      if (status === 404 || status === 410) {
        await db.pushSubscription.deleteMany({ where: { id: s.id } });
        outcome.removed++;
      } else {
        const message = (error as Error).message.split("\n")[0];
        // web-push's word for its socket timeout: said with the push service and the limit.
        const reason =
          message === "Socket timeout"
            ? `the push service ${new URL(s.endpoint).host} did not answer within ${seconds(timeoutMs)}`
            : message;
        outcome.failed.push({ endpoint: s.endpoint, status, reason });
      }
    }
  }
  return outcome;
}
