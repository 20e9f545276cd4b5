// What one decision of the engine went through. `decide` reports sends, skips, waits and ends, not
// the branches and splits it passed on the way; the simulator retraces the walk from the step the
// decision began at, taking each fork the way the engine did (the same condition on the same
// contact, the variant the decision recorded).
import { holds } from "../engine/conditions";
import {
  personalize,
  type DecideContext,
  type Decision,
  type EngineInput,
  type RunState,
} from "../engine";
import type { Message, ScenarioDefinition, Step } from "../model";

const MAX_STEPS = 100;

/** The step a decision on `input` starts walking from, or null when it walks no step. */
export function walkStart(
  definition: ScenarioDefinition,
  state: RunState,
  input: { kind: "start"; from?: string } | EngineInput,
  now: Date,
): string | null {
  if (input.kind === "start") return input.from ?? definition.start;
  const waiting = state.stepId
    ? definition.steps.find((s) => s.id === state.stepId)
    : undefined;
  if (!waiting || state.status !== "waiting") return null;
  if (input.kind === "due") {
    if (!state.dueAt || new Date(state.dueAt) > now) return null;
    if (waiting.type === "send" || waiting.type === "wait_for_hours")
      return waiting.id;
    return (
      (waiting.type === "wait_until"
        ? waiting.onTimeout
        : "next" in waiting
          ? waiting.next
          : undefined) ?? null
    );
  }
  if (
    input.event === "unsubscribed" ||
    definition.goal.events.includes(input.event)
  )
    return null;
  return waiting.type === "wait_until" && waiting.event === input.event
    ? (waiting.onEvent ?? null)
    : null;
}

/** The steps the decision reached, in order, from `from`. */
export function walk(
  definition: ScenarioDefinition,
  from: string,
  decision: Decision,
  ctx: Omit<DecideContext, "random">,
): Step[] {
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  const startedAt = new Date(decision.state.startedAt);
  const passed = new Set(
    decision.effects.flatMap((e) =>
      e.type === "send" || e.type === "skip" ? [e.stepId] : [],
    ),
  );
  const reached: Step[] = [];
  let id: string | undefined = from;
  for (let i = 0; id && i < MAX_STEPS; i++) {
    const step = byId.get(id);
    if (!step) break;
    reached.push(step);
    if (decision.state.status === "waiting" && decision.state.stepId === id)
      break;
    switch (step.type) {
      case "wait":
        return reached;
      case "wait_until":
        id = step.onEvent;
        break;
      case "wait_for_hours":
        id = step.next;
        break;
      case "branch":
        id = holds(step.condition, ctx.contact, startedAt)
          ? step.then
          : step.else;
        break;
      case "split":
        id = step.variants.find((v) => v.key === decision.state.variant)?.next;
        break;
      case "send":
        if (!passed.has(step.id)) return reached;
        id = step.next;
        break;
    }
  }
  return reached;
}

/**
 * A message's placeholders that would have no value, in the contact's language: with a fallback
 * (the message goes, with the fallback's words) or without one (the engine refuses the message).
 */
export function placeholderUse(
  message: Message,
  values: Record<string, string | null>,
  language: string,
): { fallback: string[]; missing: string[] } {
  const texts = [message.body, message.title, message.cta?.label].flatMap(
    (t) => (t ? [t[language] ?? t.en] : []),
  );
  const given = message.discount ? { code: "{{code}}", ...values } : values;
  const unknown = new Set(
    texts.flatMap((t) => {
      const filled = personalize(t, given);
      return filled.ok ? [] : filled.missing;
    }),
  );
  return {
    fallback: [...unknown].filter((name) => name in message.fallbacks),
    missing: [...unknown].filter((name) => !(name in message.fallbacks)),
  };
}
