// The words a scenario's path is drawn with: a condition, the way a path leaves a step (yes / no,
// event / timeout, a variant), and a step's line with a message's first words to tell sends apart.
import type { Condition, Step } from "../scenarios/model";
import type { OutlineVia } from "../scenarios/outline/outline";
import type { Locale, Translate } from "./i18n";
import { stepWords } from "./model-words";
import type { ScenarioWords } from "./words/scenario";

export function conditionWords(
  condition: Condition,
  t: Translate<ScenarioWords>,
): string {
  if ("all" in condition)
    return condition.all.map((c) => conditionWords(c, t)).join(t("and"));
  if ("any" in condition)
    return condition.any.map((c) => conditionWords(c, t)).join(t("or"));
  const values = Object.fromEntries(
    Object.entries(condition).map(([k, v]) => [
      k,
      typeof v === "boolean" ? t(v ? "yes" : "no") : String(v),
    ]),
  );
  return t(`fact_${condition.type}`, values);
}

export function viaWords(via: OutlineVia, t: Translate<ScenarioWords>): string {
  return typeof via === "string"
    ? t(`via_${via}`)
    : t("via_variant", { key: via.variant });
}

/** The line a step is drawn with: its words, and a send's English text to tell messages apart. */
export function stepLabel(
  step: Step,
  locale: Locale,
  t: Translate<ScenarioWords>,
): string {
  if (step.type === "branch")
    return `${stepWords(step, locale)}: ${conditionWords(step.condition, t)}`;
  if (step.type === "send") {
    const copy = step.message.body as
      Partial<Record<string, string>> | undefined;
    const body = copy?.[locale] || copy?.en || "";
    return `${stepWords(step, locale)}: “${body.length > 60 ? `${body.slice(0, 57)}…` : body}”`;
  }
  return stepWords(step, locale);
}
