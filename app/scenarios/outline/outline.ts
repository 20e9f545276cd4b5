// A scenario's path as the trigger map draws it: the steps in the order a contact meets them, each
// with its depth and the way it was reached (a branch's then / else, a wait's event or timeout, a
// split's variant). A step reached a second way is shown once, then referred to by a jump.
import type {
  Channel,
  ScenarioDefinition,
  ScenarioDefinitionInput,
  Step,
} from "../model";

export type OutlineVia =
  "then" | "else" | "event" | "timeout" | { variant: string };

export type OutlineItem =
  | { kind: "step"; step: Step; depth: number; via: OutlineVia | null }
  | { kind: "jump"; to: string; depth: number; via: OutlineVia | null }
  | { kind: "holdout"; percent: number; depth: number };

type AnyDefinition = ScenarioDefinition | ScenarioDefinitionInput;

export function outline(definition: AnyDefinition): OutlineItem[] {
  const steps = new Map((definition.steps as Step[]).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const items: OutlineItem[] = [];
  const visit = (
    id: string | undefined,
    depth: number,
    via: OutlineVia | null,
  ): void => {
    // A straight chain stays at one depth; only forks indent.
    for (let current = id, currentVia = via; current; currentVia = null) {
      if (seen.has(current))
        return void items.push({
          kind: "jump",
          to: current,
          depth,
          via: currentVia,
        });
      const step = steps.get(current);
      if (!step) return;
      seen.add(current);
      items.push({ kind: "step", step, depth, via: currentVia });
      const forks = forksOf(step);
      if (forks) {
        if (step.type === "split" && (step.holdoutPercent ?? 0) > 0)
          items.push({
            kind: "holdout",
            percent: step.holdoutPercent,
            depth: depth + 1,
          });
        for (const [forkVia, target] of forks)
          if (target) visit(target, depth + 1, forkVia);
        return;
      }
      current = "next" in step ? step.next : undefined;
    }
  };
  visit(definition.start, 0, null);
  return items;
}

function forksOf(step: Step): [OutlineVia, string | undefined][] | null {
  switch (step.type) {
    case "branch":
      return [
        ["then", step.then],
        ["else", step.else],
      ];
    case "wait_until":
      return [
        ["event", step.onEvent],
        ["timeout", step.onTimeout],
      ];
    case "split":
      return step.variants.map((v) => [{ variant: v.key }, v.next]);
    default:
      return null;
  }
}

/** The channels a scenario can use, in the order its path first meets them. */
export function channelsOf(definition: AnyDefinition): Channel[] {
  const out: Channel[] = [];
  for (const item of outline(definition)) {
    if (item.kind === "step" && item.step.type === "send")
      for (const c of item.step.channels) if (!out.includes(c)) out.push(c);
  }
  return out;
}
