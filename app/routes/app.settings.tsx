// The merchant's settings: each section its own form, saved on its own through one action (the
// intent names the section); the server validates and answers errors by field, shown on the field.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  DataTable,
  Form,
  FormLayout,
  InlineStack,
  Link,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { saveEmailProvider } from "../channels/email/provider.server";
import db from "../db.server";
import { readAppEnv } from "../env.server";
import { linkKeysFromEnv } from "../security/link-keys.server";
import {
  connectEmailReports,
  emailReportsView,
  type ConnectResult,
} from "../admin/email-reports.server";
import { listDataExports } from "../privacy/compliance.server";
import { authenticate } from "../shopify.server";
import {
  SETTINGS_SECTIONS,
  type FieldError,
  type SettingsSection,
} from "../shops/settings";
import {
  providerForms,
  sendAndRecordTestEmail,
  settingsView,
  updateShopSettings,
  type ProviderField,
  type ProviderKind,
} from "../admin/settings-page.server";
import {
  emailFailureWords,
  type EmailFailure,
} from "../ui/words/email-failures";
import { settingsWords } from "../ui/words/settings";
import { useLocale, useT, type Translate } from "../ui/i18n";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [view, dataExports, reports] = await Promise.all([
    settingsView(db, session.shop),
    listDataExports(db, session.shop),
    emailReportsView(db, session.shop, {
      appUrl: readAppEnv().appUrl,
      keys: linkKeysFromEnv(),
    }),
  ]);
  return {
    shop: view.shop,
    settings: view.settings,
    provider: view.provider,
    dataExports,
    reports,
    forms: providerForms(),
  };
};

type Outcome =
  | {
      ok: true;
      warning?: string;
      sentAt?: string;
      connected?: Extract<ConnectResult, { ok: true }>["connected"];
    }
  | {
      ok: false;
      errors?: FieldError[];
      connectFailure?: Extract<ConnectResult, { ok: false }>["connectFailure"];
      failure?: {
        kind: "setup" | "transient" | "permanent" | "unknown";
        reason: string;
        failure?: EmailFailure;
      };
    };

