// The trigger and who enters, in the scenario settings: any trigger a merchant can build on
// (scenarios/editor/blank.ts), its own settings, and a condition on entry added or removed.
import { BlockStack, Button, Select } from "@shopify/polaris";
import { changeTrigger, TRIGGER_TYPES } from "../scenarios/editor/blank";
import { defaultFact } from "../scenarios/editor/conditions";
import { setAt } from "../scenarios/editor/form";
import { PageType, type Trigger } from "../scenarios/model";
import { ConditionEditor } from "./ConditionEditor";
import { NumberField, type EditorContext } from "./fields";
import { useT } from "./i18n";
import { triggerWords } from "./model-words";
import { conditionWords } from "./words/conditions";
import { triggerEditorWords } from "./words/trigger";

export function TriggerEditor({ ctx }: { ctx: EditorContext }) {
  const w = useT(triggerEditorWords);
  const c = useT(conditionWords);
  const { form, locale } = ctx;
  const trigger = form.trigger as Trigger;
  const setTrigger = (next: Trigger) => ctx.set(setAt(form, "trigger", next));
  return (
    <BlockStack gap="300">
      <Select
        id="trigger.type"
        label={w("trigger")}
        helpText={w("triggerHelp")}
        value={trigger.type}
        options={TRIGGER_TYPES.map((type) => ({
          value: type,
          label: triggerWords(changeTrigger(trigger, type), locale),
        }))}
        onChange={(type) =>
          setTrigger(changeTrigger(trigger, type as Trigger["type"]))
        }
        error={ctx.errors["trigger.type"] ?? ctx.errors.trigger}
      />
      {trigger.type === "site_visit" && (
        <>
          <Select
            id="trigger.visitor"
            label={w("visitor")}
            value={trigger.visitor}
            options={(["any", "first", "returning"] as const).map((v) => ({
              value: v,
              label: w(`visitor_${v}`),
            }))}
            onChange={(v) =>
              setTrigger({
                ...trigger,
                visitor: v as typeof trigger.visitor,
              })
            }
          />
          <NumberField
            ctx={ctx}
            path="trigger.minVisits"
            label={w("minVisits")}
            helpText={w("minVisitsHelp")}
          />
        </>
      )}
      {trigger.type === "page_viewed" && (
        <Select
          id="trigger.pageType"
          label={w("pageType")}
          value={trigger.pageType}
          options={PageType.options.map((p) => ({
            value: p,
            label: c(`page_${p}`),
          }))}
          onChange={(v) => setTrigger({ ...trigger, pageType: v as PageType })}
        />
      )}
      {"days" in trigger && (
        <>
          <NumberField
            ctx={ctx}
            path="trigger.days"
            label={ctx.t("triggerDays")}
          />
          <NumberField
            ctx={ctx}
            path="trigger.pastPerDay"
            label={w("pastPerDay")}
            helpText={w("pastPerDayHelp")}
          />
        </>
      )}
      {form.entry ? (
        <BlockStack gap="200">
          <ConditionEditor
            ctx={ctx}
            path="entry"
            condition={form.entry}
            onRemove={() => ctx.set({ ...form, entry: undefined })}
          />
        </BlockStack>
      ) : (
        <div>
          <Button
            id="add-entry"
            onClick={() =>
              ctx.set(setAt(form, "entry", defaultFact("email_known")))
            }
          >
            {w("addEntry")}
          </Button>
        </div>
      )}
    </BlockStack>
  );
}
