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

/** The triggers a blank scenario can start from (every one of the model's). */
export const TRIGGER_TYPES = Trigger.options
  .map((o) => o.shape.type.value as TriggerType)
  .filter((type) => defaultTrigger(type) !== null);

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
