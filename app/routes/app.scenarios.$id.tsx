// The scenario page: its path drawn as the map draws it, the selected step's editor, the scenario's
// settings, the template's parameters; Save / Discard in App Bridge's save bar while edited.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  useFetcher,
  useLoaderData,
  useNavigate,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { SaveBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import {
  startTransition,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { z } from "zod";
import db from "../db.server";
import {
  errorsByField,
  fromForm,
  stepIndexOfField,
  toForm,
  type EditorForm,
} from "../scenarios/editor/form";
import { errorWords } from "../scenarios/editor/messages";
import { addVariantB, removeVariantB } from "../scenarios/editor/variants";
import type { DefinitionError, ScenarioDefinition } from "../scenarios/model";
import {
  templateByKey,
  type TemplateLink,
  type TemplateParameter,
} from "../scenarios/templates";
import { authenticate } from "../shopify.server";
import {
  changeStatus,
  loadScenarioForEditing,
  rebuildFromTemplate,
  saveScenarioDefinition,
  sendTestMessage,
  type ScenarioForEditing,
} from "../admin/scenario-editor.server";
import { emailFailureIn } from "../ui/words/email-failures";
import { scenarioWords, type ScenarioWords } from "../ui/words/scenario";
import { pick, useLocale, useT, type Locale, type Translate } from "../ui/i18n";
import { ScenarioMap } from "../ui/ScenarioMap";
import { ActivationProblems } from "../ui/ActivationProblems";
import { AddStep, StepActions } from "../ui/canvas/BuilderPanel";
import {
  deleteScenario,
  duplicateScenario,
} from "../admin/scenario-copies.server";
import { canvasWords } from "../ui/words/canvas";
import {
  canRedo,
  canUndo,
  history,
  insertStep,
  newStep,
  push,
  replace,
  redo,
  undo,
  type Edge as InsertAt,
} from "../scenarios/editor/graph";
import canvasStyles from "../ui/canvas/canvas.css";
import reactFlowStyles from "@xyflow/react/dist/style.css";
import {
  ScenarioSettings,
  StepEditor,
  type EditorContext,
} from "../ui/ScenarioStepEditor";

export const links = () => [
  { rel: "stylesheet", href: reactFlowStyles },
  { rel: "stylesheet", href: canvasStyles },
];

// A deleted scenario's page is left at once: its loader would only answer 404.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  actionResult,
  defaultShouldRevalidate,
}) =>
  (actionResult as ActionResult | undefined)?.intent === "delete" &&
  (actionResult as ActionResult).ok
    ? false
    : defaultShouldRevalidate;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const scenario = await loadScenarioForEditing(
    db,
    session.shop,
    params.id ?? "",
  );
  if (!scenario) throw new Response("No such scenario", { status: 404 });
  return { scenario };
};

const Body = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    definition: z.unknown(),
    baseVersion: z.number().int(),
  }),
  z.object({
    intent: z.literal("rebuild"),
    parameters: z.record(z.string(), z.unknown()),
    baseVersion: z.number().int(),
  }),
  z.object({
    intent: z.literal("status"),
    status: z.enum(["ACTIVE", "PAUSED"]),
  }),
  z.object({ intent: z.literal("duplicate"), name: z.string().max(200) }),
  z.object({ intent: z.literal("delete") }),
  z.object({
    intent: z.literal("test"),
    message: z.unknown(),
    marketing: z.boolean(),
    to: z.string(),
    field: z.string().max(100),
  }),
]);

type ActionResult = {
  intent: string;
  ok: boolean;
  /** Where to go next: the copy made, or the list after a delete. */
  goTo?: string;
  version?: number;
  unpublished?: true;
  unfinished?: DefinitionError[];
  to?: string;
  errors?: DefinitionError[];
};

