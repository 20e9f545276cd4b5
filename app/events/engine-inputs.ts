// What a stored event means to the engine: the trigger it may start scenarios with and the event
// it brings to runs already under way. Pure.
import type { PageType, TriggerEvent } from "../scenarios/model";
import type { TriggerInput } from "../scenarios/engine";
import type { EventType, NormalizedEvent } from "./normalize";

/** Facts processing learned about the event, kept with it so a retry feeds the engine alike. */
export interface Derived {
  contactId: string | null;
  /** The first storefront event after 30 idle minutes. */
  newVisit: boolean;
  emailCaptured: boolean;
  unsubscribed: boolean;
  /** Late (stale delivery), older than the state stored, or about a cart already ordered. */
  superseded: boolean;
}

export interface EngineSignal {
  /** Distinguishes the signals of one event. */
  key: string;
  trigger?: TriggerInput;
  event?: TriggerEvent;
  pageType?: PageType;
}

const DIRECT: Partial<
  Record<
    EventType,
    {
      trigger?: TriggerInput["type"];
      event?: TriggerEvent;
      pageType?: PageType;
    }
  >
> = {
  order_placed: { trigger: "order_placed", event: "order_placed" },
  order_paid: { trigger: "order_paid", event: "order_paid" },
  order_shipped: { trigger: "order_shipped", event: "order_shipped" },
  order_out_for_delivery: {
    trigger: "order_out_for_delivery",
    event: "order_out_for_delivery",
  },
  order_delivered: { trigger: "order_delivered", event: "order_delivered" },
  checkout_started: {
    trigger: "checkout_started",
    event: "checkout_started",
    pageType: "checkout",
  },
  added_to_cart: { trigger: "added_to_cart", event: "added_to_cart" },
  cart_abandoned: { trigger: "cart_abandoned", event: "cart_abandoned" },
  checkout_abandoned: {
    trigger: "checkout_abandoned",
    event: "checkout_abandoned",
  },
  cart_viewed: { trigger: "cart_viewed", pageType: "cart" },
  product_viewed: { trigger: "product_viewed", pageType: "product" },
  collection_viewed: { pageType: "collection" },
  search_submitted: { pageType: "search" },
  push_subscribed: { trigger: "push_subscribed", event: "push_subscribed" },
  email_captured: { trigger: "email_captured", event: "email_captured" },
  message_clicked: { event: "message_clicked" },
  unsubscribed: { event: "unsubscribed" },
};

export function engineSignals(
  event: NormalizedEvent,
  derived: Derived,
): EngineSignal[] {
  const signals: EngineSignal[] = [];
  // A late or superseded event still ends runs whose goal it meets; it starts nothing.
  const starts = !derived.superseded;
  if (derived.newVisit)
    signals.push({
      key: "visit",
      ...(starts ? { trigger: { type: "site_visit" } } : {}),
      event: "site_visit",
    });
  const direct = DIRECT[event.type];
  const pageType = event.page?.pageType ?? direct?.pageType;
  if (direct && (direct.event || (starts && direct.trigger))) {
    signals.push({
      key: event.type,
      ...(starts && direct.trigger
        ? { trigger: { type: direct.trigger } }
        : {}),
      ...(direct.event ? { event: direct.event } : {}),
      pageType,
    });
  }
  if (starts && pageType && event.type !== "checkout_started")
    signals.push({
      key: "page",
      trigger: { type: "page_viewed", pageType },
      pageType,
    });
  // A form's capture is its own signal (above); the first email a webhook brings is this one.
  if (derived.emailCaptured && event.type !== "email_captured")
    signals.push({
      key: "email",
      ...(starts ? { trigger: { type: "email_captured" } } : {}),
      event: "email_captured",
    });
  if (derived.unsubscribed)
    signals.push({ key: "unsubscribed", event: "unsubscribed" });
  return signals;
}
