import { describe, expect, it } from "vitest";
import { Condition } from "../model";
import {
  addFact,
  defaultFact,
  FACT_TYPES,
  nestPart,
  removePart,
  setGroupKind,
} from "./conditions";

const known = defaultFact("email_known");
const vip = defaultFact("customer_tag");
const big = defaultFact("cart_total_at_least");

describe("editing a condition", () => {
  it("offers every fact of the model, each valid as it starts", () => {
    expect(FACT_TYPES).toHaveLength(10);
    for (const type of FACT_TYPES)
      expect(Condition.safeParse(defaultFact(type)).success, type).toBe(true);
  });

  it("makes a lone fact an 'and' of two when one is added, and appends to a group after", () => {
    const two = addFact(known, vip);
    expect(two).toEqual({ all: [known, vip] });
    expect(addFact(setGroupKind(two, "any"), big)).toEqual({
      any: [known, vip, big],
    });
  });

  it("nests: a part of an 'and' becomes an 'or' of that part and a new fact", () => {
    const nested = nestPart({ all: [known, vip] }, 1, big);
    expect(nested).toEqual({ all: [known, { any: [vip, big] }] });
    expect(Condition.safeParse(nested).success).toBe(true);
  });

  it("turns a group left with one part back into that part, and never empties a condition", () => {
    expect(removePart({ all: [known, vip] }, 0)).toEqual(vip);
    expect(removePart({ any: [known, vip, big] }, 2)).toEqual({
      any: [known, vip],
    });
    expect(removePart({ all: [known] }, 0)).toEqual({ all: [known] });
    expect(removePart(known, 0)).toBe(known);
  });
});