export const action = async ({
  request,
}: ActionFunctionArgs): Promise<Outcome> => {
  const { session, admin } = await authenticate.admin(request);
  const body = (await request.json().catch(() => null)) as {
    intent?: string;
    values?: unknown;
  } | null;
  const intent = body?.intent ?? "";
  if (intent === "emailProvider")
    return saveEmailProvider(db, session.shop, body?.values);
  if (intent === "testEmail")
    return sendAndRecordTestEmail(db, session.shop, body?.values);
  if (intent === "connectEmailReports")
    return connectEmailReports(db, session.shop, {
      appUrl: readAppEnv().appUrl,
      keys: linkKeysFromEnv(),
    });
  if (Object.hasOwn(SETTINGS_SECTIONS, intent))
    return updateShopSettings(
      db,
      session.shop,
      intent as SettingsSection,
      body?.values,
      { graphql: admin.graphql },
    );
  throw new Response("Unknown intent", { status: 400 });
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type T = Translate<typeof settingsWords.en>;

/** A section's form: posts its values as JSON under its intent; errors by field for its fields. */
function useSection(intent: string) {
  const fetcher = useFetcher<typeof action>({ key: `settings-${intent}` });
  const outcome = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = new Map(
    (outcome && !outcome.ok ? (outcome.errors ?? []) : []).map((e) => [
      e.field,
      e,
    ]),
  );
  return {
    fetcher,
    outcome,
    busy: fetcher.state !== "idle",
    submit: (values: unknown) =>
      fetcher.submit({ intent, values } as never, {
        method: "post",
        encType: "application/json",
      }),
    error: (field: string) => errors.get(field),
    hasErrors: errors.size > 0,
  };
}

function errorText(t: T, e: FieldError | undefined): string | undefined {
  if (!e) return undefined;
  // A pattern's own words (the provider schema's, e.g. an AWS region) where the page has them.
  if (e.rule === "format" || e.rule === "invalid")
    return label(t, "format", e.field) ?? e.message;
  return t(
    `err_${e.rule}`,
    e.limit === undefined ? undefined : { limit: e.limit },
  );
}

const num = (value: string) => (value.trim() === "" ? null : Number(value));

function Section(props: {
  title: string;
  intro?: string;
  section: ReturnType<typeof useSection>;
  t: T;
  onSubmit: () => void;
  children: ReactNode;
  action?: string;
}) {
  const { section, t } = props;
  return (
    <section aria-label={props.title}>
      <Card>
        <Form noValidate onSubmit={props.onSubmit}>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {props.title}
            </Text>
            {props.intro ? (
              <Text as="p" tone="subdued">
                {props.intro}
              </Text>
            ) : null}
            {section.hasErrors ? (
              <Banner tone="critical">{t("fixErrors")}</Banner>
            ) : null}
            {section.outcome?.ok && section.outcome.warning ? (
              <Banner tone="warning" title={t("republishFailed")}>
                {section.outcome.warning}
              </Banner>
            ) : null}
            <FormLayout>{props.children}</FormLayout>
            <InlineStack gap="300" blockAlign="center">
              <Button submit variant="primary" loading={section.busy}>
                {props.action ?? t("save")}
              </Button>
              {section.outcome?.ok && !section.outcome.sentAt ? (
                <Text as="span" tone="success">
                  {t("saved")}
                </Text>
              ) : null}
            </InlineStack>
          </BlockStack>
        </Form>
      </Card>
    </section>
  );
}

const label = (
  t: T,
  prefix: "field" | "hint" | "kind" | "format",
  name: string,
): string | undefined =>
  Object.hasOwn(settingsWords.en, `${prefix}_${name}`)
    ? t(`${prefix}_${name}` as keyof typeof settingsWords.en)
    : undefined;

function initialValues(
  fields: ProviderField[],
  stored: Record<string, string | number | boolean> = {},
) {
  return Object.fromEntries(
    fields.map((f) => {
      const value =
        stored[f.name] ??
        f.defaultValue ??
        (f.type === "boolean"
          ? false
          : f.type === "select"
            ? f.options![0]!
            : "");
      return [f.name, typeof value === "number" ? String(value) : value];
    }),
  ) as Record<string, string | boolean>;
}

function ProviderSection({ data, t }: { data: Data; t: T }) {
  const section = useSection("emailProvider");
  const stored = data.provider;
  const [kind, setKind] = useState<ProviderKind>(stored?.kind ?? "smtp");
  const [values, setValues] = useState(() =>
    initialValues(data.forms[kind], stored?.values),
  );
  const fields = data.forms[kind];
  const changeKind = (next: string) => {
    setKind(next as ProviderKind);
    setValues(
      initialValues(
        data.forms[next as ProviderKind],
        stored?.kind === next ? stored.values : undefined,
      ),
    );
  };
  const set = (name: string) => (value: string | boolean) =>
    setValues((v) => ({ ...v, [name]: value }));
  return (
    <Section
      title={t("providerTitle")}
      intro={t("providerIntro")}
      section={section}
      t={t}
      onSubmit={() => section.submit({ kind, ...values })}
    >
      {!stored ? <Banner tone="warning">{t("providerNone")}</Banner> : null}
      <Select
        label={t("providerKind")}
        options={Object.keys(data.forms).map((k) => ({
          label: label(t, "kind", k) ?? k,
          value: k,
        }))}
        value={kind}
        onChange={changeKind}
        error={errorText(t, section.error("kind"))}
      />
      {fields.map((f) => {
        const fieldLabel = label(t, "field", f.name) ?? f.name;
        const error = errorText(t, section.error(f.name));
        if (f.type === "boolean")
          return (
            <Checkbox
              key={f.name}
              label={fieldLabel}
              checked={values[f.name] === true}
              onChange={set(f.name)}
              error={error}
            />
          );
        if (f.type === "select")
          return (
            <Select
              key={f.name}
              label={fieldLabel}
              options={f.options!}
              value={String(values[f.name])}
              onChange={set(f.name)}
              error={error}
            />
          );
        const kept =
          f.secret &&
          stored?.kind === kind &&
          stored.savedSecrets.includes(f.name);
        const help = f.secret
          ? kept
            ? t("secretSaved")
            : stored && stored.kind !== kind
              ? t("secretNew")
              : label(t, "hint", f.name)
          : (label(t, "hint", f.name) ?? f.hint);
        return (
          <TextField
            key={f.name}
            label={fieldLabel}
            name={f.name}
            autoComplete="off"
            requiredIndicator={f.required && !kept}
            type={
              f.secret ? "password" : f.type === "number" ? "number" : "text"
            }
            value={String(values[f.name] ?? "")}
            onChange={set(f.name)}
            helpText={help}
            error={error}
          />
        );
      })}
    </Section>
  );
}

/** Each provider's steps, in order: word keys `steps_<kind>_<n>`. */
const STEPS = {
  sendgrid: 5,
  postmark: 3,
  mailgun: 3,
  ses: 3,
} as const;

/** Words for a key built from parts, where the page has them: the first of `keys` it knows. */
const firstKnown = (keys: string[]) =>
  keys.find((k) => Object.hasOwn(settingsWords.en, k)) as
    keyof typeof settingsWords.en | undefined;

/** "Connect automatically": the provider's webhook set up with the saved key, and what came of it. */
function ConnectReports({ kind, t }: { kind: string; t: T }) {
  const section = useSection("connectEmailReports");
  const outcome = section.outcome;
  const provider = t(`kind_${kind}` as keyof typeof settingsWords.en);
  const failure = outcome && !outcome.ok ? outcome.connectFailure : undefined;
  const connected = outcome?.ok ? outcome.connected : undefined;
  return (
    <BlockStack gap="200">
      {connected ? (
        <Banner tone={connected.keyManual ? "warning" : "success"}>
          {t(
            (connected.keyManual &&
              firstKnown([`connectedKeyManual_${connected.provider}`])) ||
              "connected",
            { provider },
          )}
        </Banner>
      ) : null}
      {failure ? (
        <Banner tone="critical" title={t("connectFailed")}>
          {t(
            firstKnown([
              `connect_${failure.failure}_${failure.provider}`,
              `connect_${failure.failure}`,
            ]) ?? "connect_refused",
            { provider, ...failure.vars },
          )}
        </Banner>
      ) : null}
      <InlineStack gap="300" blockAlign="center">
        <Button onClick={() => section.submit({})} loading={section.busy}>
          {t("connectButton")}
        </Button>
      </InlineStack>
      <Text as="p" tone="subdued">
        {t("connectHelp", { provider })}
      </Text>
    </BlockStack>
  );
}

/** Where the connected provider's reports come in, how to set them up there, and whether any came yet. */
function ReportsSection(props: {
  reports: NonNullable<Data["reports"]>;
  values: Record<string, string | number | boolean>;
  timeZone: string;
  t: T;
}) {
  const { reports, values, t } = props;
  const locale = useLocale();
  const [copied, setCopied] = useState(false);
  const provider = t(`kind_${reports.kind}`);
  const vars = {
    stream: String(values.broadcastStream ?? "broadcast"),
    domain: String(values.domain ?? ""),
    region: String(values.region ?? ""),
  };
  const url = reports.url;
  return (
    <section aria-label={t("reportsTitle")}>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("reportsTitle")}
          </Text>
          {url === null ? (
            <Text as="p">{t("reportsSmtp")}</Text>
          ) : (
            <>
              <Text as="p" tone="subdued">
                {t("reportsIntro")}
              </Text>
              {reports.since ? (
                <Banner tone="success">
                  {t("reportsSince", {
                    date: new Date(reports.since).toLocaleString(locale, {
                      timeZone: props.timeZone,
                      dateStyle: "medium",
                      timeStyle: "short",
                    }),
                  })}
                </Banner>
              ) : (
                <Banner tone="info">{t("reportsNone")}</Banner>
              )}
              {reports.topic && (
                <Text as="p" tone="subdued">
                  {t("reportsTopic", { topic: reports.topic })}
                </Text>
              )}
              {reports.connectable ? (
                <ConnectReports kind={reports.kind} t={t} />
              ) : null}
              <TextField
                label={t("reportsUrl", { provider })}
                autoComplete="off"
                readOnly
                selectTextOnFocus
                value={url}
                helpText={t("reportsUrlHelp")}
                connectedRight={
                  <Button
                    onClick={() =>
                      void navigator.clipboard
                        ?.writeText(url)
                        .then(() => setCopied(true))
                        .catch(() => setCopied(false))
                    }
                  >
                    {copied ? t("copied") : t("copy")}
                  </Button>
                }
              />
              <Text as="p">{t("reportsSteps", { provider })}</Text>
              <List type="number">
                {Array.from(
                  { length: STEPS[reports.kind as keyof typeof STEPS] },
                  (_, i) => (
                    <List.Item key={i}>
                      {t(
                        `steps_${reports.kind}_${i + 1}` as keyof typeof settingsWords.en,
                        vars,
                      )}
                    </List.Item>
                  ),
                )}
              </List>
              {reports.kind === "ses" ? (
                <Text as="p" tone="subdued">
                  {t("steps_ses_tip")}
                </Text>
              ) : null}
            </>
          )}
          <Text as="p">
            {reports.suppressed > 0 ? (
              <Link url="/app/suppressions">
                {t("suppressedLink", { count: reports.suppressed })}
              </Link>
            ) : (
              t("suppressedNone")
            )}
          </Text>
        </BlockStack>
      </Card>
    </section>
  );
}

