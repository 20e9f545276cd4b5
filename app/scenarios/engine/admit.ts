// Whether a trigger starts the scenario for a contact: the trigger matches, and test mode,
// rollout, re-entry and entry conditions allow it. Each refusal says why.
import {
  durationMs,
  type PageType,
  type ScenarioDefinition,
  type Trigger,
} from "../model";
import { holds } from "./conditions";
import { seededRandom } from "./random";
import type { ContactSnapshot } from "./types";

export interface TriggerInput {
  type: Trigger["type"];
  pageType?: PageType;
  /** For no_visit / no_order: days since the last visit / order. */
  days?: number;
  segment?: string;
}

export type Admission = { enter: true } | { enter: false; reason: string };

export function triggerMatches(
  trigger: Trigger,
  input: TriggerInput,
  contact: ContactSnapshot,
): boolean {
  if (trigger.type !== input.type) return false;
  switch (trigger.type) {
    case "site_visit":
      if (trigger.visitor === "first" && contact.visitCount > 1) return false;
      if (trigger.visitor === "returning" && contact.visitCount < 2)
        return false;
      return (
        trigger.minVisits === undefined ||
        contact.visitCount >= trigger.minVisits
      );
    case "page_viewed":
      return input.pageType === trigger.pageType;
    case "no_visit":
    case "no_order":
      return input.days === trigger.days;
    case "segment_entered":
      return input.segment === trigger.segment;
    default:
      return true;
  }
}

export function admit(input: {
  definition: ScenarioDefinition;
  /** Stable per scenario: the rollout share is the same contacts every time. */
  scenarioKey: string;
  trigger: TriggerInput;
  contact: ContactSnapshot;
  now: Date;
  /** The contact's run of this scenario that has not ended, if any. */
  hasActiveRun: boolean;
  lastStartedAt: Date | null;
}): Admission {
  const { definition, contact } = input;
  if (!triggerMatches(definition.trigger, input.trigger, contact))
    return { enter: false, reason: "trigger does not match" };
  if (definition.testMode && !contact.isTest)
    return { enter: false, reason: "test mode: test contacts only" };
  if (
    definition.rolloutPercent < 100 &&
    seededRandom(`${input.scenarioKey}:${contact.id}`)() * 100 >=
      definition.rolloutPercent
  ) {
    return {
      enter: false,
      reason: `outside the ${definition.rolloutPercent}% rollout`,
    };
  }
  if (input.hasActiveRun)
    return { enter: false, reason: "already in this scenario" };
  if (
    input.lastStartedAt &&
    input.now.valueOf() - input.lastStartedAt.valueOf() <
      durationMs(definition.reentryCooldown)
  ) {
    return { enter: false, reason: "re-entry cooldown" };
  }
  if (definition.entry && !holds(definition.entry, contact, input.now))
    return { enter: false, reason: "entry conditions not met" };
  return { enter: true };
}
