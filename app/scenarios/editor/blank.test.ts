import { describe, expect, it } from "vitest";
import { changeTrigger, TRIGGER_TYPES } from "./blank";

describe("the triggers a merchant can pick", () => {
  it("offers none that nothing produces", () => {
    expect(TRIGGER_TYPES).not.toContain("article_published");
    expect(TRIGGER_TYPES).toEqual(
      expect.arrayContaining(["added_to_cart", "no_order", "site_visit"]),
    );
  });

  it("changing to a silence trigger from another keeps its days and its reach into the past", () => {
    expect(
      changeTrigger({ type: "no_order", days: 90, pastPerDay: 50 }, "no_visit"),
    ).toEqual({ type: "no_visit", days: 90, pastPerDay: 50 });
  });

  it("changing to another kind takes that trigger's defaults", () => {
    expect(changeTrigger({ type: "no_visit", days: 45 }, "site_visit")).toEqual(
      { type: "site_visit", visitor: "any" },
    );
    expect(changeTrigger({ type: "added_to_cart" }, "no_order")).toEqual({
      type: "no_order",
      days: 30,
    });
  });
});
