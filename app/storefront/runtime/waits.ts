// On-site waits that outlive the page. A rule's delay used to be a timer on the page where it
// fired, lost when the shopper moved on (most do, within a minute of adding to the cart); now the
// loader keeps when each rule is due in the browser's memory and every page finishes the waits.
// And an add to the cart is seen however the theme does it: a cart that holds more than the last
// page or cart call saw (a form post to /cart/add shows up only on the next page). Pure.
import type { StorefrontRule } from "../config";

/** Rule id → when its wait ends (ms). */
export type Waits = Record<string, number>;

/** A wait this long past its time is dropped: the shopper left the shop and came back later. */
export const STALE_MS = 30 * 60_000;

/** More items than before: an add. Nothing known before (a first page, consent just given): not one. */
export const cartGrew = (before: number | undefined, count: number) =>
  before !== undefined && count > before;

/**
 * The waits worth keeping: their rule still published (and not exit intent, which belongs to its
 * page), not long past due, and an added-to-cart rule's only while the cart holds something and
 * no order was placed since.
 */
export function keptWaits(
  waits: Waits,
  rules: StorefrontRule[],
  now: number,
  cart: { count: number; ordered: boolean },
): Waits {
  const kept: Waits = {};
  for (const rule of rules) {
    const at = waits[rule.id];
    if (
      at !== undefined &&
      now - at < STALE_MS &&
      rule.trigger.type !== "exit_intent" &&
      !(
        rule.trigger.type === "added_to_cart" &&
        (cart.ordered || cart.count < 1)
      )
    )
      kept[rule.id] = at;
  }
  return kept;
}

/** When a rule fired now is due: a wait already running keeps its time (one add, one message). */
export const dueAt = (waits: Waits, id: string, now: number, delayMs: number) =>
  waits[id] ?? now + Math.max(0, delayMs);
