// A template's parameters as a scenario's definition has them now: the page shows the merchant
// the values in force (a 60 threshold, a 5-day reminder), not the template's defaults. Each
// parameter's place in the definition is found by building the template twice, the parameter
// moved by one, and reading which numbers moved with it (steps by id, so an A/B split inserted
// since does not hide them). A parameter that moves no number (one only written into copy) or
// whose number was edited out of its bounds is null: not known from the definition. A switch
// (on/off) is read from the values it changes (a step's channels): on or off where the
// definition has either, null where the merchant made it something else.
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
    if (p.unit === "switch") {
      out[p.key] = switchValue(template, defaults, p.key, definition);
      continue;
    }
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

/** Every leaf of a definition as JSON by path, steps keyed by id. */
function leaves(definition: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node) && node.every((v) => typeof v !== "object"))
      out.set(path, JSON.stringify(node));
    else if (typeof node === "object" && node !== null)
      for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
    else out.set(path, JSON.stringify(node));
  };
  const { steps, ...rest } = definition as { steps?: Array<{ id?: string }> };
  walk(rest, "");
  for (const step of steps ?? []) walk(step, `.steps.${step.id}`);
  return out;
}

function switchValue(
  template: Template,
  defaults: Record<string, number>,
  key: string,
  definition: ScenarioDefinition,
): number | null {
  const off = leaves(template.build({ ...defaults, [key]: 0 }));
  const on = leaves(template.build({ ...defaults, [key]: 1 }));
  const current = leaves(definition);
  const differing = [...on.keys()].filter((k) => on.get(k) !== off.get(k));
  if (!differing.length) return null;
  if (differing.every((k) => current.get(k) === on.get(k))) return 1;
  if (differing.every((k) => current.get(k) === off.get(k))) return 0;
  return null;
}

const MARKER = "https://marker.invalid/trigger-map";

/**
 * The template's links as the definition has them now: each found where the template writes it
 * (built once with a marker in its place); null where the definition has no text there.
 */
export function currentLinks(
  template: Template,
  definition: ScenarioDefinition,
): Record<string, string | null> {
  const defaults = resolveParameters(template);
  const current = leaves(definition);
  const out: Record<string, string | null> = {};
  for (const link of template.links ?? []) {
    const marked = leaves(template.build(defaults, { [link.key]: MARKER }));
    const path = [...marked].find(([, v]) => v === JSON.stringify(MARKER))?.[0];
    const value = path ? current.get(path) : undefined;
    const text = value === undefined ? null : (JSON.parse(value) as unknown);
    out[link.key] = typeof text === "string" ? text : null;
  }
  return out;
}
