// One scenario's analytics (app/analytics/scenario.server.ts): runs and how they ended, errors by
// reason and step, why messages were skipped, each send step's funnel (email's bounces and
// complaints too) with its credited orders and their rule, the A/B split,
// the holdout's lift, launches and conversions per day, and the CSV of the step table and the days.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import db from "../db.server";
import {
  formatMoney,
  formatNumber,
  formatP,
  formatPercent,
  formatRevenue,
} from "../analytics/format";
import { PeriodSelect } from "../analytics/PeriodSelect";
import {
  scenarioAnalyticsRequest,
  type Credited,
} from "../analytics/scenario.server";
import { MIN_SAMPLE, type Comparison } from "../analytics/stats";
import { authenticate } from "../shopify.server";
import { Chart } from "../ui/Chart";
import { analyticsWords } from "../ui/words/analytics";
import { emailFailureIn } from "../ui/words/email-failures";
import { skippedReasonIn } from "../ui/words/skipped";
import { pick, useLocale, useT, type Locale, type Translate } from "../ui/i18n";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { days, analytics } = await scenarioAnalyticsRequest(
    db,
    session.shop,
    params.id ?? "",
    new URL(request.url),
  );
  return { days, analytics };
};

type T = Translate<(typeof analyticsWords)["en"]>;

const ruleText = (t: T, c: Pick<Credited, "rule" | "windowDays">) =>
  c.rule === "DISCOUNT_CODE"
    ? t("ruleCode")
    : t("ruleClick", { days: c.windowDays ?? "?" });
const creditText = (t: T, credited: Credited[]) =>
  credited.map((c) => `${c.conversions} (${ruleText(t, c)})`).join(", ") || "0";
const known = (t: T, prefix: "exit_" | "channel_", key: string) => {
  const word = t(`${prefix}${key}` as keyof (typeof analyticsWords)["en"]);
  return word === `${prefix}${key}` ? key : word;
};

function verdict(t: T, locale: Locale, c: Comparison | null): string {
  if (!c) return t("control");
  if (!c.enough) return t("notEnough", { min: MIN_SAMPLE });
  return t(c.significant ? "significant" : "notSignificant", {
    p: formatP(c.pValue, locale),
  });
}

