// The scenario page's editors: the scenario's own settings and the selected step's fields. Every
// input is named by its definition path (`steps.4.message.body.en`), which is also the field the
// server's validation names, so an error shows on the input that produced it.
export type { EditorContext } from "./fields";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineError,
  InlineStack,
  Link,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import {
  addChannel,
  getAt,
  moveChannel,
  removeChannel,
  setAt,
  toggleGoalEvent,
} from "../scenarios/editor/form";
import { variantSplitOf } from "../scenarios/editor/variants";
import {
  Channel,
  Duration,
  Message,
  TriggerEvent,
  type Step,
} from "../scenarios/model";
import { CHANNEL_WORDS, EVENT_WORDS, stepWords } from "./model-words";
import { ConditionEditor } from "./ConditionEditor";
import { TriggerEditor } from "./TriggerEditor";
import { NumberField, text, type EditorContext } from "./fields";
import { MessagePreview } from "./MessagePreview";

function TextInput({
  ctx,
  path,
  label,
  multiline,
  helpText,
}: {
  ctx: EditorContext;
  path: string;
  label: string;
  multiline?: boolean;
  helpText?: ReactNode;
}) {
  return (
    <TextField
      id={path}
      label={label}
      autoComplete="off"
      multiline={multiline ? 3 : undefined}
      value={text(getAt(ctx.form, path))}
      helpText={helpText}
      onChange={(v) => ctx.set(setAt(ctx.form, path, v))}
      error={ctx.errors[path]}
    />
  );
}

export function DurationField({
  ctx,
  path,
  label,
}: {
  ctx: EditorContext;
  path: string;
  label: string;
}) {
  const { t } = ctx;
  const units = Duration.shape.unit.options.map((u) => ({
    value: u,
    label: t(`unit_${u}`),
  }));
  return (
    <InlineStack gap="200" blockAlign="end" wrap={false}>
      <NumberField ctx={ctx} path={`${path}.amount`} label={label} />
      <Select
        id={`${path}.unit`}
        label={t("unit")}
        labelHidden
        options={units}
        value={text(getAt(ctx.form, `${path}.unit`))}
        onChange={(v) => ctx.set(setAt(ctx.form, `${path}.unit`, v))}
        error={ctx.errors[`${path}.unit`]}
      />
    </InlineStack>
  );
}

export function ScenarioSettings({ ctx }: { ctx: EditorContext }) {
  const { t, form, locale } = ctx;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("settingsTitle")}
        </Text>
        <FormLayout>
          <TriggerEditor ctx={ctx} />
          <Checkbox
            id="testMode"
            label={t("testMode")}
            checked={form.testMode}
            onChange={(v) => ctx.set(setAt(form, "testMode", v))}
            helpText={
              <>
                {t("testModeHelp")}{" "}
                <Link url="/app/settings">{t("testContactsLink")}</Link>
              </>
            }
            error={ctx.errors.testMode}
          />
          <NumberField
            ctx={ctx}
            path="rolloutPercent"
            label={t("rollout")}
            helpText={t("rolloutHelp")}
          />
          <DurationField
            ctx={ctx}
            path="reentryCooldown"
            label={t("cooldown")}
          />
          <Text as="p" tone="subdued">
            {t("dailyCap")} <Link url="/app/settings">{t("dailyCapLink")}</Link>
          </Text>
          <BlockStack gap="100">
            <Text as="p">{t("goal")}</Text>
            <InlineStack gap="300">
              {TriggerEvent.options.map((event) => (
                <Checkbox
                  key={event}
                  label={EVENT_WORDS[event][locale]}
                  checked={form.goal.events.includes(event)}
                  onChange={(on) => ctx.set(toggleGoalEvent(form, event, on))}
                />
              ))}
            </InlineStack>
            {ctx.errors["goal.events"] && (
              <InlineError
                fieldID="goal.events"
                message={ctx.errors["goal.events"]}
              />
            )}
          </BlockStack>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

export interface StepActions {
  addVariantB(stepId: string): void;
  removeVariantB(splitId: string): void;
  /** The test-email form, for an email step (built by the page: it talks to the server). */
  testEmail(index: number): ReactNode;
}

export function StepEditor({
  ctx,
  index,
  actions,
}: {
  ctx: EditorContext;
  index: number;
  actions: StepActions;
}) {
  const step = ctx.form.steps[index]!;
  const base = `steps.${index}`;
  const { t } = ctx;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("stepTitle", { step: stepWords(step, ctx.locale) })}
          </Text>
          <Text as="p" tone="subdued">
            {t("stepId", { id: step.id })}
          </Text>
          {ctx.errors[base] && (
            <Banner tone="critical">{ctx.errors[base]}</Banner>
          )}
          <FormLayout>{stepFields(ctx, step, base, actions)}</FormLayout>
        </BlockStack>
      </Card>
      {step.type === "send" && (
        <SendExtras ctx={ctx} step={step} index={index} actions={actions} />
      )}
    </BlockStack>
  );
}