export const action = async ({
  request,
  params,
}: ActionFunctionArgs): Promise<ActionResult> => {
  const { session, admin } = await authenticate.admin(request);
  const body = Body.safeParse(await request.json().catch(() => null));
  if (!body.success)
    return {
      intent: "invalid",
      ok: false,
      errors: [{ field: "", message: "the request was not understood" }],
    };
  const id = params.id ?? "";
  const input = body.data;
  switch (input.intent) {
    case "save":
      return {
        intent: input.intent,
        ...(await saveScenarioDefinition(
          db,
          admin.graphql,
          session.shop,
          id,
          input.definition,
          input.baseVersion,
        )),
      };
    case "rebuild":
      return {
        intent: input.intent,
        ...(await rebuildFromTemplate(
          db,
          admin.graphql,
          session.shop,
          id,
          input.parameters,
          input.baseVersion,
        )),
      };
    case "status":
      return {
        intent: input.intent,
        ...(await changeStatus(
          db,
          admin.graphql,
          session.shop,
          id,
          input.status,
        )),
      };
    case "duplicate": {
      const made = await duplicateScenario(db, session.shop, id, input.name);
      return made.ok
        ? { intent: input.intent, ok: true, goTo: `/app/scenarios/${made.id}` }
        : { intent: input.intent, ok: false };
    }
    case "delete": {
      const done = await deleteScenario(db, session.shop, id);
      return done.ok
        ? { intent: input.intent, ok: true, goTo: "/app/scenarios" }
        : { intent: input.intent, ok: false };
    }
    case "test":
      return {
        intent: input.intent,
        ...(await sendTestMessage(db, session.shop, input)),
      };
  }
};

type Loaded = Omit<ScenarioForEditing, "definition"> & {
  definition: ScenarioDefinition;
};

const worded = (errors: DefinitionError[], locale: Locale) =>
  errors.map((e) => ({ ...e, message: errorWords(e.message, locale) }));