export default function ScenarioAnalyticsPage() {
  const { days, analytics: a } = useLoaderData<typeof loader>();
  const { id } = useParams();
  const t = useT(analyticsWords);
  const locale = useLocale();
  const pct = (v: number | null) =>
    formatPercent(v, locale, t("notApplicable"));
  const money = (v: number) => formatMoney(v, a.currency, locale);

  const download = async () => {
    // The app's fetch carries the admin's session token (App Bridge); a plain link would not.
    const response = await fetch(`/app/analytics/${id}/csv?days=${days}`);
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement("a"), {
      href: url,
      download: `analytics-${id}-${days}d.csv`,
    });
    link.click();
    URL.revokeObjectURL(url);
  };

  const figures: Array<[string, number]> = [
    [t("launches"), a.runs.launches],
    [t("inProgress"), a.runs.inProgress],
    [t("goalReached"), a.runs.goalReached],
    [t("finished"), a.runs.finished],
    [t("exited"), a.runs.exited],
    [t("failed"), a.runs.failed],
  ];

  return (
    <Page
      title={a.scenario.name}
      backAction={{ content: t("back"), url: `/app/analytics?days=${days}` }}
      primaryAction={<Button onClick={download}>{t("downloadCsv")}</Button>}
    >
      <BlockStack gap="400">
        <InlineStack align="end">
          <PeriodSelect days={days} />
        </InlineStack>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("runs")}
            </Text>
            <InlineGrid columns={{ xs: 2, sm: 3, md: 6 }} gap="300">
              {figures.map(([label, value]) => (
                <Box key={label} data-figure={label}>
                  <Text as="p" tone="subdued">
                    {label}
                  </Text>
                  <Text as="p" variant="headingLg">
                    {value}
                  </Text>
                </Box>
              ))}
            </InlineGrid>
          </BlockStack>
        </Card>

        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("errorsTitle")}
              </Text>
              {a.errors.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("noErrors")}
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric"]}
                  headings={[t("reason"), t("errorStep"), t("count")]}
                  rows={a.errors.map((e) => [
                    emailFailureIn(e.reason, locale),
                    e.stepId ?? "—",
                    e.count,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("whyLeft")}
              </Text>
              {a.exitReasons.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("noExits")}
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "numeric"]}
                  headings={[t("reason"), t("count")]}
                  rows={a.exitReasons.map((e) => [
                    known(t, "exit_", e.reason),
                    e.count,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </InlineGrid>

        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("skippedTitle")}
            </Text>
            {a.skipped.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("noSkipped")}
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={[t("reason"), t("messages")]}
                rows={a.skipped.map((r) => [
                  skippedReasonIn(r.reason, locale),
                  r.count,
                ])}
              />
            )}
          </BlockStack>
        </Card>

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("chartTitle")}
            </Text>
            <Chart
              title={t("chartTitle")}
              days={a.days.map((d) => d.day)}
              series={[
                {
                  label: t("launches"),
                  color: "#2c6ecb",
                  values: a.days.map((d) => d.launches),
                },
                {
                  label: t("conversions"),
                  color: "#29845a",
                  values: a.days.map((d) => d.conversions),
                },
              ]}
            />
          </BlockStack>
        </Card>

        <Card padding="0">
          <Box padding="400">
            <Text as="h2" variant="headingMd">
              {t("stepsTitle")}
            </Text>
          </Box>
          {a.steps.length === 0 ? (
            <Box padding="400" paddingBlockStart="0">
              <Text as="p" tone="subdued">
                {t("noDeliveries")}
              </Text>
            </Box>
          ) : (
            <DataTable
              columnContentTypes={[
                "text",
                "text",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "text",
                "numeric",
                "text",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
              ]}
              headings={[
                t("step"),
                t("channel"),
                t("sent"),
                t(a.emailReports ? "delivered" : "deliveredAccepted"),
                t("opened"),
                t("clicked"),
                t("openRate"),
                t("ctr"),
                t("ctor"),
                t("unknown"),
                t("failedSends"),
                t("credited"),
                t("revenue"),
                t("machine"),
                t("bounced"),
                t("complaints"),
                t("bounceRate"),
                t("complaintRate"),
              ]}
              rows={a.steps.map((s) => [
                s.title ? `${pick(s.title, locale)} (${s.stepId})` : s.stepId,
                known(t, "channel_", s.channel),
                s.counts.sent,
                s.counts.delivered,
                s.counts.opened ?? t("notApplicable"),
                s.counts.clicked,
                pct(s.rates.openRate),
                pct(s.rates.clickRate),
                pct(s.rates.clickToOpenRate),
                s.counts.unknown,
                s.counts.failed,
                creditText(t, s.credited),
                formatRevenue(mergeRevenue(s.credited), locale),
                `${s.counts.machineOpened ?? t("notApplicable")} / ${s.counts.machineClicked}`,
                s.counts.hardBounced === null
                  ? t("notApplicable")
                  : `${s.counts.hardBounced} / ${s.counts.softBounced ?? 0}`,
                s.counts.complained ?? t("notApplicable"),
                pct(s.rates.bounceRate),
                pct(s.rates.complaintRate),
              ])}
            />
          )}
          <Box padding="400">
            <BlockStack gap="200">
              {a.creditedWithoutMessage.length > 0 && (
                <Text as="p">
                  {t("creditedWithoutMessage", {
                    credits: creditText(t, a.creditedWithoutMessage),
                  })}
                </Text>
              )}
              {!a.emailReports &&
                a.steps.some((s) => s.channel === "EMAIL") && (
                  <Banner tone="info">{t("reportsOff")}</Banner>
                )}
              <Text as="p" tone="subdued">
                {t("stepsNote")}
              </Text>
            </BlockStack>
          </Box>
        </Card>

        {a.splits.map((split) => (
          <Card key={split.stepId} padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingMd">
                {t("abTitle", { step: split.stepId })}
              </Text>
            </Box>
            <DataTable
              columnContentTypes={[
                "text",
                "numeric",
                "numeric",
                "numeric",
                "text",
              ]}
              headings={[
                t("variant"),
                t("contacts"),
                t("conversions"),
                t("conversionRate"),
                t("versusControl", {
                  control: split.variants[0]?.variant ?? "",
                }),
              ]}
              rows={split.variants.map((v) => [
                v.variant,
                v.contacts,
                v.conversions,
                pct(v.rate),
                verdict(t, locale, v.versusControl),
              ])}
            />
            <Box padding="400">
              <Text as="p" tone="subdued">
                {t("abNote")}
              </Text>
            </Box>
          </Card>
        ))}

        {a.lift && (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("liftTitle")}
              </Text>
              {!a.lift.enough ? (
                <Banner tone="info">
                  {t("liftNotEnough", {
                    min: MIN_SAMPLE,
                    treated: a.lift.treated.contacts,
                    held: a.lift.holdout.contacts,
                  })}
                </Banner>
              ) : (
                <BlockStack gap="200">
                  <DataTable
                    columnContentTypes={[
                      "text",
                      "numeric",
                      "numeric",
                      "numeric",
                    ]}
                    headings={[
                      "",
                      t("contacts"),
                      t("conversions"),
                      t("conversionRate"),
                    ]}
                    rows={[
                      [
                        t("treated"),
                        a.lift.treated.contacts,
                        a.lift.treated.conversions,
                        pct(a.lift.treatedRate),
                      ],
                      [
                        t("heldOut"),
                        a.lift.holdout.contacts,
                        a.lift.holdout.conversions,
                        pct(a.lift.holdoutRate),
                      ],
                    ]}
                  />
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    <Box data-figure="incremental-orders">
                      <Text as="p" tone="subdued">
                        {t("incrementalOrders")}
                      </Text>
                      <Text as="p" variant="headingLg">
                        {formatNumber(
                          a.lift.incrementalConversions.value,
                          locale,
                          1,
                        )}
                      </Text>
                      <Text as="p">
                        {t("interval", {
                          low: formatNumber(
                            a.lift.incrementalConversions.low,
                            locale,
                            1,
                          ),
                          high: formatNumber(
                            a.lift.incrementalConversions.high,
                            locale,
                            1,
                          ),
                        })}
                      </Text>
                      <Text as="p" tone="subdued">
                        {verdict(t, locale, {
                          enough: true,
                          significant: a.lift.significant,
                          pValue: a.lift.pValue,
                          z: 0,
                          difference: 0,
                        })}
                      </Text>
                    </Box>
                    <Box data-figure="incremental-revenue">
                      <Text as="p" tone="subdued">
                        {t("incrementalRevenue")}
                      </Text>
                      {a.lift.incrementalRevenue ? (
                        <>
                          <Text as="p" variant="headingLg">
                            {money(a.lift.incrementalRevenue.value)}
                          </Text>
                          <Text as="p">
                            {t("interval", {
                              low: money(a.lift.incrementalRevenue.low),
                              high: money(a.lift.incrementalRevenue.high),
                            })}
                          </Text>
                        </>
                      ) : (
                        <Text as="p">{t("noAverageOrder")}</Text>
                      )}
                    </Box>
                  </InlineGrid>
                </BlockStack>
              )}
              <Text as="p" tone="subdued">
                {t("liftNote", {
                  days: a.windowDays,
                  aov:
                    a.lift.enough &&
                    a.lift.incrementalRevenue &&
                    a.lift.incrementalConversions.value !== 0
                      ? money(
                          a.lift.incrementalRevenue.value /
                            a.lift.incrementalConversions.value,
                        )
                      : "—",
                })}
              </Text>
            </BlockStack>
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}

function mergeRevenue(
  credited: Credited[],
): Array<{ currency: string; amount: number }> {
  const sums = new Map<string, number>();
  for (const c of credited)
    for (const m of c.revenue)
      sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amount);
  return [...sums].map(([currency, amount]) => ({ currency, amount }));
}
