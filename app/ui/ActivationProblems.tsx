// What stops the saved version from being activated, each where it is: a step by its label, a
// setting by its name. Merchants read words, not field paths.
import { Banner, List } from "@shopify/polaris";
import { stepIndexOfField } from "../scenarios/editor/form";
import { errorWords } from "../scenarios/editor/messages";
import type { DefinitionError, ScenarioDefinition } from "../scenarios/model";
import type { Locale, Translate } from "./i18n";
import { stepLabel } from "./path-words";
import type { ScenarioWords } from "./words/scenario";

const SETTINGS: Record<string, keyof ScenarioWords> = {
  trigger: "trigger",
  entry: "entry",
  rolloutPercent: "rollout",
  reentryCooldown: "cooldown",
  goal: "goal",
};

export function ActivationProblems(props: {
  errors: DefinitionError[];
  definition: ScenarioDefinition;
  locale: Locale;
  t: Translate<ScenarioWords>;
}) {
  const { errors, definition, locale, t } = props;
  const where = (field: string) => {
    const index = stepIndexOfField(field);
    if (index !== null) {
      const found = definition.steps[index];
      return found ? stepLabel(found, locale, t) : "";
    }
    const setting = SETTINGS[field.split(".")[0] ?? ""];
    return setting ? t(setting) : "";
  };
  return (
    <Banner tone="critical" title={t("cannotActivate")}>
      <List>
        {errors.map((e, i) => {
          const place = where(e.field);
          return (
            <List.Item key={i}>
              {place ? `${place} — ` : ""}
              {errorWords(e.message, locale)}
            </List.Item>
          );
        })}
      </List>
    </Banner>
  );
}
