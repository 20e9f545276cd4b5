import { describe, expect, it } from "vitest";
import {
  parseScenarioDefinition,
  type ScenarioDefinitionInput,
} from "../model";
import { admit } from "./admit";
import { testContact } from "./contact-fixture";
import { seededRandom } from "./random";
import type { ContactSnapshot } from "./types";

const now = new Date("2026-11-23T12:00:00Z");
const base: ScenarioDefinitionInput = {
  schemaVersion: 1,
  trigger: { type: "site_visit", visitor: "returning" },
  entry: { type: "email_known", is: false },
  start: "hello",
  steps: [
    {
      id: "hello",
      type: "send",
      channels: ["chat"],
      message: { key: "x", body: { en: "Hi" } },
    },
  ],
};
const def = (over: Partial<ScenarioDefinitionInput> = {}) => {
  const parsed = parseScenarioDefinition({ ...base, ...over });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};
// A returning visitor, browsing, whose email the shop does not know.
const contact = (over: Partial<ContactSnapshot> = {}) =>
  testContact({
    email: null,
    emailConsent: false,
    onSite: true,
    visitCount: 2,
    cartTotal: null,
    ...over,
  });
const check = (over: Partial<Parameters<typeof admit>[0]> = {}) =>
  admit({
    definition: def(),
    scenarioKey: "s1",
    trigger: { type: "site_visit" },
    contact: contact(),
    now,
    hasActiveRun: false,
    lastStartedAt: null,
    ...over,
  });

describe("admission to a scenario", () => {
  it("lets in a contact the trigger and entry conditions fit", () => {
    expect(check()).toEqual({ enter: true });
  });

  it("says why it keeps a contact out", () => {
    expect(check({ contact: contact({ visitCount: 1 }) })).toEqual({
      enter: false,
      reason: "trigger does not match",
    });
    expect(check({ contact: contact({ email: "a@b.c" }) })).toEqual({
      enter: false,
      reason: "entry conditions not met",
    });
    expect(check({ hasActiveRun: true })).toEqual({
      enter: false,
      reason: "already in this scenario",
    });
    expect(
      check({ lastStartedAt: new Date(now.valueOf() - 3_600_000) }),
    ).toEqual({ enter: false, reason: "re-entry cooldown" });
    expect(
      check({ lastStartedAt: new Date(now.valueOf() - 2 * 86_400_000) }),
    ).toEqual({ enter: true });
  });

  it("in test mode lets in test contacts only", () => {
    const testMode = def({ testMode: true });
    expect(check({ definition: testMode })).toEqual({
      enter: false,
      reason: "test mode: test contacts only",
    });
    expect(
      check({ definition: testMode, contact: contact({ isTest: true }) }),
    ).toEqual({ enter: true });
  });

  it("rolls out to about the configured share, always the same contacts", () => {
    const rollout = def({ rolloutPercent: 20 });
    const entered = Array.from(
      { length: 5000 },
      (_, i) =>
        check({ definition: rollout, contact: contact({ id: `contact-${i}` }) })
          .enter,
    );
    const share = entered.filter(Boolean).length / entered.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    expect(
      check({ definition: rollout, contact: contact({ id: "contact-7" }) })
        .enter,
    ).toBe(entered[7]);
  });
});

describe("seeded randomness", () => {
  it("repeats for a seed and differs between seeds", () => {
    const a = seededRandom("run-1");
    const b = seededRandom("run-1");
    const c = seededRandom("run-2");
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
  });

  it("is close to uniform", () => {
    const r = seededRandom("uniform");
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[Math.floor(r() * 10)]++;
    for (const n of buckets) expect(Math.abs(n - 2000)).toBeLessThan(200);
  });
});
