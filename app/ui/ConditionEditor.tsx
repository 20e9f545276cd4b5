// A condition's editor (a condition step's, or who enters): any fact of the model with its value,
// and / or groups nested at will. Edits are scenarios/editor/conditions.ts's; inputs are named by
// their definition path, so a server error lands on the input that produced it.
import {
  BlockStack,
  Box,
  Button,
  InlineStack,
  Select,
  TextField,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import {
  addFact,
  defaultFact,
  FACT_TYPES,
  nestPart,
  removePart,
  setGroupKind,
  type FactType,
  type GroupKind,
} from "../scenarios/editor/conditions";
import { getAt, setAt } from "../scenarios/editor/form";
import { PageType, type Condition, type Fact } from "../scenarios/model";
import { useT } from "./i18n";
import { NumberField, type EditorContext } from "./fields";
import { conditionWords as conditionWordsDictionary } from "./words/conditions";

export function ConditionEditor(props: {
  ctx: EditorContext;
  path: string;
  condition: Condition;
  /** Absent where a condition can't be removed (a condition step needs one). */
  onRemove?: () => void;
}): ReactNode {
  const { ctx, path, condition } = props;
  const w = useT(conditionWordsDictionary);
  const set = (next: Condition) => ctx.set(setAt(ctx.form, path, next));
  if ("all" in condition || "any" in condition) {
    const kind: GroupKind = "all" in condition ? "all" : "any";
    const parts = "all" in condition ? condition.all : condition.any;
    return (
      <Box
        padding="300"
        borderWidth="025"
        borderColor="border"
        borderRadius="200"
      >
        <BlockStack gap="300">
          <Select
            id={`${path}.kind`}
            label={w("groupLabel")}
            value={kind}
            options={[
              { value: "all", label: w("all") },
              { value: "any", label: w("any") },
            ]}
            onChange={(v) => set(setGroupKind(condition, v as GroupKind))}
          />
          {parts.map((part, i) => (
            <BlockStack key={i} gap="100">
              <ConditionEditor
                ctx={ctx}
                path={`${path}.${kind}.${i}`}
                condition={part}
                onRemove={() => set(removePart(condition, i))}
              />
              {!("all" in part || "any" in part) && (
                <InlineStack>
                  <Button
                    variant="plain"
                    onClick={() =>
                      set(nestPart(condition, i, defaultFact("email_known")))
                    }
                  >
                    {w(kind === "all" ? "nestAny" : "nestAll")}
                  </Button>
                </InlineStack>
              )}
            </BlockStack>
          ))}
          <InlineStack gap="300">
            <Button
              onClick={() =>
                set(addFact(condition, defaultFact("email_known")))
              }
            >
              {w("add")}
            </Button>
            {props.onRemove && (
              <Button variant="plain" tone="critical" onClick={props.onRemove}>
                {w("removeGroup")}
              </Button>
            )}
          </InlineStack>
        </BlockStack>
      </Box>
    );
  }
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <Box minWidth="45%">
          <Select
            id={`${path}.type`}
            label={w("factLabel")}
            value={condition.type}
            options={FACT_TYPES.map((type) => ({
              value: type,
              label: w(`fact_${type}`),
            }))}
            onChange={(v) => set(defaultFact(v as FactType))}
          />
        </Box>
        <Box minWidth="40%">
          <FactValue ctx={ctx} path={path} fact={condition} />
        </Box>
        {props.onRemove && (
          <Button
            variant="plain"
            tone="critical"
            onClick={props.onRemove}
            accessibilityLabel={w("removeFact", {
              fact: w(`fact_${condition.type}`),
            })}
          >
            {w("remove")}
          </Button>
        )}
      </InlineStack>
      {!props.onRemove && (
        <InlineStack>
          <Button
            variant="plain"
            onClick={() => set(addFact(condition, defaultFact("email_known")))}
          >
            {w("add")}
          </Button>
        </InlineStack>
      )}
    </BlockStack>
  );
}

function FactValue(props: {
  ctx: EditorContext;
  path: string;
  fact: Fact;
}): ReactNode {
  const { ctx, path, fact } = props;
  const w = useT(conditionWordsDictionary);
  const set = (key: string, value: unknown) =>
    ctx.set(setAt(ctx.form, `${path}.${key}`, value));
  switch (fact.type) {
    case "cart_total_below":
    case "cart_total_at_least":
      return (
        <NumberField ctx={ctx} path={`${path}.amount`} label={w("amount")} />
      );
    case "visits_at_least":
      return (
        <NumberField ctx={ctx} path={`${path}.count`} label={w("count")} />
      );
    case "page_type":
      return (
        <Select
          id={`${path}.is`}
          label={w("page")}
          value={fact.is}
          options={PageType.options.map((p) => ({
            value: p,
            label: w(`page_${p}`),
          }))}
          onChange={(v) => set("is", v)}
        />
      );
    case "customer_tag":
      return (
        <TextField
          id={`${path}.tag`}
          label={w("tag")}
          autoComplete="off"
          value={String(getAt(ctx.form, `${path}.tag`) ?? "")}
          onChange={(v) => set("tag", v)}
          error={ctx.errors[`${path}.tag`]}
        />
      );
    default:
      return (
        <InlineStack gap="200" wrap={false}>
          <Select
            id={`${path}.is`}
            label={w("is")}
            value={fact.is ? "yes" : "no"}
            options={[
              { value: "yes", label: w("yes") },
              { value: "no", label: w("no") },
            ]}
            onChange={(v) => set("is", v === "yes")}
          />
          {fact.type === "has_ordered" && (
            <Select
              id={`${path}.since`}
              label={w("since")}
              value={fact.since}
              options={[
                { value: "ever", label: w("since_ever") },
                { value: "trigger", label: w("since_trigger") },
              ]}
              onChange={(v) => set("since", v)}
            />
          )}
        </InlineStack>
      );
  }
}
