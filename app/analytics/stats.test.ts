import { describe, expect, it } from "vitest";
import {
  compareVariants,
  differenceInterval,
  holdoutLift,
  normalCdf,
  rate,
  twoProportionTest,
} from "./stats";

describe("the normal distribution", () => {
  it("gives the textbook quantiles: 1.96 → 0.975, 1 → 0.8413, -2.576 → 0.005", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 6);
    expect(normalCdf(-2.5758293035489)).toBeCloseTo(0.005, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
});

describe("the two-proportion z-test", () => {
  it("finds 30/100 against 45/100 significant: z = 2.191, p = 0.0285", () => {
    const test = twoProportionTest(
      { contacts: 100, conversions: 30 },
      { contacts: 100, conversions: 45 },
    );
    expect(test.enough).toBe(true);
    if (!test.enough) return;
    expect(test.z).toBeCloseTo(2.19089, 4);
    expect(test.pValue).toBeCloseTo(0.02846, 4);
    expect(test.significant).toBe(true);
    expect(test.difference).toBeCloseTo(0.15, 10);
  });

  it("finds 100/1000 against 120/1000 not significant: z = 1.429, p = 0.153", () => {
    const test = twoProportionTest(
      { contacts: 1000, conversions: 100 },
      { contacts: 1000, conversions: 120 },
    );
    expect(test).toMatchObject({ enough: true, significant: false });
    if (!test.enough) return;
    expect(test.z).toBeCloseTo(1.4293, 4);
    expect(test.pValue).toBeCloseTo(0.15292, 4);
  });

  it("gives no verdict below the minimum sample, and p = 1 when nobody converted", () => {
    expect(
      twoProportionTest(
        { contacts: 29, conversions: 5 },
        { contacts: 500, conversions: 90 },
      ),
    ).toEqual({ enough: false });
    expect(
      twoProportionTest(
        { contacts: 50, conversions: 0 },
        { contacts: 50, conversions: 0 },
      ),
    ).toEqual({
      enough: true,
      difference: 0,
      z: 0,
      pValue: 1,
      significant: false,
    });
  });
});

describe("the difference of two rates", () => {
  it("has a 95% Wald interval of 0.05 ± 0.0484 for 120/800 against 20/200", () => {
    const d = differenceInterval(
      { contacts: 800, conversions: 120 },
      { contacts: 200, conversions: 20 },
    );
    expect(d.difference).toBeCloseTo(0.05, 10);
    expect(d.low).toBeCloseTo(0.0016173, 6);
    expect(d.high).toBeCloseTo(0.0983827, 6);
  });
});

describe("holdout lift", () => {
  it("turns the rates' difference into incremental orders and revenue with their intervals", () => {
    const lift = holdoutLift(
      { contacts: 800, conversions: 120 },
      { contacts: 200, conversions: 20 },
      50,
    );
    expect(lift.enough).toBe(true);
    if (!lift.enough) return;
    expect(lift.treatedRate).toBeCloseTo(0.15, 10);
    expect(lift.holdoutRate).toBeCloseTo(0.1, 10);
    expect(lift.incrementalConversions.value).toBeCloseTo(40, 8);
    expect(lift.incrementalConversions.low).toBeCloseTo(1.29381, 4);
    expect(lift.incrementalConversions.high).toBeCloseTo(78.70619, 4);
    expect(lift.incrementalRevenue).toMatchObject({
      value: expect.closeTo(2000, 6),
      low: expect.closeTo(64.6906, 3),
      high: expect.closeTo(3935.3094, 3),
    });
    // Same test as the variants' (z = 1.823), held-out first.
    expect(lift.pValue).toBeCloseTo(0.06835, 4);
    expect(lift.significant).toBe(false);
  });

  it("says not enough data under the minimum, and gives no revenue without an order to average", () => {
    expect(
      holdoutLift(
        { contacts: 800, conversions: 120 },
        { contacts: 10, conversions: 1 },
        50,
      ),
    ).toEqual({
      enough: false,
      treated: { contacts: 800, conversions: 120 },
      holdout: { contacts: 10, conversions: 1 },
    });
    expect(
      holdoutLift(
        { contacts: 100, conversions: 0 },
        { contacts: 100, conversions: 0 },
        null,
      ),
    ).toMatchObject({ enough: true, incrementalRevenue: null });
  });
});

describe("variants", () => {
  it("compares each variant with the first, the control", () => {
    const [a, b] = compareVariants([
      { variant: "a", contacts: 100, conversions: 30 },
      { variant: "b", contacts: 100, conversions: 45 },
    ]);
    expect(a).toMatchObject({ variant: "a", rate: 0.3, versusControl: null });
    expect(b.versusControl).toMatchObject({
      enough: true,
      significant: true,
      pValue: expect.closeTo(0.02846, 4),
    });
  });

  it("has no rate for a group without contacts", () => {
    expect(rate(3, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });
});
