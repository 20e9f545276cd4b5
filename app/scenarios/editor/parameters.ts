// A template's parameters as a scenario's definition has them now: the page shows the merchant
// the values in force (a 60 threshold, a 5-day reminder), not the template's defaults. Each
// parameter's place in the definition is found by building the template twice, the parameter
// moved by one, and reading which numbers moved with it (steps by id, so an A/B split inserted
// since does not hide them). A parameter that moves no number (one only written into copy) or
// whose number was edited out of its bounds is null: not known from the definition.
import type { ScenarioDefinition } from "../model";
import { resolveParameters, type Template } from "../templates";

type Numbers = Map<string, number>;

/** Every number of a definition by path, steps keyed by id. */
function numbers(definition: unknown): Numbers {
  const out: Numbers = new Map();
  const walk = (node: unknown, path: string) => {
    if (typeof node === "number") out.set(path, node);
    else if (Array.isArray(node))
      node.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (typeof node === "object" && node !== null)
      for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
  };
  const { steps, ...rest } = definition as { steps?: Array<{ id?: string }> };
  walk(rest, "");
  for (const step of steps ?? []) walk(step, `.steps.${step.id}`);
  return out;
}

export function currentParameters(
  template: Template,
  definition: ScenarioDefinition,
): Record<string, number | null> {
  const defaults = resolveParameters(template);
  const base = numbers(template.build(defaults));
  const current = numbers(definition);
  const out: Record<string, number | null> = {};
  for (const p of template.parameters) {
    const d = defaults[p.key]!;
    const moved = d + 1 <= p.max ? d + 1 : d - 1;
    out[p.key] = null;
    for (const [path, after] of numbers(
      template.build({ ...defaults, [p.key]: moved }),
    )) {
      const before = base.get(path);
      const now = current.get(path);
      if (before === undefined || before === after || now === undefined)
        continue;
      // The number is linear in the parameter (a delay in seconds, an amount): solve for it.
      const value = d + ((now - before) * (moved - d)) / (after - before);
      if (Number.isInteger(value) && value >= p.min && value <= p.max)
        out[p.key] = value;
      break;
    }
  }
  return out;
}
