import { describe, expect, it } from "vitest";
import type { StorefrontRule } from "./types";
import { cartGrew, dueAt, keptWaits, STALE_MS } from "./waits";

const rule = (id: string, type: string): StorefrontRule =>
  ({ id, trigger: { type } }) as unknown as StorefrontRule;

const cartRule = rule("s3:cart-onsite", "added_to_cart");
const visitRule = rule("s1:popup", "site_visit");
const exitRule = rule("s2:popup", "exit_intent");
const rules = [cartRule, visitRule, exitRule];
const now = 1_000_000_000;

describe("on-site waits across pages", () => {
  it("counts a cart holding more than last seen as an add, and a first sight as none", () => {
    expect(cartGrew(0, 1)).toBe(true);
    expect(cartGrew(2, 3)).toBe(true);
    expect(cartGrew(1, 1)).toBe(false);
    expect(cartGrew(2, 1)).toBe(false);
    expect(cartGrew(undefined, 4)).toBe(false);
  });

  it("keeps a wait's first time when its rule fires again (one add, one message)", () => {
    expect(dueAt({}, cartRule.id, now, 60_000)).toBe(now + 60_000);
    expect(dueAt({ [cartRule.id]: now + 5 }, cartRule.id, now, 60_000)).toBe(
      now + 5,
    );
    expect(dueAt({}, cartRule.id, now, -10)).toBe(now);
  });

  it("keeps waits of published rules until long past due", () => {
    const waits = {
      [cartRule.id]: now + 30_000,
      [visitRule.id]: now - STALE_MS + 1,
      "gone:popup": now + 1,
    };
    expect(keptWaits(waits, rules, now, { count: 1, ordered: false })).toEqual({
      [cartRule.id]: now + 30_000,
      [visitRule.id]: now - STALE_MS + 1,
    });
    expect(
      keptWaits(waits, rules, now + 2, { count: 1, ordered: false }),
    ).toEqual({ [cartRule.id]: now + 30_000 });
  });

  it("drops an added-to-cart wait once the cart is empty or an order was placed", () => {
    const waits = { [cartRule.id]: now + 1, [visitRule.id]: now + 1 };
    expect(keptWaits(waits, rules, now, { count: 0, ordered: false })).toEqual({
      [visitRule.id]: now + 1,
    });
    expect(keptWaits(waits, rules, now, { count: 2, ordered: true })).toEqual({
      [visitRule.id]: now + 1,
    });
  });

  it("never carries exit intent to another page", () => {
    expect(
      keptWaits({ [exitRule.id]: now }, rules, now, {
        count: 1,
        ordered: false,
      }),
    ).toEqual({});
  });
});