function stepFields(
  ctx: EditorContext,
  step: Step,
  base: string,
  actions: StepActions,
): ReactNode {
  const { t, locale } = ctx;
  switch (step.type) {
    case "wait":
      return (
        <DurationField
          ctx={ctx}
          path={`${base}.duration`}
          label={t("amount")}
        />
      );
    case "wait_until":
      return (
        <>
          <Select
            id={`${base}.event`}
            label={t("waitFor")}
            value={step.event}
            options={TriggerEvent.options.map((e) => ({
              value: e,
              label: EVENT_WORDS[e][locale],
            }))}
            onChange={(v) => ctx.set(setAt(ctx.form, `${base}.event`, v))}
            error={ctx.errors[`${base}.event`]}
          />
          <DurationField
            ctx={ctx}
            path={`${base}.timeout`}
            label={t("timeout")}
          />
        </>
      );
    case "wait_for_hours":
      return (
        <InlineStack gap="300">
          <NumberField ctx={ctx} path={`${base}.from`} label={t("fromHour")} />
          <NumberField ctx={ctx} path={`${base}.to`} label={t("toHour")} />
        </InlineStack>
      );
    case "branch":
      return (
        <ConditionEditor
          ctx={ctx}
          path={`${base}.condition`}
          condition={step.condition}
        />
      );
    case "split":
      return (
        <>
          {step.variants.map((v, i) => (
            <NumberField
              key={v.key}
              ctx={ctx}
              path={`${base}.variants.${i}.weight`}
              label={t("weight", { key: v.key })}
            />
          ))}
          {ctx.errors[`${base}.variants`] ? (
            <InlineError
              fieldID={`${base}.variants`}
              message={ctx.errors[`${base}.variants`]!}
            />
          ) : (
            <Text as="p" tone="subdued">
              {t("weightsHelp")}
            </Text>
          )}
          <NumberField
            ctx={ctx}
            path={`${base}.holdoutPercent`}
            label={t("holdoutPercent")}
            helpText={t("holdoutHelp")}
          />
          {step.variants.length === 2 && (
            <Button
              tone="critical"
              onClick={() => actions.removeVariantB(step.id)}
            >
              {t("removeVariantB")}
            </Button>
          )}
        </>
      );
    case "send":
      return <Copy ctx={ctx} base={base} step={step} />;
  }
}

function Copy({
  ctx,
  base,
  step,
}: {
  ctx: EditorContext;
  base: string;
  step: Extract<Step, { type: "send" }>;
}) {
  const { t } = ctx;
  const m = `${base}.message`;
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {t("copyTitle")}
      </Text>
      <Text as="p" tone="subdued">
        {t("englishRequired")} {t("placeholders")}
      </Text>
      {ctx.languages.map((lang) => {
        const name = lang === "en" || lang === "ru" ? t(`lang_${lang}`) : lang;
        return (
          <BlockStack gap="200" key={lang}>
            <TextInput
              ctx={ctx}
              path={`${m}.title.${lang}`}
              label={t("titleLabel", { lang: name })}
            />
            <TextInput
              ctx={ctx}
              path={`${m}.body.${lang}`}
              label={t("bodyLabel", { lang: name })}
              multiline
            />
            <TextInput
              ctx={ctx}
              path={`${m}.cta.label.${lang}`}
              label={t("ctaLabel", { lang: name })}
            />
          </BlockStack>
        );
      })}
      <TextInput
        ctx={ctx}
        path={`${m}.cta.url`}
        label={t("ctaUrl")}
        helpText={t("ctaUrlHelp")}
      />
      <Select
        id={`${m}.content`}
        label={t("contentLabel")}
        value={step.message.content}
        options={Message.shape.content.unwrap().options.map((kind) => ({
          value: kind,
          label: t(`content_${kind}`),
        }))}
        onChange={(v) => ctx.set(setAt(ctx.form, `${m}.content`, v))}
        error={ctx.errors[`${m}.content`]}
      />
      <Checkbox
        id={`${m}.discount`}
        label={t("discountOffer")}
        checked={!!step.message.discount}
        onChange={(on) =>
          ctx.set(
            setAt(
              ctx.form,
              `${m}.discount`,
              on ? { percent: 10, validDays: 14 } : undefined,
            ),
          )
        }
      />
      {step.message.discount && (
        <InlineStack gap="300">
          <NumberField
            ctx={ctx}
            path={`${m}.discount.percent`}
            label={t("discountPercent")}
            suffix="%"
          />
          <NumberField
            ctx={ctx}
            path={`${m}.discount.validDays`}
            label={t("validDays")}
          />
        </InlineStack>
      )}
      {ctx.errors[`${m}.discount`] && (
        <InlineError
          fieldID={`${m}.discount`}
          message={ctx.errors[`${m}.discount`]!}
        />
      )}
      <Checkbox
        id={`${base}.marketing`}
        label={t("marketingLabel")}
        helpText={t("marketingHelp")}
        checked={step.marketing}
        onChange={(on) => ctx.set(setAt(ctx.form, `${base}.marketing`, on))}
      />
    </BlockStack>
  );
}

