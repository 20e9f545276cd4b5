// The pre-launch simulator: /app/simulate?scenario=<id> or ?template=<key>; "Run simulation"
// (a GET form, run=1) replays the last 30 days of stored events through it. Reads only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineGrid,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import {
  simulate,
  simulationSubject,
  simulationWindow,
  WINDOW_DAYS,
  type Simulation,
} from "../analytics/simulator.server";
import {
  outline,
  type OutlineItem,
  type OutlineVia,
} from "../scenarios/outline/outline";
import type { ScenarioDefinition } from "../scenarios/model";
import { SKIP_REASONS } from "../scenarios/simulate";
import { authenticate } from "../shopify.server";
import { simulateWords } from "../ui/words/simulate";
import { pick, useLocale, useT, type Locale, type Translate } from "../ui/i18n";
import { CHANNEL_WORDS, stepWords, triggerWords } from "../ui/model-words";

const Query = z.union([
  z.object({
    scenario: z.string().min(1).max(64),
    run: z.literal("1").optional(),
  }),
  z.object({
    template: z.string().regex(/^[A-Z]{2}\d(-[a-z]+)?$/),
    run: z.literal("1").optional(),
  }),
]);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const now = new Date();
  const window = simulationWindow(now);
  const shown = {
    start: window.start.toISOString(),
    end: window.end.toISOString(),
    days: WINDOW_DAYS,
  };
  const query = Query.safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (!query.success)
    return {
      problem: "badQuery" as const,
      window: shown,
      subject: null,
      simulation: null,
    };
  const ask =
    "scenario" in query.data
      ? { scenarioId: query.data.scenario }
      : { templateKey: query.data.template };
  const subject = await simulationSubject(db, session.shop, ask);
  if (!subject)
    return {
      problem: "notFound" as const,
      window: shown,
      subject: null,
      simulation: null,
    };
  const simulation = query.data.run
    ? await simulate(db, session.shop, subject, { now })
    : null;
  return { problem: null, window: shown, subject, simulation };
};

export default function Simulate() {
  const { problem, window, subject, simulation } =
    useLoaderData<typeof loader>();
  const t = useT(simulateWords);
  const locale = useLocale();
  const running = useNavigation().state === "loading";
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "UTC",
    }).format(new Date(iso)) + " UTC";
  if (problem || !subject) {
    return (
      <Page title={t("title", { name: "—" })}>
        <Banner tone="warning">{t(problem ?? "notFound")}</Banner>
      </Page>
    );
  }
  const isTemplate = subject.kind === "template";
  return (
    <Page
      title={t("title", { name: pick(subject.name, locale) })}
      titleMetadata={
        isTemplate ? (
          <Badge>{t("templateBadge")}</Badge>
        ) : (
          <Badge tone={subject.status === "ACTIVE" ? "success" : undefined}>
            {t(
              `status_${subject.status as "DRAFT" | "ACTIVE" | "PAUSED" | "ARCHIVED"}`,
            )}
          </Badge>
        )
      }
      primaryAction={
        isTemplate
          ? { content: t("activate"), url: "/app/templates" }
          : undefined
      }
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p">{t("intro", { days: window.days })}</Text>
              <Text as="p" tone="subdued">
                {t("window", {
                  start: when(window.start),
                  end: when(window.end),
                })}
              </Text>
              <Form method="get">
                {subject.kind === "scenario" ? (
                  <input
                    type="hidden"
                    name="scenario"
                    value={subject.scenarioId ?? ""}
                  />
                ) : (
                  <input
                    type="hidden"
                    name="template"
                    value={subject.templateKey ?? ""}
                  />
                )}
                <input type="hidden" name="run" value="1" />
                <Button submit variant="primary" loading={running}>
                  {simulation ? t("runAgain") : t("run")}
                </Button>
              </Form>
            </BlockStack>
          </Card>
        </Layout.Section>
        {simulation ? (
          <Results
            simulation={simulation}
            definition={subject.definition}
            t={t}
            locale={locale}
          />
        ) : null}
      </Layout>
    </Page>
  );
}

type T = Translate<typeof simulateWords.en>;