function TestEmailSection({ data, t }: { data: Data; t: T }) {
  const section = useSection("testEmail");
  const locale = useLocale();
  const failureText = useT(emailFailureWords);
  const [to, setTo] = useState(data.shop.email ?? "");
  const outcome = section.outcome;
  const sentAt = data.settings.emailTestSentAt;
  return (
    <Section
      title={t("testTitle")}
      intro={t("testIntro")}
      section={section}
      t={t}
      action={t("testSend")}
      onSubmit={() => section.submit({ to })}
    >
      {outcome?.ok && outcome.sentAt ? (
        <Banner tone="success">{t("testSent", { to })}</Banner>
      ) : null}
      {outcome && !outcome.ok && outcome.failure ? (
        <Banner tone="critical" title={t("testFailed")}>
          {/* What went wrong in our words when the provider said; the remote server's own text is never shown. */}
          <p>
            {outcome.failure.failure
              ? failureText(outcome.failure.failure)
              : `${t(`fail_${outcome.failure.kind}`)}: ${outcome.failure.reason}`}
          </p>
        </Banner>
      ) : null}
      <TextField
        label={t("testTo")}
        type="email"
        autoComplete="email"
        value={to}
        onChange={setTo}
        error={errorText(t, section.error("to"))}
      />
      <Text as="p" tone="subdued">
        {sentAt
          ? t("testLast", {
              time: new Date(sentAt).toLocaleString(locale, {
                timeZone: data.shop.ianaTimezone,
                dateStyle: "medium",
                timeStyle: "short",
              }),
            })
          : t("testNever")}
      </Text>
    </Section>
  );
}

