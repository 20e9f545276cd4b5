// Evaluates a condition against what the engine knows about the contact.
import type { Condition } from "../model";
import type { ContactSnapshot } from "./types";

export function holds(
  condition: Condition,
  contact: ContactSnapshot,
  startedAt: Date,
): boolean {
  if ("all" in condition)
    return condition.all.every((c) => holds(c, contact, startedAt));
  if ("any" in condition)
    return condition.any.some((c) => holds(c, contact, startedAt));
  switch (condition.type) {
    case "email_known":
      return Boolean(contact.email) === condition.is;
    case "push_subscribed":
      return contact.pushSubscribed === condition.is;
    case "marketing_consent":
      return contact.emailConsent === condition.is;
    // No cart is an empty cart.
    case "cart_total_below":
      return (contact.cartTotal ?? 0) < condition.amount;
    case "cart_total_at_least":
      return (contact.cartTotal ?? 0) >= condition.amount;
    case "has_ordered": {
      const ordered =
        contact.lastOrderAt !== null &&
        (condition.since === "ever" || contact.lastOrderAt > startedAt);
      return ordered === condition.is;
    }
    case "visits_at_least":
      return contact.visitCount >= condition.count;
    case "page_type":
      return contact.pageType === condition.is;
    case "customer_tag":
      return contact.tags.includes(condition.tag);
    case "test_contact":
      return contact.isTest === condition.is;
  }
}