function SendExtras({
  ctx,
  step,
  index,
  actions,
}: {
  ctx: EditorContext;
  step: Extract<Step, { type: "send" }>;
  index: number;
  actions: StepActions;
}) {
  const { t, locale, form } = ctx;
  const path = `steps.${index}.channels`;
  const missing = Channel.options.filter((c) => !step.channels.includes(c));
  const split = variantSplitOf(form, step.id);
  return (
    <>
      <Card>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("channels")}
          </Text>
          {step.channels.map((c, i) => {
            const name = CHANNEL_WORDS[c][locale];
            return (
              <InlineStack key={c} gap="200" blockAlign="center">
                <Box minWidth="160px">
                  <Text as="span">
                    {i + 1}. {name}
                  </Text>
                </Box>
                <Button
                  size="slim"
                  disabled={i === 0}
                  onClick={() => ctx.set(moveChannel(form, index, i, i - 1))}
                  accessibilityLabel={t("moveUp", { channel: name })}
                >
                  ↑
                </Button>
                <Button
                  size="slim"
                  disabled={i === step.channels.length - 1}
                  onClick={() => ctx.set(moveChannel(form, index, i, i + 1))}
                  accessibilityLabel={t("moveDown", { channel: name })}
                >
                  ↓
                </Button>
                <Button
                  size="slim"
                  tone="critical"
                  variant="plain"
                  onClick={() => ctx.set(removeChannel(form, index, c))}
                >
                  {t("remove", { channel: name })}
                </Button>
              </InlineStack>
            );
          })}
          {ctx.errors[path] && (
            <InlineError fieldID={path} message={ctx.errors[path]!} />
          )}
          {missing.length > 0 && (
            <InlineStack gap="200">
              {missing.map((c) => (
                <Button
                  key={c}
                  size="slim"
                  onClick={() => ctx.set(addChannel(form, index, c))}
                >{`${t("add")}: ${CHANNEL_WORDS[c][locale]}`}</Button>
              ))}
            </InlineStack>
          )}
        </BlockStack>
      </Card>
      <StepPreview key={step.id} ctx={ctx} step={step} />
      <Card>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("abTitle")}
          </Text>
          {split ? (
            <Text as="p">
              {t("splitOf", {
                key: split.variants.find((v) => v.next === step.id)?.key ?? "",
              })}
            </Text>
          ) : (
            <>
              <Text as="p" tone="subdued">
                {t("abHelp")}
              </Text>
              <InlineStack>
                <Button onClick={() => actions.addVariantB(step.id)}>
                  {t("addVariantB")}
                </Button>
              </InlineStack>
            </>
          )}
        </BlockStack>
      </Card>
      {step.channels.includes("email") && actions.testEmail(index)}
    </>
  );
}

/** The step's message as typed, on the channel and in the language picked (the cascade's first and the admin's by default). */
function StepPreview({
  ctx,
  step,
}: {
  ctx: EditorContext;
  step: Extract<Step, { type: "send" }>;
}) {
  const { t, locale } = ctx;
  const [picked, setChannel] = useState<Channel>(step.channels[0]!);
  const channel = step.channels.includes(picked) ? picked : step.channels[0]!;
  const languages = ctx.languages.filter(
    (l): l is "en" | "ru" => l === "en" || l === "ru",
  );
  const [language, setLanguage] = useState<"en" | "ru">(
    languages.includes(locale) ? locale : "en",
  );
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          {t("previewTitle")}
        </Text>
        <InlineStack gap="300">
          <Select
            label={t("previewChannel")}
            value={channel}
            onChange={(v) => setChannel(v as Channel)}
            options={step.channels.map((c) => ({
              value: c,
              label: CHANNEL_WORDS[c][locale],
            }))}
          />
          {languages.length > 1 && (
            <Select
              label={t("previewLanguage")}
              value={language}
              onChange={(v) => setLanguage(v as "en" | "ru")}
              options={languages.map((l) => ({
                value: l,
                label: t(`lang_${l}`),
              }))}
            />
          )}
        </InlineStack>
        <MessagePreview
          message={step.message}
          channel={channel}
          marketing={step.marketing}
          language={language}
        />
      </BlockStack>
    </Card>
  );
}
