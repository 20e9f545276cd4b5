// A/B tests on a send step, as pure edits of a definition. "Add variant B" puts a split before the
// step: variant a goes to the step as it was, variant b to a copy with its own id and message key
// (its copy then edited apart), half each; the split may also hold some contacts out (they get
// nothing: the baseline the variants are measured against). Removing variant B restores the step.
import { nextSteps, type ScenarioDefinition, type Step } from "../model";

type Split = Extract<Step, { type: "split" }>;
type Send = Extract<Step, { type: "send" }>;

/** A step id not yet used, from a base (the model allows 40 characters). */
function freshId(definition: ScenarioDefinition, base: string): string {
  const taken = new Set(definition.steps.map((s) => s.id));
  const stem = base.slice(0, 36);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++)
    if (!taken.has(`${stem.slice(0, 33)}-${n}`))
      return `${stem.slice(0, 33)}-${n}`;
}

function freshMessageKey(definition: ScenarioDefinition, base: string): string {
  const taken = new Set(
    definition.steps.flatMap((s) => (s.type === "send" ? [s.message.key] : [])),
  );
  const stem = base.slice(0, 56);
  for (let n = 1; ; n++) {
    const key = n === 1 ? `${stem}.b` : `${stem}.b${n}`;
    if (!taken.has(key)) return key;
  }
}

/** Every reference to `from` (the start and steps' next fields) pointed at `to`. */
function redirect(
  definition: ScenarioDefinition,
  from: string,
  to: string,
  except?: string,
): ScenarioDefinition {
  const swap = (id: string | undefined) => (id === from ? to : id);
  return {
    ...definition,
    start: swap(definition.start)!,
    steps: definition.steps.map((step): Step => {
      if (step.id === except) return step;
      switch (step.type) {
        case "wait_until":
          return {
            ...step,
            onEvent: swap(step.onEvent),
            onTimeout: swap(step.onTimeout),
          };
        case "branch":
          return { ...step, then: swap(step.then), else: swap(step.else) };
        case "split":
          return {
            ...step,
            variants: step.variants.map((v) => ({ ...v, next: swap(v.next) })),
          };
        default:
          return { ...step, next: swap(step.next) };
      }
    }),
  };
}

/** The split a send step is variant a or b of (one made by addVariantB: two variants). */
export function variantSplitOf(
  definition: ScenarioDefinition,
  stepId: string,
): Split | null {
  const split = definition.steps.find(
    (s): s is Split =>
      s.type === "split" &&
      s.variants.length === 2 &&
      s.variants.some((v) => v.next === stepId),
  );
  return split ?? null;
}

export function addVariantB(
  definition: ScenarioDefinition,
  stepId: string,
): ScenarioDefinition {
  const index = definition.steps.findIndex((s) => s.id === stepId);
  const step = definition.steps[index];
  if (step?.type !== "send")
    throw new RangeError(`"${stepId}" is not a send step`);
  if (variantSplitOf(definition, stepId))
    throw new RangeError(`"${stepId}" already has a variant`);
  const splitId = freshId(definition, `${stepId}-ab`);
  const withSplit = {
    ...definition,
    steps: [...definition.steps, { id: splitId } as Step],
  };
  const copyId = freshId(withSplit, `${stepId}-b`);
  const copy: Send = {
    ...structuredClone(step),
    id: copyId,
    message: {
      ...structuredClone(step.message),
      key: freshMessageKey(definition, step.message.key),
    },
  };
  const split: Split = {
    id: splitId,
    type: "split",
    holdoutPercent: 0,
    variants: [
      { key: "a", weight: 50, next: stepId },
      { key: "b", weight: 50, next: copyId },
    ],
  };
  const redirected = redirect(definition, stepId, splitId);
  const steps = [...redirected.steps];
  steps.splice(index, 1, split, steps[index]!, copy);
  return { ...redirected, steps };
}

/** Variant b's step gone, the split gone, what led to the split leading to variant a's step again. */
export function removeVariantB(
  definition: ScenarioDefinition,
  splitId: string,
): ScenarioDefinition {
  const split = definition.steps.find(
    (s): s is Split => s.id === splitId && s.type === "split",
  );
  if (!split || split.variants.length !== 2)
    throw new RangeError(`"${splitId}" is not an A/B split of two variants`);
  const [a, b] = split.variants;
  const restored = redirect(definition, splitId, a!.next ?? "");
  const bStillUsed = restored.steps.some(
    (s) =>
      s.id !== splitId && nextSteps(s).some(([, target]) => target === b!.next),
  );
  const dropped = new Set([splitId, ...(bStillUsed ? [] : [b!.next])]);
  return {
    ...restored,
    steps: restored.steps.filter((s) => !dropped.has(s.id)),
  };
}
