// Stored definitions read through the upgrade chain. The app's own chain is empty while the schema
// is at version 1, so the machinery is proven on a chain of three made-up versions whose last one
// is today's shape: v1 named the trigger by a string, v2 kept the cooldown in days.
import { describe, expect, it } from "vitest";
import {
  parseScenarioDefinition,
  SCHEMA_VERSION,
  UPGRADERS,
  upgradeDefinition,
  type UpgradeChain,
  type Upgrader,
} from "./index";

const today = {
  schemaVersion: SCHEMA_VERSION,
  trigger: { type: "added_to_cart" },
  reentryCooldown: { amount: 2, unit: "days" },
  start: "mail",
  steps: [
    {
      id: "mail",
      type: "send",
      channels: ["email"],
      message: { key: "t.mail", body: { en: "Your cart is waiting" } },
    },
  ],
};

const v1 = {
  schemaVersion: 1,
  trigger: "added_to_cart",
  cooldownDays: 2,
  start: "mail",
  steps: today.steps,
};

const v1ToV2: Upgrader = ({ trigger, ...rest }) => ({
  ...rest,
  trigger: { type: trigger },
});
const v2ToV3: Upgrader = ({ cooldownDays, ...rest }) => ({
  ...rest,
  reentryCooldown: { amount: cooldownDays, unit: "days" },
});

/** Version 3 of the test chain is today's definition. */
const chain = (upgraders: UpgradeChain["upgraders"]): UpgradeChain => ({
  current: 3,
  upgraders,
  parse: (input) =>
    parseScenarioDefinition({
      ...(input as object),
      schemaVersion: SCHEMA_VERSION,
    }),
});

describe("reading a stored definition", () => {
  it("reads a definition of the current version as it is", () => {
    const read = upgradeDefinition(today);
    expect(read).toEqual({
      ok: true,
      definition: expect.objectContaining({
        trigger: { type: "added_to_cart" },
      }),
      upgradedFrom: null,
    });
  });

  it("reads an old definition as the current one", () => {
    const read = upgradeDefinition(v1, chain({ 1: v1ToV2, 2: v2ToV3 }));
    expect(read).toEqual({
      ok: true,
      definition: parseScenarioDefinition(today).ok
        ? (parseScenarioDefinition(today) as { definition: unknown }).definition
        : null,
      upgradedFrom: 1,
    });
    // The stored JSON is not changed by reading it.
    expect(v1.trigger).toBe("added_to_cart");
  });

  it("runs the upgraders in order, each once, from the stored version only", () => {
    const calls: string[] = [];
    const spy =
      (name: string, upgrade: Upgrader): Upgrader =>
      (definition) => {
        calls.push(`${name}@${String(definition.schemaVersion)}`);
        return upgrade(definition);
      };
    const upgraders = { 1: spy("1→2", v1ToV2), 2: spy("2→3", v2ToV3) };
    expect(upgradeDefinition(v1, chain(upgraders)).ok).toBe(true);
    expect(calls).toEqual(["1→2@1", "2→3@2"]);

    calls.length = 0;
    const v2 = { ...v1ToV2(structuredClone(v1)), schemaVersion: 2 };
    expect(upgradeDefinition(v2, chain(upgraders)).ok).toBe(true);
    expect(calls).toEqual(["2→3@2"]);
  });

  it("refuses a definition saved by a newer version of the app, saying so", () => {
    const read = upgradeDefinition({ ...today, schemaVersion: 4 }, chain({}));
    expect(read).toMatchObject({
      ok: false,
      reason: { kind: "newer_version", schemaVersion: 4, appVersion: 3 },
    });
    if (read.ok) return;
    expect(read.words.en).toContain("saved by a newer version of the app");
    expect(read.words.ru).toContain("более новой версией приложения");

    expect(
      upgradeDefinition({ ...today, schemaVersion: SCHEMA_VERSION + 1 }),
    ).toMatchObject({ ok: false, reason: { kind: "newer_version" } });
  });

  it("refuses a definition with no version, or one that is not a whole number", () => {
    for (const schemaVersion of [undefined, "1", 1.5, 0, null]) {
      const read = upgradeDefinition({ ...today, schemaVersion });
      expect(read).toMatchObject({
        ok: false,
        reason: { kind: "missing_version" },
      });
      if (!read.ok) expect(read.words.en).toContain("no format version");
    }
  });

  it("refuses a damaged definition with its first problem", () => {
    const read = upgradeDefinition({ ...today, start: "nowhere" });
    expect(read).toMatchObject({
      ok: false,
      reason: {
        kind: "damaged",
        problem: 'start: no step has the id "nowhere"',
      },
      errors: [
        { field: "start", message: 'no step has the id "nowhere"' },
        { field: "steps.0", message: 'step "mail" can never be reached' },
      ],
    });
    if (read.ok) return;
    expect(read.words).toEqual({
      en: 'The saved scenario is damaged: start: no step has the id "nowhere".',
      ru: 'Сохранённый сценарий повреждён: start: no step has the id "nowhere".',
    });
    for (const raw of [null, "text", [today], 42])
      expect(upgradeDefinition(raw)).toMatchObject({
        ok: false,
        reason: { kind: "damaged", problem: "it is not a scenario" },
      });
  });

  it("refuses a definition whose upgrade is missing or fails, naming the version", () => {
    expect(upgradeDefinition(v1, chain({ 1: v1ToV2 }))).toMatchObject({
      ok: false,
      reason: { kind: "damaged", problem: "no upgrade from version 2" },
    });
    const failing: Upgrader = () => {
      throw new Error("steps are not a list");
    };
    expect(
      upgradeDefinition(v1, chain({ 1: failing, 2: v2ToV3 })),
    ).toMatchObject({
      ok: false,
      reason: {
        kind: "damaged",
        problem: "the upgrade from version 1 failed: steps are not a list",
      },
    });
  });

  it("has an upgrader for every version below the current one", () => {
    for (let version = 1; version < SCHEMA_VERSION; version++)
      expect(UPGRADERS[version], `upgrader from ${version}`).toBeTypeOf(
        "function",
      );
  });
});
