// A scenario's path as the trigger map draws it: the trigger, who enters, then the steps in the
// order a contact meets them (outline()), forks indented under their way (yes / no, event /
// timeout, variants and holdout). Each step is a button: selecting it opens its editor.
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  InlineStack,
  Text,
} from "@shopify/polaris";
import type { Condition, ScenarioDefinition, Step } from "../scenarios/model";
import { outline, type OutlineVia } from "../scenarios/outline/outline";
import type { Locale, Translate } from "./i18n";
import { stepWords, triggerWords } from "./model-words";
import type { ScenarioWords } from "./words/scenario";

const INDENT = ["0", "600", "1200", "1600", "2400", "3200"] as const;

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

export function ScenarioMap(props: {
  definition: ScenarioDefinition;
  locale: Locale;
  t: Translate<ScenarioWords>;
  selected: string | null;
  onSelect(stepId: string): void;
  /** Ids of the steps whose fields have errors. */
  withErrors: Set<string>;
}) {
  const { definition, locale, t } = props;
  const names = new Map(
    definition.steps.map((s) => [s.id, stepLabel(s, locale, t)]),
  );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {t("pathTitle")}
          </Text>
          <Text as="span" tone="subdued">
            {t("pathHint")}
          </Text>
        </InlineStack>
        <Box padding="200" background="bg-surface-secondary" borderRadius="200">
          <Text as="p">
            <b>{t("trigger")}:</b> {triggerWords(definition.trigger, locale)}
          </Text>
          <Text as="p">
            <b>{t("entry")}:</b>{" "}
            {definition.entry
              ? conditionWords(definition.entry, t)
              : t("everyone")}
          </Text>
        </Box>
        <BlockStack gap="100" as="ol">
          {outline(definition).map((item, i) => (
            <Box
              as="li"
              key={i}
              paddingInlineStart={
                INDENT[Math.min(item.depth, INDENT.length - 1)]
              }
            >
              {item.kind === "holdout" ? (
                <Text as="span" tone="subdued">
                  {t("holdout", { percent: item.percent })}
                </Text>
              ) : (
                <InlineStack gap="200" blockAlign="center" wrap={false}>
                  {item.via !== null && (
                    <Badge tone="info">{viaWords(item.via, t)}</Badge>
                  )}
                  {item.kind === "jump" ? (
                    <Text as="span" tone="subdued">
                      {t("jump", { step: names.get(item.to) ?? item.to })}
                    </Text>
                  ) : (
                    <>
                      <Button
                        variant={
                          props.selected === item.step.id
                            ? "primary"
                            : "secondary"
                        }
                        textAlign="left"
                        onClick={() => props.onSelect(item.step.id)}
                        accessibilityLabel={names.get(item.step.id)}
                        id={`map-step-${item.step.id}`}
                      >
                        {names.get(item.step.id)}
                      </Button>
                      {props.withErrors.has(item.step.id) && (
                        <Badge tone="critical">{t("hasError")}</Badge>
                      )}
                    </>
                  )}
                </InlineStack>
              )}
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
