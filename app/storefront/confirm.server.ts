// Proof by inbox: an address typed on the storefront that already belongs to a contact (or a
// Shopify customer) gets an email, through the shop's own provider, in the contact's language.
// Its link, opened, shows a page with one button (mail scanners open links; they press no button);
// pressed, it joins the browser that typed the address to the contact and confirms their consent.
import type { Db } from "../db.server";
import { escapeHtml } from "../http/escape-html";
import { shopSender } from "../channels/email/provider.server";
import type { SendServices } from "../deliveries/send.server";
import { asStrings, joinVisitor } from "../events/identity.server";
import type { EventLog } from "../events/event-log";
import { createRateLimiter } from "../http/rate-limit";
import type { JobQueue } from "../jobs/types";
import { logger } from "../logger.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { readShopSettings } from "../shops/settings";
import { retryOnConflict, TX_OPTIONS } from "../db.server";
import {
  CONFIRM_LINK_TTL_MS,
  confirmUrl,
  type Confirmation,
} from "./confirm-link.server";
import { updateCustomerConsent } from "./shopify-customers.server";

export const CONFIRM_EMAIL_JOB = "identity.confirm-email";
const HOUR_MS = 3_600_000;
// Anyone can type an address: a few confirmations at once, then one each 20 minutes (per process).
const perAddress = createRateLimiter({ burst: 3, perSecond: 1 / 1200 });

export interface ConfirmJob {
  shopId: string;
  contactId: string;
  visitorId: string;
  tags: string[];
  at: string;
}

/** Queued once per contact and browser an hour; false when this address has had its share. */
export async function enqueueConfirmation(
  queue: JobQueue,
  job: Omit<ConfirmJob, "at">,
  now: Date,
): Promise<boolean> {
  if (!perAddress.take(`${job.shopId}|${job.contactId}`, now.valueOf()).ok)
    return false;
  const hour = Math.floor(now.valueOf() / HOUR_MS);
  await queue.enqueue(
    CONFIRM_EMAIL_JOB,
    { ...job, at: now.toISOString() } satisfies ConfirmJob,
    {
      id: `confirm:${job.shopId}:${job.contactId}:${job.visitorId}:${hour}`,
      attempts: 5,
      backoffMs: 60_000,
    },
  );
  return true;
}

type Language = "en" | "ru";
/** The contact's language when it is one of ours, else the shop's first. */
const languageOf = (
  locale: string | null,
  settings: { languages: string[] },
): Language => {
  const own = locale?.slice(0, 2).toLowerCase();
  return (own === "en" || own === "ru" ? own : settings.languages[0]) === "ru"
    ? "ru"
    : "en";
};

const EMAIL = {
  en: {
    subject: (shop: string) => `Confirm your email for ${shop}`,
    body: (shop: string, email: string) =>
      `Someone entered ${email} in a form on ${shop}. If it was you, confirm it: you will get ${shop}'s emails, and that browser will be linked to your profile there.`,
    button: "Confirm my email",
    ignore:
      "If it was not you, ignore this email: nothing changes. The link works for 48 hours.",
  },
  ru: {
    subject: (shop: string) => `Подтвердите email для ${shop}`,
    body: (shop: string, email: string) =>
      `Кто-то указал ${email} в форме на сайте ${shop}. Если это были вы, подтвердите адрес: вы будете получать письма ${shop}, а тот браузер будет связан с вашим профилем.`,
    button: "Подтвердить email",
    ignore:
      "Если это были не вы, просто проигнорируйте письмо: ничего не изменится. Ссылка действует 48 часов.",
  },
} as const;

/** The worker's job: the email, or nothing when the shop has no provider (the shopper can still log in). */
export async function sendConfirmation(
  db: Db,
  services: SendServices,
  job: ConfirmJob,
): Promise<void> {
  const contact = await db.contact.findFirst({
    where: { id: job.contactId, shopId: job.shopId },
    include: { shop: true },
  });
  if (!contact?.email || contact.shop.uninstalledAt) return;
  const { shop } = contact;
  const sender = shopSender(shop);
  const provider = sender ? await services.emailProviderFor(shop) : null;
  if (!sender || !provider)
    return void logger.warn(
      "identity: no email provider or sender to send a confirmation with",
      { shopId: shop.id },
    );
  const expiresAt = new Date(new Date(job.at).valueOf() + CONFIRM_LINK_TTL_MS);
  const link = confirmUrl(services.links, shop, {
    contactId: contact.id,
    visitorId: job.visitorId,
    tags: job.tags,
    expiresAt,
  });
  const copy =
    EMAIL[languageOf(contact.locale, readShopSettings(shop.settings))];
  const name = shop.name ?? shop.domain;
  // A failure throws: the job retries with backoff.
  await provider.send({
    from: { name: sender.name, address: sender.email },
    to: contact.email,
    subject: copy.subject(name),
    text: `${copy.body(name, contact.email)}\n\n${copy.button}: ${link}\n\n${copy.ignore}`,
    html:
      `<div style="font-family:sans-serif;max-width:36rem"><p>${escapeHtml(copy.body(name, contact.email))}</p>` +
      `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 16px;background:#111827;color:#fff;text-decoration:none;border-radius:6px">${copy.button}</a></p>` +
      `<p style="color:#6b7280">${escapeHtml(copy.ignore)}</p></div>`,
    headers: {},
    messageId: `<confirm.${contact.id}.${new Date(job.at).valueOf()}@trigger-map.app>`,
  });
}

