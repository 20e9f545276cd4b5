// The statistics behind the analytics pages. Pure: counts come in, rates, tests and intervals come
// out. Normal approximations throughout, which need enough contacts on each side: below
// MIN_SAMPLE per group a comparison answers "not enough data" rather than a number that misleads.

/** Contacts per group below which no test or interval is given. */
export const MIN_SAMPLE = 30;
/** Two-sided 95%: the normal quantile. */
export const Z95 = 1.959963984540054;

/** A share, or null where it does not apply (nothing to divide by). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The standard normal's cumulative distribution. */
export function normalCdf(z: number): number {
  return 1 - 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfc (Chebyshev), fractional error below 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t *
                                  (1.48851587 +
                                    t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Contacts in a group and how many of them converted. */
export interface Group {
  contacts: number;
  conversions: number;
}

export type Comparison =
  | { enough: false }
  | {
      enough: true;
      difference: number;
      z: number;
      pValue: number;
      significant: boolean;
    };

/**
 * Two-proportion z-test (pooled standard error), two-sided: is `b`'s conversion rate different
 * from `a`'s? Significant at 5%.
 */
export function twoProportionTest(
  a: Group,
  b: Group,
  minSample = MIN_SAMPLE,
): Comparison {
  if (a.contacts < minSample || b.contacts < minSample)
    return { enough: false };
  const pa = a.conversions / a.contacts;
  const pb = b.conversions / b.contacts;
  const pooled = (a.conversions + b.conversions) / (a.contacts + b.contacts);
  const se = Math.sqrt(
    pooled * (1 - pooled) * (1 / a.contacts + 1 / b.contacts),
  );
  // No conversions anywhere (or all converted): no evidence of a difference.
  if (se === 0)
    return {
      enough: true,
      difference: pb - pa,
      z: 0,
      pValue: 1,
      significant: false,
    };
  const z = (pb - pa) / se;
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return {
    enough: true,
    difference: pb - pa,
    z,
    pValue,
    significant: pValue < 0.05,
  };
}

/** 95% interval of `treated`'s rate minus `control`'s (unpooled standard error, Wald). */
export function differenceInterval(
  treated: Group,
  control: Group,
): { difference: number; low: number; high: number } {
  const pt = treated.conversions / treated.contacts;
  const pc = control.conversions / control.contacts;
  const se = Math.sqrt(
    (pt * (1 - pt)) / treated.contacts + (pc * (1 - pc)) / control.contacts,
  );
  return {
    difference: pt - pc,
    low: pt - pc - Z95 * se,
    high: pt - pc + Z95 * se,
  };
}

export interface Range {
  value: number;
  low: number;
  high: number;
}

export type Lift =
  | { enough: false; treated: Group; holdout: Group }
  | {
      enough: true;
      treated: Group;
      holdout: Group;
      treatedRate: number;
      holdoutRate: number;
      /** Treated rate minus held-out rate, with its 95% interval. */
      rateDifference: Range;
      /** Orders the scenario added among the treated contacts: the difference × treated contacts. */
      incrementalConversions: Range;
      /** Incremental conversions × the treated contacts' average order value (taken as known); null without an order to average. */
      incrementalRevenue: Range | null;
      pValue: number;
      significant: boolean;
    };

/**
 * Holdout lift: what the scenario added over contacts it held out (who received nothing).
 * `averageOrderValue` is the treated contacts' average order, in one currency, or null.
 */
export function holdoutLift(
  treated: Group,
  holdout: Group,
  averageOrderValue: number | null,
  minSample = MIN_SAMPLE,
): Lift {
  const test = twoProportionTest(holdout, treated, minSample);
  if (!test.enough) return { enough: false, treated, holdout };
  const d = differenceInterval(treated, holdout);
  const scale = (r: Range, k: number): Range => ({
    value: r.value * k,
    low: r.low * k,
    high: r.high * k,
  });
  const rateDifference = { value: d.difference, low: d.low, high: d.high };
  const incrementalConversions = scale(rateDifference, treated.contacts);
  return {
    enough: true,
    treated,
    holdout,
    treatedRate: treated.conversions / treated.contacts,
    holdoutRate: holdout.conversions / holdout.contacts,
    rateDifference,
    incrementalConversions,
    incrementalRevenue:
      averageOrderValue === null
        ? null
        : scale(incrementalConversions, averageOrderValue),
    pValue: test.pValue,
    significant: test.significant,
  };
}

/** Counts by variant, the first (the split's first variant) the control each other is compared with. */
export interface VariantResult extends Group {
  variant: string;
  rate: number | null;
  /** Against the control; null for the control itself. */
  versusControl: Comparison | null;
}

export function compareVariants(
  groups: Array<Group & { variant: string }>,
  minSample = MIN_SAMPLE,
): VariantResult[] {
  const control = groups[0];
  return groups.map((g, i) => ({
    ...g,
    rate: rate(g.conversions, g.contacts),
    versusControl: i === 0 ? null : twoProportionTest(control, g, minSample),
  }));
}
