// The attribution rule: a scenario's code beats any click; a click counts within the shop's window
// after it, never after it nor before it; an order is credited once.
import { describe, expect, it } from "vitest";
import {
  attribute,
  clickedAt,
  type Click,
  type IssuedCode,
} from "./attribution";

const DAY = 86_400_000;
const placedAt = new Date("2026-11-20T12:00:00Z");
const before = (ms: number) => new Date(placedAt.valueOf() - ms);
const click = (deliveryId: string, scenarioId: string, at: Date): Click => ({
  deliveryId,
  runId: `run-${deliveryId}`,
  scenarioId,
  at,
});
const code = (
  value: string,
  scenarioId: string,
  issuedAt = before(3 * DAY),
): IssuedCode => ({ code: value, scenarioId, issuedAt });

describe("attribute", () => {
  it("credits the scenario whose code the order used, whatever was clicked, matching the code in any case", () => {
    const credit = attribute(
      { placedAt, discountCodes: ["tm-abcd"] },
      [code("TM-ABCD", "welcome")],
      [click("d1", "cart", before(DAY))],
      5,
    );
    expect(credit).toEqual({
      rule: "DISCOUNT_CODE",
      scenarioId: "welcome",
      code: "TM-ABCD",
    });
  });

  it("ignores codes the order did not use and falls back to the last click in the window", () => {
    const clicks = [
      click("old", "a", before(4 * DAY)),
      click("new", "b", before(2 * DAY)),
    ];
    const credit = attribute(
      { placedAt, discountCodes: ["SUMMER"] },
      [code("TM-OTHER", "welcome")],
      clicks,
      5,
    );
    expect(credit).toEqual({
      rule: "CLICK_WINDOW",
      scenarioId: "b",
      deliveryId: "new",
      runId: "run-new",
      windowDays: 5,
    });
  });

  it("counts a click exactly the window before the order, and not a millisecond earlier", () => {
    expect(
      attribute(
        { placedAt, discountCodes: [] },
        [],
        [click("edge", "a", before(5 * DAY))],
        5,
      ),
    ).toMatchObject({ deliveryId: "edge" });
    expect(
      attribute(
        { placedAt, discountCodes: [] },
        [],
        [click("late", "a", before(5 * DAY + 1))],
        5,
      ),
    ).toBeNull();
  });

  it("does not credit a click that came after the order", () => {
    expect(
      attribute(
        { placedAt, discountCodes: [] },
        [],
        [click("after", "a", new Date(placedAt.valueOf() + 1))],
        5,
      ),
    ).toBeNull();
  });

  it("gives an order one credit only: of two of our codes, the one issued last", () => {
    const codes = [
      code("TM-FIRST", "a", before(3 * DAY)),
      code("TM-SECOND", "b", before(DAY)),
    ];
    expect(
      attribute(
        { placedAt, discountCodes: ["TM-FIRST", "TM-SECOND"] },
        codes,
        [],
        5,
      ),
    ).toEqual({ rule: "DISCOUNT_CODE", scenarioId: "b", code: "TM-SECOND" });
  });
});

describe("clickedAt", () => {
  it("reads the click from a delivery's status history, and null for one never clicked", () => {
    const history = [
      { status: "SENT", at: "2026-11-18T09:00:00.000Z" },
      { status: "OPENED", at: "2026-11-18T10:00:00.000Z" },
      { status: "CLICKED", at: "2026-11-18T10:05:00.000Z" },
    ];
    expect(clickedAt(history)).toEqual(new Date("2026-11-18T10:05:00.000Z"));
    expect(clickedAt(history.slice(0, 2))).toBeNull();
    expect(clickedAt(null)).toBeNull();
  });
});
