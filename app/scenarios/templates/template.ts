// A ready-made template: the map's path for one scenario, its default copy (en, ru) and the
// parameters a merchant may change. `build` turns parameters into a scenario definition.
import { z } from "zod";
import { isLinkPlaceholder, type ScenarioDefinitionInput } from "../model";
import { safeUrl, UNSAFE_URL_MESSAGE } from "../../security/safe-url";

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
  /**
   * "switch": 1 on, 0 off (min 0, max 1): a choice the template builds a different path for;
   * "per_day": a daily number of contacts.
   */
  unit:
    | "currency"
    | "percent"
    | "days"
    | "minutes"
    | "seconds"
    | "switch"
    | "per_day";
  default: number;
  min: number;
  max: number;
}

/** A link the merchant may give the template (a review app's page); empty: the default. */
export interface TemplateLink {
  key: string;
  label: { en: string; ru: string };
  /** What the default links to, for the field's help. */
  help: { en: string; ru: string };
  /** A link, or one filled when the message goes ({{product_url}}). */
  default: string;
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
  links?: TemplateLink[];
  build(
    params: Record<string, number>,
    links?: Record<string, string>,
  ): ScenarioDefinitionInput;
}

/**
 * The template's links as given (trimmed; empty or absent: the default), each held to the app's
 * safe-url rule; the refused ones by key, with the rule's words.
 */
export function resolveLinks(
  template: Template,
  given: Record<string, unknown> = {},
):
  | { ok: true; links: Record<string, string> }
  | { ok: false; errors: { key: string; message: string }[] } {
  const links: Record<string, string> = {};
  const errors: { key: string; message: string }[] = [];
  for (const link of template.links ?? []) {
    const value = given[link.key];
    const text = typeof value === "string" ? value.trim() : "";
    if (!text) links[link.key] = link.default;
    else if (safeUrl(text) || isLinkPlaceholder(text)) links[link.key] = text;
    else errors.push({ key: link.key, message: UNSAFE_URL_MESSAGE });
  }
  return errors.length ? { ok: false, errors } : { ok: true, links };
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
