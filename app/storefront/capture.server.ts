// An email left on the storefront (a rule's popup, a quiz, the signup form). The storefront is
// public, so the address is only the browser's word:
// - a new address becomes a Shopify customer with the consent given (single opt-in, or pending
//   where the shop asks subscribers to confirm); the browser joins that new contact unproven: its
//   own capture goes on, but once another browser proves the address (Shopify names it in an
//   order or a login, or the confirmation link), this one is dropped (see identity.server.ts);
// - an address that is already someone's (a contact, a Shopify customer) joins the browser to them
//   only with proof: Shopify's signed logged-in customer id, or the browser already theirs. Without
//   it the capture is the browser's own (its code, its scenario step), hands over nothing of the
//   contact's and changes nothing of theirs, and the address gets a confirmation link that joins
//   this browser when clicked (see confirm.server.ts);
// - a contact who unsubscribed is subscribed again only by that link, whoever asks.
import { z } from "zod";
import { retryOnConflict, TX_OPTIONS, type Db } from "../db.server";
import { issueCode } from "../discounts/codes.server";
import { resolveContact } from "../events/identity.server";
import type { EventLog } from "../events/event-log";
import { normalizeEmail } from "../events/normalize";
import type { JobQueue } from "../jobs/types";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { readShopSettings } from "../shops/settings";
import { hasOptedOut } from "./opt-outs.server";
import { enqueueConfirmation } from "./confirm.server";
import { serverRule } from "./rules.server";
import {
  createCustomer,
  findCustomer,
  tagCustomer,
  updateCustomerConsent,
  type ShopifyCustomer,
} from "./shopify-customers.server";

export const CaptureRequest = z.object({
  visitorId: z.string().min(1).max(200),
  email: z.email("Enter a valid email address").max(254),
  /** The rule whose message the email was left in; none for the signup form. */
  rule: z.string().max(100).optional(),
  /** A quiz answer, one of the message's choices. */
  answer: z.string().max(200).optional(),
  locale: z.string().max(10).optional(),
});
export type CaptureRequest = z.infer<typeof CaptureRequest>;

export interface CaptureResult {
  status: "subscribed" | "pending";
  code: string | null;
}

type Deps = {
  db: Db;
  events: EventLog;
  graphql: AdminGraphql;
  queue: JobQueue;
};

export async function captureEmail(
  deps: Deps,
  shopId: string,
  request: CaptureRequest & { loggedInCustomerId?: string | null },
  now = new Date(),
): Promise<CaptureResult> {
  const { db, graphql } = deps;
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const email = normalizeEmail(request.email)!;
  // An address that unsubscribed through a link is not subscribed again by whoever types it: it confirms first.
  const state =
    readShopSettings(shop.settings).doubleOptIn ||
    (await hasOptedOut(db, shopId, email))
      ? "PENDING"
      : "SUBSCRIBED";
  const rule = request.rule ? await serverRule(db, shopId, request.rule) : null;
  const tags =
    rule && request.answer
      ? answerTags(rule.message.choices ?? [], request.answer)
      : [];

  const owner = await db.contact.findUnique({
    where: { shopId_email: { shopId, email } },
    include: { visitors: { where: { visitorId: request.visitorId } } },
  });
  const found = await findCustomer(graphql, email);
  let customer: ShopifyCustomer | null =
    found ??
    (owner?.shopifyCustomerId
      ? { id: owner.shopifyCustomerId, marketingState: null }
      : null);
  let created = false;
  if (!owner && !customer) {
    const id = await createCustomer(graphql, { email, state, tags, at: now });
    // Taken since we looked: it is someone else's now.
    customer = id
      ? { id, marketingState: state }
      : await findCustomer(graphql, email);
    created = Boolean(id);
  }
  const loggedIn = Boolean(
    request.loggedInCustomerId && request.loggedInCustomerId === customer?.id,
  );
  const proven = created || Boolean(owner?.visitors.length) || loggedIn;
  if (!proven)
    return claim(
      deps,
      shopId,
      { ...request, email, customerId: customer?.id ?? null, tags },
      rule,
      now,
    );

  const unsubscribed =
    owner?.emailConsent === "UNSUBSCRIBED" ||
    customer?.marketingState === "UNSUBSCRIBED";
  const subscribed =
    owner?.emailConsent === "SUBSCRIBED" ||
    customer?.marketingState === "SUBSCRIBED";
  // A shopper already subscribed stays so: asking again to confirm would only confuse them.
  if (!created && customer && !unsubscribed && !subscribed)
    await updateCustomerConsent(graphql, {
      customerId: customer.id,
      state,
      tags,
      at: now,
    });
  else if (!created && customer && tags.length)
    await tagCustomer(graphql, customer.id, tags);
  const customerId = customer?.id;
  // Retried when it lost a race (another request created the same contact: the unique key, or SQLite
  // stayed locked past its busy timeout); the retry reads afresh and joins that contact.
  const contactId = await retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const { contactId } = await resolveContact(
        tx,
        shopId,
        {
          visitorId: request.visitorId,
          email,
          ...(customerId ? { customerId } : {}),
        },
        { proof: loggedIn },
      );
      // The address is new to the shop: the browsers of the contact have only their word for it.
      if (created)
        await tx.contactVisitor.updateMany({
          where: { contactId: contactId! },
          data: { proven: false },
        });
      const contact = await tx.contact.findUniqueOrThrow({
        where: { id: contactId! },
      });
      const keep =
        contact.emailConsent === "UNSUBSCRIBED" ||
        contact.emailConsent === "SUBSCRIBED" ||
        unsubscribed;
      await tx.contact.update({
        where: { id: contact.id },
        data: {
          ...(keep ? {} : { emailConsent: state, consentUpdatedAt: now }),
          ...(!contact.locale && request.locale
            ? { locale: request.locale }
            : {}),
          ...(tags.length
            ? {
                tags: [
                  ...new Set([
                    ...(Array.isArray(contact.tags)
                      ? (contact.tags as string[])
                      : []),
                    ...tags,
                  ]),
                ],
              }
            : {}),
        },
      });
      return contact.id;
    }, TX_OPTIONS),
  );
  // Unsubscribed: only a link from their inbox subscribes them again.
  if (unsubscribed)
    await enqueueConfirmation(
      deps.queue,
      { shopId, contactId, visitorId: request.visitorId, tags },
      now,
    );

  const code = await ruleCode(deps, shopId, contactId, rule, now);
  await deps.events.storefront(
    shopId,
    "storefront",
    `capture:${contactId}:${request.rule ?? "form"}:${now.valueOf()}`,
    {
      type: "email_captured",
      occurredAt: now.toISOString(),
      identity: {
        visitorId: request.visitorId,
        email,
        ...(customerId ? { customerId } : {}),
      },
      ...(request.rule && rule
        ? { onSite: { rule: request.rule, action: "captured" as const } }
        : {}),
    },
  );
  return {
    status:
      unsubscribed || (state === "PENDING" && !subscribed)
        ? "pending"
        : "subscribed",
    code,
  };
}

