// Unique discount codes: one per contact and offer, single use, with an expiry, made in Shopify
// (discountCodeBasicCreate). A contact who already holds an unused, unexpired code for the offer
// gets the same code again, so asking twice never mints a second discount.
import { randomBytes } from "node:crypto";
import type { Db } from "../db.server";
import {
  adminQuery,
  describeUserErrors,
  type AdminGraphql,
  type UserError,
} from "../shopify/admin-graphql";

const CREATE = `#graphql
  mutation TriggerMapCodeCreate($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode { id }
      userErrors { field code message }
    }
  }`;

const DAY_MS = 86_400_000;
/** A code this close to expiring is not handed out again: the shopper needs time to use it. */
const MIN_LIFE_MS = DAY_MS;
// No 0/O or 1/I: codes get read aloud and typed from emails.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export interface Offer {
  shopId: string;
  contactId: string;
  /** The scenario the code belongs to: its popup, email and reminder all show this one code. */
  offerKey: string;
  percent: number;
  validDays: number;
}

export function newCode(prefix = "TM"): string {
  const bytes = randomBytes(10);
  return `${prefix}-${[...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

export async function issueCode(
  db: Db,
  graphql: AdminGraphql,
  offer: Offer,
  now = new Date(),
): Promise<string> {
  // The earliest usable code is the contact's: two issuers at once (a popup and its email) both
  // end up with it, whichever created one first.
  const held = () =>
    db.discountCode.findFirst({
      where: {
        contactId: offer.contactId,
        offerKey: offer.offerKey,
        usedAt: null,
        expiresAt: { gt: new Date(now.valueOf() + MIN_LIFE_MS) },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
  const existing = await held();
  if (existing) return existing.code;

  const code = newCode();
  const expiresAt = new Date(now.valueOf() + offer.validDays * DAY_MS);
  const data = await adminQuery<{
    discountCodeBasicCreate: {
      codeDiscountNode: { id: string } | null;
      userErrors: UserError[];
    };
  }>(graphql, CREATE, {
    discount: {
      title: `Trigger Map ${offer.offerKey} ${code}`,
      code,
      startsAt: now.toISOString(),
      endsAt: expiresAt.toISOString(),
      usageLimit: 1,
      appliesOncePerCustomer: true,
      // Buyer eligibility is left out: every buyer, in API versions before and after `context`.
      customerGets: {
        value: { percentage: offer.percent / 100 },
        items: { all: true },
      },
      combinesWith: {
        orderDiscounts: false,
        productDiscounts: false,
        shippingDiscounts: true,
      },
    },
  });
  const result = data.discountCodeBasicCreate;
  if (!result.codeDiscountNode)
    throw new Error(
      `discountCodeBasicCreate: ${describeUserErrors(result.userErrors)}`,
    );
  await db.discountCode.create({
    data: {
      shopId: offer.shopId,
      contactId: offer.contactId,
      offerKey: offer.offerKey,
      code,
      percent: offer.percent,
      shopifyId: result.codeDiscountNode.id,
      expiresAt,
    },
  });
  return (await held())?.code ?? code;
}
