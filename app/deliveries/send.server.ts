// Sends one pending email or web push delivery, exactly once: the row is claimed (PENDING →
// SENDING, compare-and-set) before the provider is called, so a retried or duplicated job finds
// it taken. A provider's word that it failed puts it back for a retry (transient) or ends it and
// its run with the reason (permanent). A process that dies mid-send leaves SENDING, which the
// minute sweep turns into UNKNOWN: shown in analytics, never sent again.
import type { Db, Delivery, Prisma } from "../db.server";
import { sendPush, type PushOptions } from "../channels/web-push.server";
import { unsubscribeHeaders } from "../channels/email/headers";
import { renderEmail } from "../channels/email/render";
import { EmailError, type EmailProvider } from "../channels/email/types";
import {
  shopSender,
  type ProviderShop,
} from "../channels/email/provider.server";
import type { JobQueue } from "../jobs/types";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { emailBlocks } from "./content.server";
import {
  withCode,
  withProductLink,
  withStatus,
  type DeliveryMessage,
} from "./message.server";
import { memorySendRate, type SendRate } from "./send-rate.server";
import {
  suppress,
  SUPPRESSED_REASON,
  suppressionBlocks,
  suppressionOf,
} from "./suppression.server";
import { readShopSettings } from "../shops/settings";
import type { LinkKeys } from "../security/link-keys.server";
import { unsubscribeUrl } from "../storefront/unsubscribe.server";
import { clickUrl, openPixelUrl } from "./tracking.server";

export const SEND_DELIVERY_JOB = "deliveries.send";
/** A send that has not answered in this long is one whose process died, or whose job hit its time limit. */
export const SENDING_TIMEOUT_MS = 5 * 60_000;
const GIVE_UP_MS = 24 * 3_600_000;

/** What sending needs from outside: Shopify (codes), the shop's provider, the app's link keys. */
export interface SendServices {
  adminFor(domain: string): Promise<AdminGraphql | null>;
  /** The shop's provider, kept open by the services (see emailProviders): not closed here. */
  emailProviderFor(shop: ProviderShop): Promise<EmailProvider | null>;
  /** Sign the unsubscribe, open and click links (TRIGGER_MAP_LINK_KEYS). */
  links: LinkKeys;
  /** The app's public URL: opens and clicks are recorded there. */
  appUrl: string;
  push?: PushOptions;
  /** The providers' sending rates, per shop: shared through Redis by several workers; default this process's memory. */
  rate?: SendRate;
  /** Fetches files Shopify hosts (bulk operations' results, for the history import); default the global fetch. */
  shopifyFetch?: typeof fetch;
}

export const UNSUBSCRIBE_LABEL: Record<string, string> = {
  en: "Unsubscribe",
  ru: "Отписаться",
};

export function enqueueSend(queue: JobQueue, deliveryId: string) {
  return queue.enqueue(
    SEND_DELIVERY_JOB,
    { deliveryId },
    { id: `deliver:${deliveryId}`, attempts: 6, backoffMs: 30_000 },
  );
}

/** Without a shared count, each worker keeps the providers' rates in its own memory. */
const localRate = memorySendRate();

