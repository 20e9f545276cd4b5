// A stored definition read as the current one. Versions are immutable and live for as long as a
// contact runs on them, so a definition saved under an older schema is upgraded step by step
// (`UPGRADERS[n]` turns schema version n into n + 1) and then parsed; one the app cannot read
// (saved by a newer app, with no version, damaged) is refused with the reason in the merchant's words.
import { z } from "zod";
import {
  parseScenarioDefinition,
  SCHEMA_VERSION,
  type DefinitionError,
  type ScenarioDefinition,
} from "./definition";

type JsonObject = Record<string, unknown>;

/**
 * Turns a definition of schema version n into version n + 1. It receives a copy and may change it;
 * `schemaVersion` is set by the chain, not by the upgrader.
 */
export type Upgrader = (definition: JsonObject) => JsonObject;

/** Keyed by the version each upgrader reads: `{ 1: v1ToV2, 2: v2ToV3 }`. */
export type Upgraders = Readonly<Partial<Record<number, Upgrader>>>;

/**
 * The real chain. Empty while SCHEMA_VERSION is 1. A change of the definition's shape bumps
 * SCHEMA_VERSION and adds the upgrader from the previous version here (upgrade.test.ts checks the
 * chain has one for every version below the current).
 */
export const UPGRADERS: Upgraders = {};

export interface UpgradeChain {
  /** The version the app writes and the schema parses. */
  current: number;
  upgraders: Upgraders;
  parse: typeof parseScenarioDefinition;
}

export const CURRENT_CHAIN: UpgradeChain = {
  current: SCHEMA_VERSION,
  upgraders: UPGRADERS,
  parse: parseScenarioDefinition,
};

/** Why a stored definition cannot be read; stored on a scenario the app paused for it. */
export const UnreadableReason = z.discriminatedUnion("kind", [
  /** Saved by a newer version of the app (a rollback). */
  z.object({
    kind: z.literal("newer_version"),
    schemaVersion: z.number().int(),
    appVersion: z.number().int(),
  }),
  /** No `schemaVersion`, or not a whole number from 1. */
  z.object({ kind: z.literal("missing_version") }),
  /** Not a definition, an upgrade failed, or the upgraded definition does not validate. */
  z.object({ kind: z.literal("damaged"), problem: z.string() }),
]);
export type UnreadableReason = z.infer<typeof UnreadableReason>;

export type ReadDefinition =
  | { ok: true; definition: ScenarioDefinition; upgradedFrom: number | null }
  | {
      ok: false;
      reason: UnreadableReason;
      /** The reason as the merchant reads it. */
      words: { en: string; ru: string };
      /** Every problem found (one for a version the app cannot upgrade). */
      errors: DefinitionError[];
    };

/** A stored definition (JSON as saved) upgraded to the current schema version and parsed. */
export function upgradeDefinition(
  raw: unknown,
  chain: UpgradeChain = CURRENT_CHAIN,
): ReadDefinition {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return refused({ kind: "damaged", problem: "it is not a scenario" });
  const stored = (raw as JsonObject).schemaVersion;
  if (typeof stored !== "number" || !Number.isInteger(stored) || stored < 1)
    return refused({ kind: "missing_version" });
  if (stored > chain.current)
    return refused({
      kind: "newer_version",
      schemaVersion: stored,
      appVersion: chain.current,
    });
  let definition = raw as JsonObject;
  for (let version = stored; version < chain.current; version++) {
    const upgrade = chain.upgraders[version];
    if (!upgrade)
      return refused({
        kind: "damaged",
        problem: `no upgrade from version ${version}`,
      });
    try {
      definition = {
        ...upgrade(structuredClone(definition)),
        schemaVersion: version + 1,
      };
    } catch (error) {
      return refused({
        kind: "damaged",
        problem: `the upgrade from version ${version} failed: ${(error as Error).message}`,
      });
    }
  }
  const parsed = chain.parse(definition);
  if (parsed.ok)
    return {
      ok: true,
      definition: parsed.definition,
      upgradedFrom: stored < chain.current ? stored : null,
    };
  const first = parsed.errors[0]!;
  return refused(
    {
      kind: "damaged",
      problem: first.field ? `${first.field}: ${first.message}` : first.message,
    },
    parsed.errors,
  );
}

function refused(
  reason: UnreadableReason,
  errors?: DefinitionError[],
): ReadDefinition & { ok: false } {
  const words = unreadableWords(reason);
  return {
    ok: false,
    reason,
    words,
    errors: errors ?? [{ field: "", message: words.en }],
  };
}

/** Why a definition cannot be read, as the merchant reads it. */
export function unreadableWords(reason: UnreadableReason): {
  en: string;
  ru: string;
} {
  switch (reason.kind) {
    case "newer_version":
      return {
        en: `It was saved by a newer version of the app (scenario format ${reason.schemaVersion}, this app reads up to ${reason.appVersion}).`,
        ru: `Он сохранён более новой версией приложения (формат сценария ${reason.schemaVersion}, это приложение читает до ${reason.appVersion}).`,
      };
    case "missing_version":
      return {
        en: "The saved scenario has no format version, so the app cannot tell how to read it.",
        ru: "У сохранённого сценария нет версии формата, поэтому приложение не знает, как его прочитать.",
      };
    case "damaged":
      return {
        en: `The saved scenario is damaged: ${reason.problem}.`,
        ru: `Сохранённый сценарий повреждён: ${reason.problem}.`,
      };
  }
}
