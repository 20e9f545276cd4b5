// The code an on-site message shows without asking for an email (a welcome-back popup, a code
// popup): the contact's unique code for the scenario's offer, as the server's copy of the rule
// defines it. Asking again gives the same code.
import { z } from "zod";
import { retryOnConflict, TX_OPTIONS, type Db } from "../db.server";
import { issueCode } from "../discounts/codes.server";
import { resolveContact } from "../events/identity.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { serverRule } from "./rules.server";

export const OfferRequest = z.object({
  visitorId: z.string().min(1).max(200),
  rule: z.string().min(3).max(100),
});
export type OfferRequest = z.infer<typeof OfferRequest>;

/** The code, or null when the rule is unknown, inactive or offers none. */
export async function offerCode(
  deps: { db: Db; graphql: AdminGraphql },
  shopId: string,
  request: OfferRequest,
  now = new Date(),
): Promise<string | null> {
  const rule = await serverRule(deps.db, shopId, request.rule);
  const discount = rule?.message.discount;
  if (!rule || !discount) return null;
  // Retried when another request created the same contact meanwhile (see retryOnConflict).
  const contactId = await retryOnConflict(() =>
    deps.db.$transaction(
      async (tx) =>
        (await resolveContact(tx, shopId, { visitorId: request.visitorId }))
          .contactId!,
      TX_OPTIONS,
    ),
  );
  return issueCode(
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
  );
}