export default function ScenarioPage() {
  const data = useLoaderData<typeof loader>();
  const scenario = data.scenario as unknown as Loaded;
  const t = useT(scenarioWords);
  const locale = useLocale();
  const shopify = useAppBridge();
  const save = useFetcher<ActionResult>();
  const status = useFetcher<ActionResult>();
  const [discards, setDiscards] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [rawErrors, setErrors] = useState<DefinitionError[]>([]);
  const errors = useMemo(() => worded(rawErrors, locale), [rawErrors, locale]);
  const [dirty, setDirty] = useState(false);
  const lifecycle = useFetcher<ActionResult>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const navigate = useNavigate();
  useEffect(() => {
    if (lifecycle.state !== "idle" || !lifecycle.data) return;
    if (!lifecycle.data.ok || !lifecycle.data.goTo) {
      shopify.toast.show(
        t(
          lifecycle.data.intent === "delete"
            ? "deleteFailed"
            : "duplicateFailed",
        ),
        { isError: true },
      );
      return;
    }
    shopify.toast.show(
      t(lifecycle.data.intent === "delete" ? "deleted" : "duplicated"),
    );
    navigate(lifecycle.data.goTo);
  }, [lifecycle.state, lifecycle.data]);

  useEffect(() => {
    if (save.state !== "idle" || !save.data) return;
    if (save.data.ok) {
      setErrors([]);
      shopify.toast.show(
        t(
          save.data.intent === "rebuild"
            ? "rebuilt"
            : save.data.unfinished
              ? "savedDraft"
              : "saved",
          { version: save.data.version ?? "" },
        ),
      );
      if (save.data.unpublished)
        shopify.toast.show(t("unpublished"), { isError: true });
    } else setErrors(save.data.errors ?? []);
    // Only a new answer counts, not a new translator.
  }, [save.state, save.data]);
  useEffect(() => {
    if (status.state === "idle" && status.data?.ok)
      shopify.toast.show(
        t(scenario.status === "ACTIVE" ? "activated" : "paused"),
      );
  }, [status.state, status.data]);

  const template = scenario.templateKey
    ? templateByKey(scenario.templateKey)
    : undefined;
  const title = template ? pick(template.name, locale) : scenario.name;
  const statusErrors =
    status.state === "idle" && status.data && !status.data.ok
      ? (status.data.errors ?? [])
      : [];
  // The app's banner already names the one problem of the current version (no field to point at).
  const reasonSaysItAll =
    scenario.status === "PAUSED" &&
    scenario.pausedReason?.version === scenario.version &&
    scenario.errors.every((e) => !e.field);
  const activationProblems = statusErrors.length
    ? statusErrors
    : [
        ...(reasonSaysItAll ? [] : scenario.errors),
        ...(scenario.status === "ACTIVE" ? [] : scenario.unfinished),
      ];
  return (
    <Page
      backAction={{ content: t("listTitle"), url: "/app/scenarios" }}
      title={title}
      titleMetadata={
        <InlineStack gap="200">
          <Badge
            tone={
              scenario.status === "ACTIVE"
                ? "success"
                : scenario.status === "PAUSED"
                  ? "warning"
                  : undefined
            }
          >
            {t(`status_${scenario.status}`)}
          </Badge>
          <Badge>{t("version", { version: scenario.version })}</Badge>
        </InlineStack>
      }
      primaryAction={{
        content: scenario.status === "ACTIVE" ? t("pause") : t("activate"),
        loading: status.state !== "idle",
        onAction: () =>
          status.submit(
            {
              intent: "status",
              status: scenario.status === "ACTIVE" ? "PAUSED" : "ACTIVE",
            },
            { method: "post", encType: "application/json" },
          ),
      }}
      secondaryActions={[
        {
          content: t("simulate"),
          url: `/app/simulate?scenario=${scenario.id}`,
        },
        { content: t("analytics"), url: `/app/analytics/${scenario.id}` },
        {
          content: t("duplicate"),
          disabled: lifecycle.state !== "idle",
          onAction: () =>
            lifecycle.submit(
              {
                intent: "duplicate",
                name: t("copyName", { name: title }),
              },
              { method: "post", encType: "application/json" },
            ),
        },
        {
          content: t("deleteScenario"),
          destructive: true,
          onAction: () => setConfirmDelete(true),
        },
      ]}
    >
      <BlockStack gap="400">
        {confirmDelete && (
          <Banner
            tone="critical"
            title={t("deleteTitle", { name: title })}
            onDismiss={() => setConfirmDelete(false)}
          >
            <BlockStack gap="200">
              <Text as="p">
                {scenario.status === "ACTIVE"
                  ? t("deleteActive")
                  : t("deleteBody")}
              </Text>
              {scenario.status !== "ACTIVE" && (
                <InlineStack gap="200">
                  <Button
                    variant="primary"
                    tone="critical"
                    loading={lifecycle.state !== "idle"}
                    onClick={() =>
                      lifecycle.submit(
                        { intent: "delete" },
                        { method: "post", encType: "application/json" },
                      )
                    }
                  >
                    {t("deleteConfirm")}
                  </Button>
                  <Button onClick={() => setConfirmDelete(false)}>
                    {t("deleteKeep")}
                  </Button>
                </InlineStack>
              )}
            </BlockStack>
          </Banner>
        )}
        {scenario.status === "PAUSED" && scenario.pausedReason && (
          <UnreadableBanner
            t={t}
            reason={scenario.pausedReason}
            current={scenario.version}
            saving={save.state !== "idle"}
            onSaveAgain={
              // The version that cannot be read is the current one: saved again as this app writes it.
              scenario.pausedReason.version === scenario.version &&
              scenario.errors.length > 0 &&
              scenario.drawable
                ? () =>
                    save.submit(
                      {
                        intent: "save",
                        definition: fromForm(toForm(scenario.definition)),
                        baseVersion: scenario.version,
                      } as never,
                      { method: "post", encType: "application/json" },
                    )
                : undefined
            }
          />
        )}
        {activationProblems.length > 0 && (
          <ActivationProblems
            errors={activationProblems}
            definition={scenario.definition}
            locale={locale}
            t={t}
          />
        )}
        {/* A stored version too damaged to draw: the banners say why; a template's can be rebuilt below. */}
        {scenario.drawable && (
          <Editor
            key={`${scenario.id}:${scenario.version}:${discards}`}
            scenario={scenario}
            t={t}
            errors={errors}
            selected={selected}
            // A transition: the click paints at once, the step's editor and preview follow (INP).
            onSelect={(id: string | null) =>
              startTransition(() => setSelected(id))
            }
            onDirty={setDirty}
            saving={save.state !== "idle"}
            onSave={(form) =>
              save.submit(
                {
                  intent: "save",
                  definition: fromForm(form),
                  baseVersion: scenario.version,
                } as never,
                { method: "post", encType: "application/json" },
              )
            }
            onDiscard={() => {
              setErrors([]);
              setDiscards((n) => n + 1);
            }}
          />
        )}
        {template &&
          template.parameters.length + (template.links?.length ?? 0) > 0 && (
            <TemplateParameters
              key={scenario.version}
              t={t}
              dirty={dirty}
              parameters={template.parameters}
              current={scenario.parameterValues}
              links={template.links ?? []}
              currentLinks={scenario.linkValues}
              templateName={pick(template.name, locale)}
              errors={errorsByField(
                save.data?.intent === "rebuild" ? errors : [],
              )}
              onApply={(parameters) =>
                save.submit(
                  {
                    intent: "rebuild",
                    parameters,
                    baseVersion: scenario.version,
                  },
                  { method: "post", encType: "application/json" },
                )
              }
            />
          )}
      </BlockStack>
    </Page>
  );
}