export async function sendDelivery(
  deps: { db: Db; queue: JobQueue; now: () => Date },
  services: SendServices,
  deliveryId: string,
): Promise<void> {
  const { db } = deps;
  const claimed = await db.delivery.updateMany({
    where: {
      id: deliveryId,
      status: "PENDING",
      channel: { in: ["EMAIL", "WEB_PUSH"] },
    },
    data: { status: "SENDING" },
  });
  if (claimed.count === 0) return;
  const d = await db.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    include: { contact: true, shop: true, run: true },
  });
  const end = (
    status: "SENT" | "SKIPPED" | "FAILED" | "UNKNOWN",
    reason?: string,
    extra: Prisma.DeliveryUpdateInput = {},
  ) => finish(db, d, status, reason, deps.now(), extra);
  if (d.shop.uninstalledAt) return end("SKIPPED", "app uninstalled");
  // Nothing has gone out yet: Shopify failing (or not answering in time) is a transient failure.
  const coded = await withCode(
    db,
    () => services.adminFor(d.shop.domain),
    d,
    d.message as unknown as DeliveryMessage,
    deps.now(),
  ).catch((error: Error) =>
    retry(db, d, `no discount code from Shopify yet: ${error.message}`),
  );
  const text =
    coded &&
    (await withProductLink(
      db,
      () => services.adminFor(d.shop.domain),
      d,
      coded,
    ));
  if (!text)
    return stop(
      db,
      d,
      deps.now(),
      "no discount code could be issued for {{code}}",
    );

  if (d.channel === "WEB_PUSH") {
    const outcome = await sendPush(
      db,
      d.shop,
      d.contactId,
      {
        title: text.title ?? d.shop.name ?? d.shop.domain,
        body: text.body,
        url: text.cta?.url ?? "/",
      },
      services.push,
    );
    if (outcome.sent > 0)
      return end("SENT", undefined, {
        provider: "web-push",
        sentAt: deps.now(),
      });
    if (outcome.failed.length) return retry(db, d, outcome.failed[0]!.reason);
    return end("SKIPPED", "no push subscription");
  }

  const settings = readShopSettings(d.shop.settings);
  if (!d.contact.email) return end("SKIPPED", "no email address");
  // The provider said this address bounced or complained (email-events.server.ts).
  const suppressed = await suppressionOf(db, d.shopId, d.contact.email);
  if (suppressed && suppressionBlocks(suppressed, d.marketing))
    return end("SKIPPED", SUPPRESSED_REASON[suppressed.reason]);
  if (d.marketing && d.contact.emailConsent !== "SUBSCRIBED")
    return end("SKIPPED", "no marketing consent");
  const sender = shopSender(d.shop);
  // The shop's setup, not this message, is missing: the message fails, the scenario goes on (its
  // next steps may use other channels, and the merchant's fix serves the next messages).
  if (!sender) return end("FAILED", "the shop has no sender address");
  const provider = await services.emailProviderFor(d.shop);
  if (!provider) return end("FAILED", "no email provider connected");
  // The provider's sending rate, per shop: over it, the message waits its turn in a later job.
  const turn = await (services.rate ?? localRate).take(
    d.shopId,
    provider.perSecond,
    deps.now(),
  );
  if (!turn.ok) {
    await db.delivery.update({
      where: { id: d.id },
      data: { status: "PENDING" },
    });
    const at = new Date(deps.now().valueOf() + turn.retryAfterSeconds * 1000);
    await deps.queue.enqueue(
      SEND_DELIVERY_JOB,
      { deliveryId: d.id },
      {
        id: `deliver:${d.id}:${at.toISOString()}`,
        runAt: at,
        attempts: 6,
        backoffMs: 30_000,
      },
    );
    return;
  }
  const language = d.contact.locale?.slice(0, 2) ?? settings.languages[0];
  const unsubscribe = d.marketing
    ? unsubscribeUrl(services.links, d.shop, {
        deliveryId: d.id,
        email: d.contact.email,
        language,
      })
    : null;
  // The message's content (products, the cart, the code, articles); without Shopify, without it.
  const blocks = await emailBlocks(
    {
      db,
      admin: () => services.adminFor(d.shop.domain),
      shop: d.shop,
      contactId: d.contactId,
      now: deps.now(),
    },
    text.content,
    text.code,
  );
  const email = await renderEmail({
    shopName: d.shop.name ?? d.shop.domain,
    title: text.title,
    body: text.body,
    cta: text.cta,
    blocks,
    language,
    currency: d.shop.currencyCode,
    // A link in the copy or a block is the shop's (maybe relative to its storefront); it goes through the click redirect.
    link: (url) =>
      clickUrl(
        services.appUrl,
        services.links,
        d.id,
        new URL(url, `https://${d.shop.domain}`).toString(),
      ),
    pixelUrl: openPixelUrl(services.appUrl, services.links, d.id),
    footer: unsubscribe
      ? {
          address: settings.physicalAddress ?? null,
          unsubscribeUrl: unsubscribe,
          unsubscribeLabel: UNSUBSCRIBE_LABEL[language] ?? UNSUBSCRIBE_LABEL.en,
        }
      : null,
  });
  try {
    const sent = await provider.send({
      from: { name: sender.name, address: sender.email },
      to: d.contact.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: unsubscribe ? unsubscribeHeaders(unsubscribe, sender.email) : {},
      messageId: `<${d.id}@trigger-map.app>`,
      deliveryId: d.id,
    });
    return end("SENT", undefined, {
      provider: provider.name,
      providerMessageId: sent.providerMessageId,
      sentAt: deps.now(),
    });
  } catch (error) {
    // The shop's own SMTP server said, in the conversation, that the address does not take mail.
    if (error instanceof EmailError && error.failure === "recipient_refused")
      await suppress(db, d.shopId, d.contact.email, {
        reason: "HARD_BOUNCE",
        provider: provider.name,
        detail: error.message,
        deliveryId: d.id,
      });
    if (error instanceof EmailError && error.kind === "permanent")
      return stop(db, d, deps.now(), error.message);
    // It may have gone: shown as such, never sent again (the scenario goes on).
    if (error instanceof EmailError && error.kind === "unknown")
      return end("UNKNOWN", error.message);
    return retry(db, d, (error as Error).message);
  }
}

