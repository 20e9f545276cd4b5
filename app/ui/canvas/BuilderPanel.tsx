// The builder's side of the panel: the blocks a "+" on the map can add, and a selected step's
// delete (a branching step keeps the way the merchant chooses) and move. Each edit is one of
// scenarios/editor/graph.ts's pure functions; a refused one is never offered.
import {
  BlockStack,
  Button,
  Card,
  ChoiceList,
  InlineStack,
  Select,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import {
  deleteStep,
  moveStep,
  needsPathChoice,
  portsOf,
  setTarget,
  targetOf,
  targetsFor,
  type Port,
} from "../../scenarios/editor/graph";
import { viaOf } from "../../scenarios/editor/flow";
import {
  Step as StepSchema,
  type ScenarioDefinition,
  type StepType,
} from "../../scenarios/model";
import type { Locale, Translate } from "../i18n";
import { stepLabel, viaWords } from "../path-words";
import type { CanvasWords } from "../words/canvas";
import type { ScenarioWords } from "../words/scenario";

const KINDS = StepSchema.options.map((o) => o.shape.type.value) as StepType[];

export function AddStep(props: {
  w: Translate<CanvasWords>;
  onAdd(kind: StepType): void;
  onCancel(): void;
}) {
  const { w } = props;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {w("addTitle")}
        </Text>
        <Text as="p" tone="subdued">
          {w("addHelp")}
        </Text>
        {KINDS.map((kind) => (
          <InlineStack key={kind} gap="300" blockAlign="center" wrap={false}>
            <Button onClick={() => props.onAdd(kind)} id={`add-${kind}`}>
              {w(`kind_${kind}`)}
            </Button>
            <Text as="span" tone="subdued">
              {w(`about_${kind}`)}
            </Text>
          </InlineStack>
        ))}
        <InlineStack>
          <Button variant="plain" onClick={props.onCancel}>
            {w("cancel")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export function StepActions(props: {
  definition: ScenarioDefinition;
  stepId: string;
  locale: Locale;
  t: Translate<ScenarioWords>;
  w: Translate<CanvasWords>;
  onChange(definition: ScenarioDefinition, select: string | null): void;
}) {
  const { definition, stepId, locale, t, w } = props;
  const step = definition.steps.find((s) => s.id === stepId);
  const [keep, setKeep] = useState<Port | null>(null);
  if (!step) return null;
  const ways = needsPathChoice(step) ? portsOf(step) : [];
  const wayWords = (port: Port) => {
    const via = viaOf(port);
    return via === null ? "" : viaWords(via, t);
  };
  const deletion = deleteStep(definition, stepId, keep ?? ways[0]);
  const up = moveStep(definition, stepId, "up");
  const down = moveStep(definition, stepId, "down");
  const remove = () => {
    const result = deleteStep(definition, stepId, keep ?? undefined);
    if (result.ok) props.onChange(result.definition, null);
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {w("stepActions")}
        </Text>
        {portsOf(step).map((port) => {
          const current = targetOf(step, port);
          const options = targetsFor(definition, stepId);
          if (current && !options.some((o) => o.id === current))
            options.push(definition.steps.find((o) => o.id === current)!);
          return (
            <Select
              key={port}
              id={`way-${stepId}-${port}`}
              label={
                port === "next"
                  ? w("leadsTo")
                  : w("wayLeadsTo", { way: wayWords(port) })
              }
              value={current ?? ""}
              options={[
                { value: "", label: w("endHere") },
                ...options.map((o) => ({
                  value: o.id,
                  label: stepLabel(o, locale, t),
                })),
              ]}
              onChange={(value) => {
                const result = setTarget(
                  definition,
                  { from: stepId, port },
                  value || null,
                );
                if (result.ok) props.onChange(result.definition, stepId);
              }}
            />
          );
        })}
        <InlineStack gap="200">
          <Button
            disabled={!up.ok}
            onClick={() => up.ok && props.onChange(up.definition, stepId)}
          >
            {w("moveUp")}
          </Button>
          <Button
            disabled={!down.ok}
            onClick={() => down.ok && props.onChange(down.definition, stepId)}
          >
            {w("moveDown")}
          </Button>
        </InlineStack>
        {ways.length > 0 && deletion.ok && (
          <ChoiceList
            title={w("deleteKeep")}
            choices={ways.map((port) => ({
              label: w("keepWay", { way: wayWords(port) }),
              value: port,
            }))}
            selected={keep ? [keep] : []}
            onChange={([value]) => setKeep((value as Port) ?? null)}
          />
        )}
        {deletion.ok ? (
          <InlineStack>
            <Button
              tone="critical"
              disabled={ways.length > 0 && !keep}
              onClick={remove}
            >
              {w("delete")}
            </Button>
          </InlineStack>
        ) : (
          <Text as="p" tone="subdued">
            {w("lastStep")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