/**
 * The button pressed: the browser joins the contact, whose consent is now confirmed (the click is
 * a confirmed opt-in, so it subscribes even a contact who had unsubscribed), and the scenarios hear
 * of the email. Pressed twice, the second changes nothing more.
 */
export async function confirmEmail(
  deps: { db: Db; events: EventLog; graphql: AdminGraphql | null },
  shopId: string,
  c: Confirmation,
  now = new Date(),
): Promise<"confirmed" | "unknown"> {
  const { db } = deps;
  const contact = await retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const found = await tx.contact.findFirst({
        where: { id: c.contactId, shopId },
      });
      if (!found?.email) return null;
      await joinVisitor(tx, shopId, c.visitorId, found.id);
      return tx.contact.update({
        where: { id: found.id },
        data: {
          emailConsent: "SUBSCRIBED",
          consentUpdatedAt: now,
          ...(c.tags.length
            ? { tags: [...new Set([...asStrings(found.tags), ...c.tags])] }
            : {}),
        },
      });
    }, TX_OPTIONS),
  );
  if (!contact) return "unknown";
  if (contact.shopifyCustomerId && deps.graphql) {
    await updateCustomerConsent(deps.graphql, {
      customerId: contact.shopifyCustomerId,
      state: "SUBSCRIBED",
      confirmed: true,
      tags: c.tags,
      at: now,
    });
  }
  await deps.events.storefront(
    shopId,
    "storefront",
    `confirm:${contact.id}:${c.visitorId}:${c.expiresAt.valueOf()}`,
    {
      type: "email_captured",
      occurredAt: now.toISOString(),
      identity: {
        visitorId: c.visitorId,
        email: contact.email!,
        ...(contact.shopifyCustomerId
          ? { customerId: contact.shopifyCustomerId }
          : {}),
      },
    },
  );
  return "confirmed";
}

const PAGE = {
  en: {
    confirm: {
      title: "Confirm your email",
      body: "Press the button to get this shop's emails and link the browser where you entered your address to your profile.",
      button: "Confirm",
    },
    done: {
      title: "Your email is confirmed",
      body: "Thank you! You can go back to the shop.",
    },
  },
  ru: {
    confirm: {
      title: "Подтвердите email",
      body: "Нажмите кнопку, чтобы получать письма магазина и связать с вашим профилем браузер, в котором вы указали адрес.",
      button: "Подтвердить",
    },
    done: {
      title: "Email подтверждён",
      body: "Спасибо! Можно вернуться в магазин.",
    },
  },
} as const;
const INVALID = {
  title: "This link does not work · Ссылка не работает",
  body: "It may have expired or been copied incompletely: enter your email on the shop again to get a new one. · Возможно, срок её действия истёк или она скопирована не полностью: укажите email на сайте магазина ещё раз, и мы пришлём новую.",
};

/** The page's HTML: fixed text and the link's own signed parameters only. */
export function confirmPage(
  state: "confirm" | "done" | "invalid",
  locale: string | null,
  params: URLSearchParams,
): string {
  const text =
    state === "invalid"
      ? INVALID
      : PAGE[locale?.slice(0, 2).toLowerCase() === "ru" ? "ru" : "en"][state];
  const query = new URLSearchParams(
    [...params].filter(([key]) => ["c", "v", "a", "x", "t"].includes(key)),
  );
  return `<div class="page-width" style="max-width:36rem;margin:3rem auto;padding:0 1rem">
  <h1>${escapeHtml(text.title)}</h1>
  <p>${escapeHtml(text.body)}</p>
  ${"button" in text ? `<form method="post" action="${escapeHtml(`/apps/trigger-map/confirm?${query}`)}"><button type="submit" class="button">${escapeHtml(text.button)}</button></form>` : ""}
</div>`;
}