function SenderSection({ data, t }: { data: Data; t: T }) {
  const section = useSection("sender");
  const [name, setName] = useState(data.settings.sender?.name ?? "");
  const [email, setEmail] = useState(data.settings.sender?.email ?? "");
  const [address, setAddress] = useState(data.settings.physicalAddress ?? "");
  const [selector, setSelector] = useState(data.settings.dkimSelector ?? "");
  const fallback = `${data.shop.name ?? data.shop.domain} <${data.shop.email ?? "?"}>`;
  return (
    <Section
      title={t("senderTitle")}
      section={section}
      t={t}
      onSubmit={() =>
        section.submit({
          sender: { name, email },
          physicalAddress: address,
          dkimSelector: selector,
        })
      }
    >
      <FormLayout.Group>
        <TextField
          label={t("senderName")}
          autoComplete="off"
          value={name}
          onChange={setName}
          error={errorText(t, section.error("sender.name"))}
          helpText={t("senderHelp", { fallback })}
        />
        <TextField
          label={t("senderEmail")}
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          error={errorText(t, section.error("sender.email"))}
        />
      </FormLayout.Group>
      {!data.settings.physicalAddress ? (
        <Banner tone="warning">{t("addressMissing")}</Banner>
      ) : null}
      <TextField
        label={t("address")}
        autoComplete="street-address"
        multiline={2}
        value={address}
        onChange={setAddress}
        helpText={t("addressHelp")}
        error={errorText(t, section.error("physicalAddress"))}
      />
      <TextField
        label={t("dkimSelector")}
        autoComplete="off"
        value={selector}
        onChange={setSelector}
        helpText={t("dkimSelectorHelp")}
        error={errorText(t, section.error("dkimSelector"))}
      />
    </Section>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => ({
  label: `${String(h).padStart(2, "0")}:00`,
  value: String(h),
}));

function LimitsSection({ data, t }: { data: Data; t: T }) {
  const section = useSection("limits");
  const s = data.settings;
  const [v, setV] = useState({
    cap: String(s.dailyMessageCap),
    start: String(s.quietHours.start),
    end: String(s.quietHours.end),
    cart: String(s.abandonment.cartMinutes),
    checkout: String(s.abandonment.checkoutMinutes),
    window: String(s.attributionWindowDays),
  });
  const set = (k: keyof typeof v) => (value: string) =>
    setV((old) => ({ ...old, [k]: value }));
  const submit = () =>
    section.submit({
      dailyMessageCap: num(v.cap),
      quietHours: { start: num(v.start), end: num(v.end) },
      abandonment: {
        cartMinutes: num(v.cart),
        checkoutMinutes: num(v.checkout),
      },
      attributionWindowDays: num(v.window),
    });
  const err = (field: string) => errorText(t, section.error(field));
  return (
    <Section title={t("limitsTitle")} section={section} t={t} onSubmit={submit}>
      <TextField
        label={t("dailyCap")}
        type="number"
        autoComplete="off"
        value={v.cap}
        onChange={set("cap")}
        helpText={t("dailyCapHelp")}
        error={err("dailyMessageCap")}
      />
      <FormLayout.Group>
        <Select
          label={t("quietStart")}
          options={HOURS}
          value={v.start}
          onChange={set("start")}
          error={err("quietHours.start")}
        />
        <Select
          label={t("quietEnd")}
          options={HOURS}
          value={v.end}
          onChange={set("end")}
          error={err("quietHours.end")}
          helpText={t("quietHelp")}
        />
      </FormLayout.Group>
      <FormLayout.Group>
        <TextField
          label={t("cartMinutes")}
          type="number"
          autoComplete="off"
          value={v.cart}
          onChange={set("cart")}
          error={err("abandonment.cartMinutes")}
        />
        <TextField
          label={t("checkoutMinutes")}
          type="number"
          autoComplete="off"
          value={v.checkout}
          onChange={set("checkout")}
          error={err("abandonment.checkoutMinutes")}
        />
      </FormLayout.Group>
      <TextField
        label={t("attribution")}
        type="number"
        autoComplete="off"
        value={v.window}
        onChange={set("window")}
        helpText={t("attributionHelp")}
        error={err("attributionWindowDays")}
      />
    </Section>
  );
}

function ConsentSection({ data, t }: { data: Data; t: T }) {
  const section = useSection("consent");
  const [doubleOptIn, setDoubleOptIn] = useState(data.settings.doubleOptIn);
  const [languages, setLanguages] = useState<string[]>(data.settings.languages);
  return (
    <Section
      title={t("consentTitle")}
      section={section}
      t={t}
      onSubmit={() => section.submit({ doubleOptIn, languages })}
    >
      <Checkbox
        label={t("doubleOptIn")}
        helpText={t("doubleOptInHelp")}
        checked={doubleOptIn}
        onChange={setDoubleOptIn}
        error={errorText(t, section.error("doubleOptIn"))}
      />
      <ChoiceList
        allowMultiple
        title={t("languages")}
        selected={languages}
        onChange={setLanguages}
        choices={[
          { label: t("lang_en"), value: "en" },
          { label: t("lang_ru"), value: "ru" },
        ]}
        error={errorText(t, section.error("languages"))}
      />
      <Text as="p" tone="subdued">
        {t("languagesHelp")}
      </Text>
    </Section>
  );
}

function TestContactsSection({ data, t }: { data: Data; t: T }) {
  const section = useSection("testContacts");
  const list = data.settings.testContacts;
  const [adding, setAdding] = useState("");
  // A wrong address is the one being added (the saved ones were valid).
  const addError = [...list.keys(), list.length]
    .map((i) => section.error(`testContacts.${i}`))
    .find(Boolean);
  return (
    <Section
      title={t("testContactsTitle")}
      intro={t("testContactsIntro")}
      section={section}
      t={t}
      action={t("add")}
      onSubmit={() => section.submit({ testContacts: [...list, adding] })}
    >
      {list.length === 0 ? (
        <Text as="p">{t("testContactsEmpty")}</Text>
      ) : (
        <BlockStack gap="100">
          {list.map((email) => (
            <InlineStack key={email} gap="300" blockAlign="center">
              <Text as="span">{email}</Text>
              <Button
                variant="plain"
                tone="critical"
                onClick={() =>
                  section.submit({
                    testContacts: list.filter((e) => e !== email),
                  })
                }
                accessibilityLabel={`${t("remove")} ${email}`}
              >
                {t("remove")}
              </Button>
            </InlineStack>
          ))}
        </BlockStack>
      )}
      <TextField
        label={t("addContact")}
        type="email"
        autoComplete="off"
        value={adding}
        onChange={setAdding}
        error={errorText(t, addError)}
      />
    </Section>
  );
}

function RetentionSection({ data, t }: { data: Data; t: T }) {
  const section = useSection("retention");
  const [days, setDays] = useState(String(data.settings.eventRetentionDays));
  return (
    <Section
      title={t("retentionTitle")}
      section={section}
      t={t}
      onSubmit={() => section.submit({ eventRetentionDays: num(days) })}
    >
      <TextField
        label={t("retentionDays")}
        type="number"
        autoComplete="off"
        value={days}
        onChange={setDays}
        helpText={t("retentionHelp")}
        error={errorText(t, section.error("eventRetentionDays"))}
      />
    </Section>
  );
}

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const t = useT(settingsWords);
  const locale = useLocale();
  const { shop, dataExports } = data;
  return (
    <Page title={t("title")}>
      <BlockStack gap="400">
        <ProviderSection data={data} t={t} />
        {data.reports ? (
          <ReportsSection
            key={data.reports.kind}
            reports={data.reports}
            values={data.provider?.values ?? {}}
            timeZone={shop.ianaTimezone}
            t={t}
          />
        ) : null}
        <TestEmailSection data={data} t={t} />
        <SenderSection data={data} t={t} />
        <LimitsSection data={data} t={t} />
        <ConsentSection data={data} t={t} />
        <TestContactsSection
          key={data.settings.testContacts.join()}
          data={data}
          t={t}
        />
        <RetentionSection data={data} t={t} />
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("storeTitle")}
            </Text>
            <Text as="p">{t("storeDomain", { value: shop.domain })}</Text>
            <Text as="p">
              {t("storeCurrency", { value: shop.currencyCode })}
            </Text>
            <Text as="p">{t("storeZone", { value: shop.ianaTimezone })}</Text>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("requestsTitle")}
            </Text>
            <Text as="p" tone="subdued">
              {t("requestsIntro")}
            </Text>
            {dataExports.length === 0 ? (
              <Text as="p">{t("requestsNone")}</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text"]}
                headings={[t("received"), t("customer"), t("data")]}
                rows={dataExports.map((e) => [
                  new Date(e.createdAt).toLocaleString(locale, {
                    timeZone: shop.ianaTimezone,
                    dateStyle: "medium",
                    timeStyle: "short",
                  }),
                  e.customer,
                  <Link
                    key={e.id}
                    url={`/app/data-exports/${e.id}`}
                    target="_blank"
                  >
                    {t("download")}
                  </Link>,
                ])}
              />
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
