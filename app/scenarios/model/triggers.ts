// What starts a scenario for a contact. One schema per trigger type; the union is the model.
import { z } from "zod";
import { PageType } from "./primitives";

const trigger = <T extends string, S extends z.ZodRawShape>(
  type: T,
  description: string,
  shape: S,
) => z.object({ type: z.literal(type), ...shape }).describe(description);

/**
 * A silence trigger reaches by default only contacts whose silence began after the scenario was
 * activated (imported history would otherwise make every lapsed customer of years past due on the
 * first day). This many a day (most recently lapsed first) also reaches those who lapsed before.
 */
const PastPerDay = z
  .number()
  .int()
  .min(0)
  .max(1000)
  .optional()
  .describe(
    "Contacts a day whose silence began before activation, also reached (0 or absent: none).",
  );

export const Trigger = z.discriminatedUnion("type", [
  trigger("site_visit", "The contact opens the site (a new session).", {
    visitor: z.enum(["any", "first", "returning"]).default("any"),
    minVisits: z.number().int().min(1).max(1000).optional(),
  }),
  trigger("page_viewed", "The contact views a page of a type.", {
    pageType: PageType,
  }),
  trigger("exit_intent", "The contact is about to leave the page.", {}),
  trigger("product_viewed", "The contact views a product.", {}),
  trigger("added_to_cart", "The contact adds a product to the cart.", {}),
  trigger("cart_viewed", "The contact views the cart.", {}),
  trigger("checkout_started", "The contact starts a checkout.", {}),
  trigger(
    "cart_abandoned",
    "The contact's cart had no order within the shop's abandonment window.",
    {},
  ),
  trigger(
    "checkout_abandoned",
    "The contact's checkout had no order within the shop's abandonment window.",
    {},
  ),
  trigger("order_placed", "The contact places an order.", {}),
  trigger("order_paid", "An order of the contact is paid.", {}),
  trigger(
    "order_shipped",
    "An order of the contact is fulfilled: a shipment leaves (Shopify's fulfillment is created).",
    {},
  ),
  trigger(
    "order_out_for_delivery",
    "A shipment of the contact's order is out for delivery (the carrier's status, when it reports one).",
    {},
  ),
  trigger(
    "order_delivered",
    "A shipment of the contact's order is delivered (the carrier's status, when it reports one).",
    {},
  ),
  trigger(
    "email_captured",
    "The contact leaves an email (a form, a checkout, an account).",
    {},
  ),
  trigger("push_subscribed", "The contact allows web push.", {}),
  trigger("no_visit", "The contact has not visited for a number of days.", {
    days: z.number().int().min(1).max(365),
    pastPerDay: PastPerDay,
  }),
  trigger(
    "no_order",
    "The contact has not ordered again for a number of days since the last order.",
    {
      days: z.number().int().min(1).max(365),
      pastPerDay: PastPerDay,
    },
  ),
  trigger(
    "date",
    "A date of the contact's (birthday) or of the calendar (holiday).",
    {
      date: z.union([
        z.literal("birthday"),
        z.string().regex(/^\d{2}-\d{2}$/, "MM-DD"),
      ]),
    },
  ),
  trigger("segment_entered", "The contact enters a segment.", {
    segment: z.string().min(1).max(100),
  }),
  trigger(
    "article_published",
    "The shop publishes a new blog article (each subscribed contact is a run).",
    {},
  ),
]);

export type Trigger = z.infer<typeof Trigger>;
export type TriggerType = Trigger["type"];