/** The app paused the scenario: which version cannot be read, why, and what to do. */
function UnreadableBanner(props: {
  t: Translate<ScenarioWords>;
  reason: NonNullable<ScenarioForEditing["pausedReason"]>;
  current: number;
  saving: boolean;
  onSaveAgain?: () => void;
}) {
  const { t, reason } = props;
  const locale = useLocale();
  return (
    <Banner
      tone="warning"
      title={t("unreadableTitle", { version: reason.version })}
      action={
        props.onSaveAgain
          ? {
              content: t("saveAgain"),
              onAction: props.onSaveAgain,
              loading: props.saving,
            }
          : undefined
      }
    >
      <BlockStack gap="200">
        <Text as="p">{pick(reason.words, locale)}</Text>
        <Text as="p">
          {reason.version === props.current
            ? t("unreadableFix")
            : t("unreadableOld", { version: reason.version })}
        </Text>
      </BlockStack>
    </Banner>
  );
}

function Editor(props: {
  scenario: Loaded;
  t: Translate<ScenarioWords>;
  errors: DefinitionError[];
  selected: string | null;
  onSelect(id: string | null): void;
  onDirty(dirty: boolean): void;
  saving: boolean;
  onSave(form: EditorForm): void;
  onDiscard(): void;
}) {
  const { scenario, t, errors } = props;
  const locale = useLocale();
  const initial = useMemo(
    () => toForm(scenario.definition),
    [scenario.definition],
  );
  const [edits, setEdits] = useState(() => history(initial));
  const form = edits.present;
  // Typing in a field is one undo step per pause, not one per keystroke.
  const lastTyped = useRef(0);
  const setForm = useCallback((next: EditorForm) => {
    const now = Date.now();
    const typing = now - lastTyped.current < 1000;
    lastTyped.current = now;
    setEdits((h) =>
      typing && h.past.length > 0 ? replace(h, next) : push(h, next),
    );
  }, []);
  const [inserting, setInserting] = useState<{
    at: InsertAt;
    edgeId: string;
  } | null>(null);
  const w = useT(canvasWords);
  /** A change of shape: always its own undo step. */
  const structural = (next: EditorForm) => {
    lastTyped.current = 0;
    setEdits((h) => push(h, next));
  };
  // A transition, as a step's selection is: the click paints at once, the graph laid out again and
  // the new step's panel follow (INP; docs/PERFORMANCE.md).
  const reshape = (next: EditorForm, select: string | null) =>
    startTransition(() => {
      structural(next);
      setInserting(null);
      props.onSelect(select);
    });
  const travel = useCallback((to: "undo" | "redo") => {
    lastTyped.current = 0;
    setInserting(null);
    setEdits((h) => (to === "undo" ? undo(h) : redo(h)));
  }, []);
  useEffect(() => {
    // Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y), except in a field, which keeps its own undo.
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        !(e.ctrlKey || e.metaKey) ||
        target?.closest("input, textarea, select, [contenteditable]")
      )
        return;
      const key = e.key.toLowerCase();
      if (key === "z" || key === "y") {
        e.preventDefault();
        travel(key === "y" || e.shiftKey ? "redo" : "undo");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [travel]);
  const dirty = useMemo(
    () => JSON.stringify(form) !== JSON.stringify(initial),
    [form, initial],
  );
  const fieldErrors = useMemo(() => errorsByField(errors), [errors]);
  const { onDirty } = props;
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  const withErrors = useMemo(
    () =>
      new Set(
        errors.flatMap((e) => {
          const i = stepIndexOfField(e.field);
          return i === null || !form.steps[i] ? [] : [form.steps[i]!.id];
        }),
      ),
    [errors, form.steps],
  );

  // A refused save opens the first step that needs fixing, unless the open one does.
  useEffect(() => {
    const first = [...withErrors][0];
    if (first && !(props.selected && withErrors.has(props.selected)))
      props.onSelect(first);
  }, [errors]);

  const ctx: EditorContext = {
    form,
    set: setForm,
    errors: fieldErrors,
    t,
    locale,
    languages: scenario.languages,
  };
  const index = form.steps.findIndex((s) => s.id === props.selected);
  const stepErrors = errors.filter(
    (e) => e.field.startsWith("steps") || e.field === "" || e.field === "start",
  );
  return (
    <BlockStack gap="400">
      <SaveBar id="scenario-save-bar" open={dirty}>
        <button
          variant="primary"
          onClick={() => props.onSave(form)}
          disabled={props.saving}
        >
          {t("save")}
        </button>
        <button
          onClick={() => {
            setForm(initial);
            props.onDiscard();
          }}
        >
          {t("discard")}
        </button>
      </SaveBar>
      {errors.length > 0 && (
        <Banner tone="critical" title={t("notSaved")}>
          <List>
            {stepErrors.map((e, i) => {
              const step = stepIndexOfField(e.field);
              return (
                <List.Item key={i}>
                  {step !== null && form.steps[step]
                    ? `${form.steps[step]!.id}: `
                    : ""}
                  {e.message}
                </List.Item>
              );
            })}
          </List>
        </Banner>
      )}
      <Layout>
        <Layout.Section variant="oneHalf">
          <BlockStack gap="400">
            <ScenarioMap
              definition={form}
              locale={locale}
              t={t}
              selected={props.selected}
              onSelect={props.onSelect}
              withErrors={withErrors}
              countsUrl={`/app/scenarios/${scenario.id}/counts`}
              inserting={inserting?.edgeId ?? null}
              onInsert={(at, edgeId) => setInserting({ at, edgeId })}
              undo={canUndo(edits) ? () => travel("undo") : null}
              redo={canRedo(edits) ? () => travel("redo") : null}
            />
            <ScenarioSettings ctx={ctx} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          {inserting ? (
            <AddStep
              w={w}
              onCancel={() => setInserting(null)}
              onAdd={(kind) => {
                const step = newStep(kind, form);
                const result = insertStep(form, inserting.at, step);
                if (result.ok) reshape(result.definition, step.id);
              }}
            />
          ) : index >= 0 ? (
            <BlockStack gap="400">
              <StepActions
                key={props.selected}
                definition={form}
                stepId={props.selected!}
                locale={ctx.locale}
                t={t}
                w={w}
                onChange={reshape}
              />
              <StepEditor
                ctx={ctx}
                index={index}
                actions={{
                  addVariantB: (id) => structural(addVariantB(form, id)),
                  removeVariantB: (id) => {
                    const variantA = form.steps.find(
                      (s) => s.id === id && s.type === "split",
                    );
                    structural(removeVariantB(form, id));
                    if (variantA?.type === "split")
                      props.onSelect(variantA.variants[0]?.next ?? null);
                  },
                  testEmail: (i) => (
                    <TestEmail
                      t={t}
                      testContacts={scenario.testContacts}
                      form={form}
                      index={i}
                    />
                  ),
                }}
              />
            </BlockStack>
          ) : (
            <Card>
              <Text as="p" tone="subdued">
                {t("noStep")}
              </Text>
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </BlockStack>
  );
}

function TestEmail({
  t,
  testContacts,
  form,
  index,
}: {
  t: Translate<ScenarioWords>;
  testContacts: string[];
  form: EditorForm;
  index: number;
}) {
  const fetcher = useFetcher<ActionResult>();
  const [to, setTo] = useState(testContacts[0] ?? "");
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const locale = useLocale();
  // The provider's failure in our words for what went wrong (never the server's own), in the admin's language.
  const errors = errorsByField(
    worded(result?.errors ?? [], locale).map((e) => ({
      ...e,
      message: emailFailureIn(e.message, locale),
    })),
  );
  const send = () => {
    const step = (fromForm(form) as EditorForm).steps[index];
    if (step?.type !== "send") return;
    fetcher.submit(
      {
        intent: "test",
        message: step.message as never,
        marketing: step.marketing,
        to,
        field: `steps.${index}.message`,
      },
      { method: "post", encType: "application/json" },
    );
  };
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {t("testTitle")}
        </Text>
        {testContacts.length === 0 ? (
          <Text as="p">
            {t("noTestContacts")}{" "}
            <Link url="/app/settings">{t("settingsLink")}</Link>
          </Text>
        ) : (
          <>
            <Text as="p" tone="subdued">
              {t("testHelp")}
            </Text>
            <Select
              id="testTo"
              label={t("testTo")}
              options={testContacts}
              value={to}
              onChange={setTo}
              error={errors.testTo}
            />
            {result?.ok && (
              <Banner tone="success">
                {t("testSent", { to: result.to ?? to })}
              </Banner>
            )}
            {result && !result.ok && !errors.testTo && (
              <Banner tone="critical">
                {Object.values(errors).join("; ")}
              </Banner>
            )}
            <InlineStack>
              <Button onClick={send} loading={fetcher.state !== "idle"}>
                {t("testSend")}
              </Button>
            </InlineStack>
          </>
        )}
      </BlockStack>
    </Card>
  );
}

function TemplateParameters(props: {
  t: Translate<ScenarioWords>;
  dirty: boolean;
  parameters: TemplateParameter[];
  current: Record<string, number | null>;
  links: TemplateLink[];
  currentLinks: Record<string, string | null>;
  templateName: string;
  errors: Record<string, string>;
  onApply(values: Record<string, string>): void;
}) {
  const { t, parameters } = props;
  const locale = useLocale();
  const [values, setValues] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(
      parameters.map((p) => [p.key, String(props.current[p.key] ?? "")]),
    ),
    // A link at its default shows empty: the help says what empty links to.
    ...Object.fromEntries(
      props.links.map((l) => {
        const now = props.currentLinks[l.key];
        return [l.key, now && now !== l.default ? now : ""];
      }),
    ),
  }));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("templateTitle")}
        </Text>
        <Text as="p" tone="subdued">
          {t("templateHelp", { template: props.templateName })}
        </Text>
        <InlineStack gap="300">
          {parameters.map((p) =>
            p.unit === "switch" ? (
              <Checkbox
                key={p.key}
                id={`parameters.${p.key}`}
                label={pick(p.label, locale)}
                checked={values[p.key] === "1"}
                onChange={(on) =>
                  setValues({ ...values, [p.key]: on ? "1" : "0" })
                }
                error={props.errors[`parameters.${p.key}`]}
              />
            ) : (
              <TextField
                key={p.key}
                id={`parameters.${p.key}`}
                type="number"
                autoComplete="off"
                label={pick(p.label, locale)}
                suffix={t(
                  `param_${p.unit as Exclude<typeof p.unit, "switch">}`,
                )}
                value={values[p.key]}
                min={p.min}
                max={p.max}
                placeholder={String(p.default)}
                helpText={t("paramDefault", { value: p.default })}
                onChange={(v) => setValues({ ...values, [p.key]: v })}
                error={props.errors[`parameters.${p.key}`]}
              />
            ),
          )}
        </InlineStack>
        {props.links.map((l) => (
          <TextField
            key={l.key}
            id={`parameters.${l.key}`}
            type="url"
            autoComplete="off"
            label={pick(l.label, locale)}
            helpText={pick(l.help, locale)}
            value={values[l.key]}
            onChange={(v) => setValues({ ...values, [l.key]: v })}
            error={props.errors[`parameters.${l.key}`]}
          />
        ))}
        <InlineStack gap="300" blockAlign="center">
          <Button
            tone="critical"
            disabled={props.dirty}
            onClick={() => props.onApply(values)}
          >
            {t("apply")}
          </Button>
          {props.dirty && (
            <Text as="span" tone="subdued">
              {t("dirtyRebuild")}
            </Text>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
