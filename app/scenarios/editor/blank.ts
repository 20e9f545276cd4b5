// What a new scenario starts from, pure: a trigger with its settings' defaults, a blank definition
// (that trigger and one message), and messages re-keyed for a copy, so a contact who received the
// original's message can still receive the copy's ("already received" is checked on the key).
import { SCHEMA_VERSION, Trigger, type ScenarioDefinition } from "../model";
import { newStep } from "./graph";

export type TriggerType = Trigger["type"];

/** A trigger of `type` with its settings' defaults (a silence trigger waits 30 days). */
export function defaultTrigger(type: TriggerType): Trigger | null {
  for (const candidate of [{ type }, { type, days: 30 }]) {
    const parsed = Trigger.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/**
 * Triggers nothing produces yet (issue 20 adds Shopify's article polling): a merchant is not
 * offered a trigger that would never fire.
 */
const NOT_PRODUCED = new Set<TriggerType>(["article_published"]);

/** The triggers a scenario can be built on: every one of the model's that fires and has defaults. */
export const TRIGGER_TYPES = Trigger.options
  .map((o) => o.shape.type.value as TriggerType)
  .filter((type) => !NOT_PRODUCED.has(type) && defaultTrigger(type) !== null);

/** Another trigger for a scenario: its defaults, with the days of silence kept between silences. */
export function changeTrigger(current: Trigger, type: TriggerType): Trigger {
  const next = defaultTrigger(type);
  if (!next) return current;
  return "days" in current && "days" in next
    ? { ...next, days: current.days, pastPerDay: current.pastPerDay }
    : next;
}

export function blankDefinition(trigger: Trigger): ScenarioDefinition {
  const empty = {
    schemaVersion: SCHEMA_VERSION,
    trigger,
    start: "",
    steps: [],
  } as unknown as ScenarioDefinition;
  const message = newStep("send", empty);
  return { ...empty, start: message.id, steps: [message] };
}

/** The definition with every message under a key of its own (`<key>.<suffix>`). */
export function rekeyMessages(
  definition: ScenarioDefinition,
  suffix: string,
): ScenarioDefinition {
  return {
    ...definition,
    steps: definition.steps.map((step) =>
      step.type === "send"
        ? {
            ...step,
            message: {
              ...step.message,
              key: `${step.message.key.slice(0, 59 - suffix.length)}.${suffix}`,
            },
          }
        : step,
    ),
  };
}