async function finish(
  db: Db,
  d: Delivery,
  status: "SENT" | "SKIPPED" | "FAILED" | "UNKNOWN",
  reason: string | undefined,
  at: Date,
  extra: Prisma.DeliveryUpdateInput = {},
) {
  await db.delivery.update({
    where: { id: d.id },
    data: {
      status,
      statusHistory: withStatus(d.statusHistory, status, at, reason),
      ...(reason ? { error: reason } : {}),
      ...extra,
    },
  });
}

/** A permanent failure: the delivery fails and so does its run, with the reason and the step. */
async function stop(db: Db, d: Delivery, at: Date, reason: string) {
  await finish(db, d, "FAILED", reason, at);
  if (d.runId) {
    await db.scenarioRun.updateMany({
      where: { id: d.runId, activeKey: { not: null } },
      data: {
        status: "FAILED",
        errorReason: reason,
        errorStepId: d.stepId,
        activeKey: null,
        nextDueAt: null,
        endedAt: at,
        revision: { increment: 1 },
      },
    });
  }
}

/** The provider said it did not send: the delivery goes back for the job's next try. */
async function retry(db: Db, d: Delivery, reason: string): Promise<never> {
  await db.delivery.update({
    where: { id: d.id },
    data: { status: "PENDING", error: reason },
  });
  throw new Error(`delivery ${d.id}: ${reason}`);
}

/** The minute sweep: a send whose process died is UNKNOWN; a pending one whose job was lost is queued again, for a day. */
export async function sweepDeliveries(
  db: Db,
  queue: JobQueue,
  now: Date,
): Promise<void> {
  await db.delivery.updateMany({
    where: {
      status: "SENDING",
      updatedAt: { lt: new Date(now.valueOf() - SENDING_TIMEOUT_MS) },
    },
    data: {
      status: "UNKNOWN",
      error:
        "the sending process stopped before the provider answered; not sent again",
    },
  });
  // A message still not out after a day (its provider kept failing) is stale: it is not sent late.
  await db.delivery.updateMany({
    where: {
      status: "PENDING",
      channel: { in: ["EMAIL", "WEB_PUSH"] },
      createdAt: { lt: new Date(now.valueOf() - GIVE_UP_MS) },
    },
    data: {
      status: "FAILED",
      error: "not sent within a day: the provider kept failing",
    },
  });
  const pending = await db.delivery.findMany({
    where: {
      status: "PENDING",
      channel: { in: ["EMAIL", "WEB_PUSH"] },
      createdAt: { lt: new Date(now.valueOf() - 60_000) },
    },
    select: { id: true },
    take: 1000,
  });
  for (const { id } of pending) await enqueueSend(queue, id);
}
