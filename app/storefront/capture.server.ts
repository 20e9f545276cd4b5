// An email left on the storefront (a rule's popup, a quiz, the signup form): the Shopify customer
// is created or updated with the consent given (single opt-in, or pending where the shop asks
// subscribers to confirm), the browser joins that contact, the scenarios hear of it, and the
// shopper gets the contact's unique code when the message offers one.
import { z } from "zod";
import { retryOnConflict, TX_OPTIONS, type Db } from "../db.server";
import { issueCode } from "../discounts/codes.server";
import { resolveContact } from "../events/identity.server";
import type { EventLog } from "../events/ingest.server";
import { normalizeEmail } from "../events/normalize";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { readShopSettings } from "../shops/settings";
import { hasOptedOut } from "./opt-outs.server";
import { serverRule } from "./rules.server";
import { upsertCustomerConsent } from "./shopify-customers.server";

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

export async function captureEmail(
  deps: { db: Db; events: EventLog; graphql: AdminGraphql },
  shopId: string,
  request: CaptureRequest,
  now = new Date(),
): Promise<CaptureResult> {
  const { db } = deps;
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const email = normalizeEmail(request.email)!;
  // An address that unsubscribed through a link is not subscribed again by whoever types it: it confirms first.
  const state = readShopSettings(shop.settings).doubleOptIn || (await hasOptedOut(db, shopId, email)) ? "PENDING" : "SUBSCRIBED";
  const rule = request.rule ? await serverRule(db, shopId, request.rule) : null;
  const tags = rule && request.answer ? answerTags(rule.message.choices ?? [], request.answer) : [];

  const customerId = await upsertCustomerConsent(deps.graphql, { email, state, tags, at: now });
  // Retried when it lost a race (another request created the same contact: the unique key, or SQLite
  // stayed locked past its busy timeout); the retry reads afresh and joins that contact.
  const contactId = await retryOnConflict(() => db.$transaction(async (tx) => {
    const { contactId } = await resolveContact(tx, shopId, { visitorId: request.visitorId, email, customerId });
    const contact = await tx.contact.findUniqueOrThrow({ where: { id: contactId! } });
    await tx.contact.update({
      where: { id: contact.id },
      data: {
        emailConsent: state, consentUpdatedAt: now,
        ...(!contact.locale && request.locale ? { locale: request.locale } : {}),
        ...(tags.length ? { tags: [...new Set([...(Array.isArray(contact.tags) ? (contact.tags as string[]) : []), ...tags])] } : {}),
      },
    });
    return contact.id;
  }, TX_OPTIONS));

  // The code first: the scenario's email, sent once the event is processed, shows the same one.
  const discount = rule?.message.discount;
  const code = rule && discount
    ? await issueCode(db, deps.graphql, { shopId, contactId, offerKey: rule.scenario.id, percent: discount.percent, validDays: discount.validDays }, now)
    : null;
  await deps.events.storefront(shopId, "storefront", `capture:${contactId}:${request.rule ?? "form"}:${now.valueOf()}`, {
    type: "email_captured", occurredAt: now.toISOString(), identity: { visitorId: request.visitorId, email, customerId },
    ...(request.rule && rule ? { onSite: { rule: request.rule, action: "captured" as const } } : {}),
  });

  return { status: state === "PENDING" ? "pending" : "subscribed", code };
}

/** The quiz answer as a customer tag, in English whatever language it was picked in. */
function answerTags(choices: Record<string, string>[], answer: string): string[] {
  const choice = choices.find((c) => Object.values(c).includes(answer));
  return choice ? [`trigger-map:${choice.en.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`] : [];
}
