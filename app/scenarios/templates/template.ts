// A ready-made template: the map's path for one scenario, its default copy (en, ru) and the
// parameters a merchant may change. `build` turns parameters into a scenario definition.
import { z } from "zod";
import type { ScenarioDefinitionInput } from "../model";

export const TemplateGroup = z.enum([
  "LEAD_GENERATION",
  "SALES",
  "RETENTION",
  "WIN_BACK",
]);
export type TemplateGroup = z.infer<typeof TemplateGroup>;

export interface TemplateParameter {
  key: string;
  label: { en: string; ru: string };
  unit: "currency" | "percent" | "days" | "minutes" | "seconds" | "per_day";
  default: number;
  min: number;
  max: number;
}

export interface Template {
  /** The map's name for the path, e.g. "SA3". */
  key: string;
  group: TemplateGroup;
  /** The map's "set this up first" mark: one per group. */
  setUpFirst: boolean;
  name: { en: string; ru: string };
  description: { en: string; ru: string };
  parameters: TemplateParameter[];
  build(params: Record<string, number>): ScenarioDefinitionInput;
}

/** Parameters with defaults filled and bounds enforced; names the parameter that is out of range. */
export function resolveParameters(
  template: Template,
  given: Record<string, number> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of template.parameters) {
    const value = given[p.key] ?? p.default;
    if (!Number.isFinite(value) || value < p.min || value > p.max) {
      throw new RangeError(
        `${template.key}.${p.key} must be between ${p.min} and ${p.max}`,
      );
    }
    out[p.key] = value;
  }
  return out;
}