type Rule = Awaited<ReturnType<typeof serverRule>>;

/**
 * An address that is someone else's, typed by a browser not proven theirs: the browser keeps its
 * own contact (its code, its step of the popup's scenario, naming no email); the address's contact
 * (made for a Shopify customer the app had not met) gets the confirmation email.
 */
async function claim(
  deps: Deps,
  shopId: string,
  request: CaptureRequest & {
    loggedInCustomerId?: string | null;
    email: string;
    customerId: string | null;
    tags: string[];
  },
  rule: Rule,
  now: Date,
): Promise<CaptureResult> {
  const { db } = deps;
  const { own, target } = await retryOnConflict(() =>
    db.$transaction(
      async (tx) => ({
        own: (
          await resolveContact(
            tx,
            shopId,
            {
              visitorId: request.visitorId,
              ...(request.loggedInCustomerId
                ? { customerId: request.loggedInCustomerId }
                : {}),
            },
            { proof: true },
          )
        ).contactId!,
        target: (
          await resolveContact(tx, shopId, {
            email: request.email,
            ...(request.customerId ? { customerId: request.customerId } : {}),
          })
        ).contactId!,
      }),
      TX_OPTIONS,
    ),
  );
  await enqueueConfirmation(
    deps.queue,
    {
      shopId,
      contactId: target,
      visitorId: request.visitorId,
      tags: request.tags,
    },
    now,
  );
  const code = await ruleCode(deps, shopId, own, rule, now);
  // The browser's record of it (naming no address): the popup's scenario goes on for this browser.
  await deps.events.storefront(
    shopId,
    "storefront",
    `claim:${own}:${request.rule ?? "form"}:${now.valueOf()}`,
    {
      type: "email_claimed",
      occurredAt: now.toISOString(),
      identity: { visitorId: request.visitorId },
      ...(request.rule && rule
        ? { onSite: { rule: request.rule, action: "captured" as const } }
        : {}),
    },
  );
  return { status: "pending", code };
}

/** The contact's unique code for the popup's offer, issued first: the scenario's email shows the same one. */
async function ruleCode(
  deps: Deps,
  shopId: string,
  contactId: string,
  rule: Rule,
  now: Date,
): Promise<string | null> {
  const discount = rule?.message.discount;
  return rule && discount
    ? issueCode(
        deps.db,
        deps.graphql,
        {
          shopId,
          contactId,
          offerKey: rule.scenario.id,
          percent: discount.percent,
          validDays: discount.validDays,
        },
        now,
      )
    : null;
}

/** The quiz answer as a customer tag, in English whatever language it was picked in. */
function answerTags(
  choices: Record<string, string>[],
  answer: string,
): string[] {
  const choice = choices.find((c) => Object.values(c).includes(answer));
  return choice
    ? [
        `trigger-map:${choice.en
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "")}`,
      ]
    : [];
}
