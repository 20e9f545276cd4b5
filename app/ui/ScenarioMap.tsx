// A scenario's path as a drawn map (canvas/ScenarioCanvas.tsx) with who enters under it, the
// counts on the nodes on request, and the graph's problems marked on the steps they concern.
// Selecting a step opens its editor.
import { useFetcher } from "@remix-run/react";
import {
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  InlineStack,
  Text,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import type { NodeCounts } from "../analytics/node-counts.server";
import { graphIssues, type Edge as InsertAt } from "../scenarios/editor/graph";
import type { ScenarioDefinition } from "../scenarios/model";
import { ScenarioCanvas } from "./canvas/ScenarioCanvas";
import { useT, type Locale, type Translate } from "./i18n";
import { conditionWords } from "./path-words";
import { canvasWords } from "./words/canvas";
import type { ScenarioWords } from "./words/scenario";

export function ScenarioMap(props: {
  definition: ScenarioDefinition;
  locale: Locale;
  t: Translate<ScenarioWords>;
  selected: string | null;
  onSelect(stepId: string): void;
  /** Ids of the steps whose fields have errors. */
  withErrors: Set<string>;
  /** Where the figures on the nodes load from (app.scenarios.$id_.counts). */
  countsUrl: string;
  onInsert(at: InsertAt, edgeId: string): void;
  inserting: string | null;
  undo: (() => void) | null;
  redo: (() => void) | null;
}) {
  const { definition, locale, t, withErrors } = props;
  const w = useT(canvasWords);
  const [showCounts, setShowCounts] = useState(false);
  const counts = useFetcher<NodeCounts>();
  const { load } = counts;
  useEffect(() => {
    if (showCounts) load(props.countsUrl);
  }, [showCounts, props.countsUrl, load]);
  const issues = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const [id, list] of Object.entries(graphIssues(definition).byStep))
      for (const issue of list)
        out.set(id, [
          ...(out.get(id) ?? []),
          w(`issue_${issue.code as "unreachable" | "loop" | "dead_end"}`),
        ]);
    for (const id of withErrors)
      out.set(id, [t("hasError"), ...(out.get(id) ?? [])]);
    return out;
  }, [definition, withErrors, t, w]);
  const figures = showCounts ? (counts.data ?? null) : null;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("pathTitle")}
          </Text>
          <InlineStack gap="300" blockAlign="center">
            <ButtonGroup variant="segmented">
              <Button
                disabled={!props.undo}
                onClick={() => props.undo?.()}
                accessibilityLabel={`${w("undo")} (Ctrl+Z)`}
              >
                {w("undo")}
              </Button>
              <Button
                disabled={!props.redo}
                onClick={() => props.redo?.()}
                accessibilityLabel={`${w("redo")} (Ctrl+Shift+Z)`}
              >
                {w("redo")}
              </Button>
            </ButtonGroup>
            <Checkbox
              label={w("showCounts")}
              checked={showCounts}
              onChange={setShowCounts}
            />
          </InlineStack>
        </InlineStack>
        <Text as="p" tone="subdued">
          {showCounts
            ? counts.state === "loading" && !counts.data
              ? w("countsLoading")
              : w("countsPeriod", { days: counts.data?.days ?? 30 })
            : t("pathHint")}
        </Text>
        <ScenarioCanvas
          definition={definition}
          locale={locale}
          t={t}
          w={w}
          selected={props.selected}
          onSelect={props.onSelect}
          issues={issues}
          counts={figures}
          onInsert={props.onInsert}
          inserting={props.inserting}
        />
        <Text as="p">
          <b>{t("entry")}:</b>{" "}
          {definition.entry
            ? conditionWords(definition.entry, t)
            : t("everyone")}
        </Text>
      </BlockStack>
    </Card>
  );
}
