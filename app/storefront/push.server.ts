// Web push on the storefront: the shop's VAPID keys (made on first use; the private key only ever
// encrypted at rest), and the shopper's subscription kept on their contact.
import webpush from "web-push";
import { z } from "zod";
import {
  pushEndpointRefusal,
  pushServiceHosts,
} from "../channels/push-services";
import { retryOnConflict, TX_OPTIONS, type Db } from "../db.server";
import { resolveContact } from "../events/identity.server";
import type { EventLog } from "../events/event-log";
import {
  decryptSecrets,
  encryptionKeyFromEnv,
  encryptSecrets,
} from "../security/secrets.server";

export const PushSubscribeRequest = z.object({
  visitorId: z.string().min(1).max(200),
  subscription: z.object({
    // Only a browser's own push service: the worker will send there (see app/channels/push-services.ts).
    endpoint: z
      .url()
      .max(2000)
      .superRefine((url, ctx) => {
        const refusal = pushEndpointRefusal(url, pushServiceHosts());
        if (refusal) ctx.addIssue({ code: "custom", message: refusal });
      }),
    keys: z.object({
      p256dh: z.string().min(1).max(200),
      auth: z.string().min(1).max(100),
    }),
  }),
});
export type PushSubscribeRequest = z.infer<typeof PushSubscribeRequest>;
export const PushUnsubscribeRequest = z.object({ endpoint: z.url().max(2000) });

/** The shop's VAPID public key, making the pair on first use (compare-and-set: one pair per shop). */
export async function vapidPublicKey(
  db: Db,
  domain: string,
  key = encryptionKeyFromEnv(),
): Promise<string | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const shop = await db.shop.findUnique({
      where: { domain },
      select: { secretsCipher: true },
    });
    if (!shop) return null;
    const secrets = shop.secretsCipher
      ? decryptSecrets(shop.secretsCipher, domain, key)
      : {};
    if (secrets.vapidPublicKey && secrets.vapidPrivateKey)
      return secrets.vapidPublicKey;
    const pair = webpush.generateVAPIDKeys();
    const next = encryptSecrets(
      {
        ...secrets,
        vapidPublicKey: pair.publicKey,
        vapidPrivateKey: pair.privateKey,
      },
      domain,
      key,
    );
    const { count } = await db.shop.updateMany({
      where: { domain, secretsCipher: shop.secretsCipher },
      data: { secretsCipher: next },
    });
    if (count === 1) return pair.publicKey;
  }
  throw new Error(`could not store VAPID keys for ${domain}`);
}

/**
 * Keeps the subscription on the browser's contact (and the customer's, when Shopify's signed proxy
 * says who is logged in), then tells the scenarios.
 */
export async function subscribePush(
  db: Db,
  events: EventLog,
  shop: { id: string },
  request: PushSubscribeRequest & {
    loggedInCustomerId: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  const { subscription } = request;
  // Retried when another request created the same contact meanwhile (see retryOnConflict).
  await retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const { contactId } = await resolveContact(
        tx,
        shop.id,
        {
          visitorId: request.visitorId,
          ...(request.loggedInCustomerId
            ? { customerId: request.loggedInCustomerId }
            : {}),
        },
        { proof: true },
      );
      const data = {
        contactId: contactId!,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
        userAgent: request.userAgent?.slice(0, 300) ?? null,
      };
      await tx.pushSubscription.upsert({
        where: { endpoint: subscription.endpoint },
        create: { endpoint: subscription.endpoint, ...data },
        update: data,
      });
    }, TX_OPTIONS),
  );
  await events.storefront(
    shop.id,
    "storefront",
    `push:${subscription.endpoint}`,
    {
      type: "push_subscribed",
      occurredAt: new Date().toISOString(),
      identity: { visitorId: request.visitorId },
    },
  );
}

/** The browser withdrew permission or the shopper opted out: the subscription goes. */
export async function unsubscribePush(
  db: Db,
  shop: { id: string },
  endpoint: string,
): Promise<void> {
  await db.pushSubscription.deleteMany({
    where: { endpoint, contact: { shopId: shop.id } },
  });
}
