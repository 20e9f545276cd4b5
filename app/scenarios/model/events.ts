// The events a scenario can wait for or exit on (goals).
import { z } from "zod";

export const TriggerEvent = z
  .enum([
    "order_placed",
    "order_paid",
    "order_shipped",
    "order_out_for_delivery",
    "order_delivered",
    "checkout_started",
    "added_to_cart",
    "cart_abandoned",
    "checkout_abandoned",
    "site_visit",
    "email_captured",
    "push_subscribed",
    "message_opened",
    "message_clicked",
    "unsubscribed",
  ])
  .describe("An event about the contact.");
export type TriggerEvent = z.infer<typeof TriggerEvent>;