function Results({
  simulation,
  definition,
  t,
  locale,
}: {
  simulation: Simulation;
  definition: ScenarioDefinition;
  t: T;
  locale: Locale;
}) {
  const { report, truncated, maxEvents, overlap } = simulation;
  if (!report.triggerRecorded) {
    return (
      <Layout.Section>
        <Banner tone="warning">
          {t("notRecorded", {
            trigger: triggerWords(definition.trigger, locale),
          })}
        </Banner>
      </Layout.Section>
    );
  }
  const outcomes: [string, number][] = [
    [t("goal"), report.outcomes.goal],
    [t("completed"), report.outcomes.completed],
    [t("heldOut"), report.outcomes.holdout],
    [t("failedOutcome"), report.outcomes.failed],
    [t("unsubscribed"), report.outcomes.unsubscribed],
    [t("stillWaiting"), report.outcomes.waiting],
    ...Object.entries(report.variants).map(([key, n]): [string, number] => [
      t("variant", { key }),
      n,
    ]),
  ];
  return (
    <>
      <Layout.Section>
        <BlockStack gap="300">
          {truncated ? (
            <Banner tone="info">
              {t("truncated", {
                max: maxEvents.toLocaleString(locale),
                contacts: report.contacts,
              })}
            </Banner>
          ) : null}
          {report.unprocessedEvents ? (
            <Banner>
              {t("unprocessed", { count: report.unprocessedEvents })}
            </Banner>
          ) : null}
          <Box id="simulation-summary">
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              {(
                [
                  ["contacts", report.contacts],
                  ["events", report.events],
                  ["entered", report.entered],
                  ["entries", report.entries],
                ] as const
              ).map(([key, n]) => (
                <Card key={key}>
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm" tone="subdued">
                      {t(key)}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {n}
                    </Text>
                  </BlockStack>
                </Card>
              ))}
            </InlineGrid>
          </Box>
        </BlockStack>
      </Layout.Section>
      <Layout.Section>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("stepsHeading")}
            </Text>
            <Box id="simulation-steps">
              <DataTable
                columnContentTypes={[
                  "text",
                  "numeric",
                  "numeric",
                  "text",
                  "text",
                  "numeric",
                  "numeric",
                ]}
                headings={[
                  t("step"),
                  t("reached"),
                  t("share"),
                  t("messages"),
                  t("skippedStep"),
                  t("waiting"),
                  t("failed"),
                ]}
                rows={outline(definition).map((item) =>
                  stepRow(item, simulation, definition, t, locale),
                )}
              />
            </Box>
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("outcomesHeading")}
            </Text>
            <Box id="simulation-outcomes">
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={[t("outcome"), t("count")]}
                rows={outcomes}
              />
            </Box>
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("skippedHeading")}
            </Text>
            <Box id="simulation-skipped">
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={[t("reason"), t("count")]}
                rows={SKIP_REASONS.map((r) => [t(r), report.skipped[r]])}
              />
            </Box>
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("overlapHeading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("overlapIntro")}
            </Text>
            <Box id="simulation-overlap">
              {overlap.length ? (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric"]}
                  headings={[
                    t("scenario"),
                    t("alsoEntered"),
                    t("alsoMessaged"),
                  ]}
                  rows={overlap.map((o) => [
                    o.templateKey ? `${o.templateKey} · ${o.name}` : o.name,
                    o.alsoEntered,
                    o.alsoMessaged,
                  ])}
                />
              ) : (
                <Text as="p">{t("noOverlap")}</Text>
              )}
            </Box>
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("placeholdersHeading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("placeholdersIntro")}
            </Text>
            <Box id="simulation-placeholders">
              {Object.keys(report.placeholders).length ? (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric"]}
                  headings={[t("placeholder"), t("fallback"), t("missing")]}
                  rows={Object.entries(report.placeholders).map(([name, n]) => [
                    `{{${name}}}`,
                    n.fallback,
                    n.missing,
                  ])}
                />
              ) : (
                <Text as="p">{t("noPlaceholders")}</Text>
              )}
            </Box>
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}

function viaWords(via: OutlineVia | null, t: T): string {
  if (!via) return "";
  if (typeof via === "object")
    return `${t("viaVariant", { key: via.variant })} → `;
  return `${t(via === "then" ? "viaThen" : via === "else" ? "viaElse" : via === "event" ? "viaEvent" : "viaTimeout")} → `;
}

/** One row per outline item: forks indented as the map draws them. */
function stepRow(
  item: OutlineItem,
  simulation: Simulation,
  definition: ScenarioDefinition,
  t: T,
  locale: Locale,
): (string | number)[] {
  const indent = "\u00a0\u00a0\u00a0\u00a0".repeat(item.depth);
  const share = (n: number) =>
    simulation.report.entered
      ? `${Math.round((n / simulation.report.entered) * 100)}%`
      : "";
  if (item.kind === "holdout")
    return [
      `${indent}${t("holdout", { percent: item.percent })}`,
      simulation.report.outcomes.holdout,
      share(simulation.report.outcomes.holdout),
      "",
      "",
      "",
      "",
    ];
  if (item.kind === "jump") {
    const target = definition.steps.find((s) => s.id === item.to);
    return [
      `${indent}${viaWords(item.via, t)}${t("jump", { step: target ? stepWords(target, locale) : item.to })}`,
      "",
      "",
      "",
      "",
      "",
      "",
    ];
  }
  const reach = simulation.report.steps[item.step.id];
  const step = item.step;
  const messages =
    step.type === "send"
      ? step.channels
          .map((c) => `${CHANNEL_WORDS[c][locale]}: ${reach.sent[c] ?? 0}`)
          .join(", ")
      : "";
  const skipped = [
    reach.noChannel ? t("noChannel", { count: reach.noChannel }) : "",
    reach.alreadyReceived
      ? t("alreadyReceived", { count: reach.alreadyReceived })
      : "",
  ]
    .filter(Boolean)
    .join("; ");
  return [
    `${indent}${viaWords(item.via, t)}${stepWords(item.step, locale)}`,
    reach.reached,
    share(reach.reached),
    messages,
    skipped,
    reach.waiting || "",
    reach.failed || "",
  ];
}
