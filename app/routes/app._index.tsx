import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useEffect, type ReactNode } from "react";
import { z } from "zod";
import db from "../db.server";
import { readAppEnv } from "../env.server";
import { authenticate } from "../shopify.server";
import { pauseFromDashboard, shopOverview } from "../admin/dashboard.server";
import { formatNumber } from "../analytics/format";
import { templateByKey } from "../scenarios/templates";
import { startHistorySync } from "../events/history.server";
import { jobQueue } from "../jobs/queue.server";
import { GROUP_LABELS } from "../ui/labels";
import {
  markShopifyAbandonedEmailOff,
  setupChecklist,
  type CheckState,
} from "../admin/setup-checklist.server";
import { activateWebPixel } from "../shops/web-pixel.server";
import { dashboardWords } from "../ui/words/dashboard";
import { pick, useLocale, useT, type Locale, type Translate } from "../ui/i18n";

// The map's groups in its order (a client-side list: .server modules do not reach the browser).
const GROUPS = Object.keys(GROUP_LABELS) as (keyof typeof GROUP_LABELS)[];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const env = readAppEnv();
  const overview = await shopOverview(db, session.shop);
  const checklist = await setupChecklist({
    db,
    graphql: admin.graphql,
    shop: session.shop,
    apiKey: env.apiKey,
    appUrl: env.appUrl,
  });
  return { overview, checklist };
};

const Intent = z.union([
  z.object({
    intent: z.enum([
      "connect-pixel",
      "sync-history",
      "shopify-abandoned-email-off",
      "shopify-abandoned-email-on",
    ]),
  }),
  // The deliverability warning's button.
  z.object({
    intent: z.literal("pause-scenario"),
    scenarioId: z.string().min(1),
  }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const env = readAppEnv();
  const parsed = Intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false as const, error: "unknown action" };
  if (parsed.data.intent === "pause-scenario")
    return pauseFromDashboard(
      db,
      admin.graphql,
      session.shop,
      parsed.data.scenarioId,
    );
  if (parsed.data.intent === "sync-history") {
    const shop = await db.shop.findUniqueOrThrow({
      where: { domain: session.shop },
      select: { id: true },
    });
    // Started again only once the last one ended (the button is off meanwhile).
    await startHistorySync(
      { db, queue: jobQueue(), now: () => new Date() },
      shop.id,
      { again: true },
    );
    return { ok: true as const };
  }
  // Shopify's own abandoned checkout email: only the merchant can tell whether it is off.
  if (parsed.data.intent !== "connect-pixel") {
    await markShopifyAbandonedEmailOff(
      db,
      session.shop,
      parsed.data.intent === "shopify-abandoned-email-off",
    );
    return { ok: true as const };
  }
  try {
    await activateWebPixel(admin.graphql, env.appUrl);
    return { ok: true as const };
  } catch (error) {
    if (error instanceof Response) throw error;
    return { ok: false as const, error: (error as Error).message };
  }
};

const TONE = {
  done: "success",
  todo: "attention",
  unknown: "warning",
} as const;

export default function Dashboard() {
  const { overview, checklist } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT(dashboardWords);
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const revalidator = useRevalidator();
  const { shop, headline, history } = overview;
  const importing =
    history?.phase === "CUSTOMERS" || history?.phase === "ORDERS";
  // The import's progress, read again every few seconds while it runs.
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 3_000);
    return () => clearInterval(timer);
  }, [importing, revalidator]);
  const items = [
    checklist.themeEmbeds.state,
    checklist.email.state,
    checklist.webPixel.state,
    ...(checklist.senderDomain ? [domainState(checklist.senderDomain)] : []),
    ...(checklist.abandonedCheckout ? [checklist.abandonedCheckout.state] : []),
  ];
  const done = items.filter((s) => s === "done").length;
  const money = (amount: number, currency: string) =>
    new Intl.NumberFormat(locale, { style: "currency", currency }).format(
      amount,
    );
  const round = (n: number) => (Math.round(n * 10) / 10).toLocaleString(locale);
  const liftText = (lift: (typeof headline)["lift"]) =>
    !lift
      ? t("liftNone")
      : !lift.enough
        ? t("liftNotEnough")
        : t("liftValue", {
            orders: round(lift.incrementalConversions.value),
            low: round(lift.incrementalConversions.low),
            high: round(lift.incrementalConversions.high),
            rate: round(lift.rateDifference.value * 100),
          });
  const status = (state: CheckState, reason?: string) => (
    <Badge tone={TONE[state]}>
      {state === "unknown" && reason
        ? t("unknownReason", { reason })
        : t(state)}
    </Badge>
  );

  return (
    <Page>
      <TitleBar title={t("title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h1" variant="headingLg">
              {`${t("title")} — `}
              {shop.name ?? shop.domain}
            </Text>
            {result && !result.ok ? (
              <Banner tone="critical">
                {t("error", { reason: result.error })}
              </Banner>
            ) : null}
            {overview.deliverability.warnings.map((w) => {
              const name = w.scenario && scenarioName(w.scenario, locale);
              return (
                <Banner
                  key={w.kind}
                  tone={w.level === "critical" ? "critical" : "warning"}
                  title={t(
                    `${w.kind}${w.level === "critical" ? "Critical" : "Near"}`,
                    { rate: `${formatNumber(w.rate * 100, locale, 2)}%` },
                  )}
                >
                  <BlockStack gap="200">
                    <Text as="p">{t(`${w.kind}Why`)}</Text>
                    {w.scenario && name ? (
                      <Text as="p">
                        {t(
                          w.scenario.status === "ACTIVE"
                            ? "mostFrom"
                            : "mostFromPaused",
                          { scenario: name },
                        )}
                      </Text>
                    ) : null}
                    <InlineStack gap="300" blockAlign="center">
                      {w.scenario?.status === "ACTIVE" && name ? (
                        <Form method="post">
                          <input
                            type="hidden"
                            name="intent"
                            value="pause-scenario"
                          />
                          <input
                            type="hidden"
                            name="scenarioId"
                            value={w.scenario.id}
                          />
                          <Button submit loading={busy}>
                            {t("pauseScenario", { scenario: name })}
                          </Button>
                        </Form>
                      ) : null}
                      <Button url="/app/analytics" variant="plain">
                        {t("seeEmailAnalytics")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Banner>
              );
            })}

            <Card>
              <BlockStack gap="400">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("setupTitle")}
                  </Text>
                  <Text as="span" tone="subdued">
                    {t("setupProgress", { done, total: items.length })}
                  </Text>
                </InlineStack>
                <ProgressBar
                  progress={(done / items.length) * 100}
                  size="small"
                  tone="success"
                  animated={false}
                />

                <ChecklistItem
                  id="setup-theme"
                  title={t("embedsTitle")}
                  status={status(
                    checklist.themeEmbeds.state,
                    checklist.themeEmbeds.reason,
                  )}
                >
                  <Text as="p" tone="subdued">
                    {t("embedsHelp")}
                  </Text>
                  {checklist.themeEmbeds.state === "unknown" ? (
                    <Button
                      onClick={() => revalidator.revalidate()}
                      loading={revalidator.state !== "idle"}
                    >
                      {t("tryAgain")}
                    </Button>
                  ) : (
                    <InlineStack gap="300" blockAlign="center">
                      {checklist.themeEmbeds.embeds.map((embed) => {
                        const name = t(`embed_${embed.handle}`);
                        return embed.state === "on" ? (
                          <Text key={embed.handle} as="span">
                            {name}: {t("embedOn")}
                          </Text>
                        ) : (
                          <Button
                            key={embed.handle}
                            url={embed.activateUrl}
                            target="_top"
                            variant="primary"
                          >
                            {`${t("turnOn", { embed: name })} (${t(embed.state === "off" ? "embedOff" : "embedAbsent")})`}
                          </Button>
                        );
                      })}
                    </InlineStack>
                  )}
                </ChecklistItem>
                <Divider />

                <ChecklistItem
                  id="setup-email"
                  title={t("emailTitle")}
                  status={status(checklist.email.state)}
                >
                  <Text as="p" tone="subdued">
                    {checklist.email.freeMailSender
                      ? t("emailFreeMail", {
                          address: checklist.email.freeMailSender,
                        })
                      : t(
                          !checklist.email.providerConnected
                            ? "emailNoProvider"
                            : !checklist.email.testSent
                              ? "emailNoTest"
                              : "emailDone",
                        )}
                  </Text>
                  {checklist.email.state === "done" ? null : (
                    <Button url="/app/settings">{t("openSettings")}</Button>
                  )}
                </ChecklistItem>
                <Divider />

                <ChecklistItem
                  id="setup-pixel"
                  title={t("pixelTitle")}
                  status={status(
                    checklist.webPixel.state,
                    checklist.webPixel.reason,
                  )}
                >
                  <Text as="p" tone="subdued">
                    {checklist.webPixel.state === "done"
                      ? t("pixelConnected")
                      : checklist.webPixel.state === "todo" &&
                          checklist.webPixel.reason
                        ? checklist.webPixel.reason
                        : t("pixelHelp")}
                  </Text>
                  {checklist.webPixel.state === "done" ? null : (
                    <Form method="post">
                      <input
                        type="hidden"
                        name="intent"
                        value="connect-pixel"
                      />
                      <Button submit loading={busy}>
                        {t("pixelConnect")}
                      </Button>
                    </Form>
                  )}
                </ChecklistItem>
                {checklist.senderDomain ? (
                  <>
                    <Divider />
                    <SenderDomainItem
                      check={checklist.senderDomain}
                      t={t}
                      status={status}
                      recheck={
                        <Button
                          onClick={() => revalidator.revalidate()}
                          loading={revalidator.state !== "idle"}
                        >
                          {t("tryAgain")}
                        </Button>
                      }
                    />
                  </>
                ) : null}
                {checklist.abandonedCheckout ? (
                  <>
                    <Divider />
                    <ChecklistItem
                      id="setup-abandoned-checkout"
                      title={t("abandonedTitle")}
                      status={status(checklist.abandonedCheckout.state)}
                    >
                      <Text as="p" tone="subdued">
                        {t("abandonedHelp", {
                          templates:
                            checklist.abandonedCheckout.templates.join(", "),
                        })}
                      </Text>
                      <InlineStack gap="300" blockAlign="center">
                        <Button
                          url={checklist.abandonedCheckout.notificationsUrl}
                          target="_top"
                        >
                          {t("abandonedNotifications")}
                        </Button>
                        <Button
                          url={checklist.abandonedCheckout.automationsUrl}
                          target="_top"
                        >
                          {t("abandonedAutomations")}
                        </Button>
                        <Form method="post">
                          <input
                            type="hidden"
                            name="intent"
                            value={
                              checklist.abandonedCheckout.state === "done"
                                ? "shopify-abandoned-email-on"
                                : "shopify-abandoned-email-off"
                            }
                          />
                          <Button
                            submit
                            loading={busy}
                            variant={
                              checklist.abandonedCheckout.state === "done"
                                ? "plain"
                                : "primary"
                            }
                          >
                            {t(
                              checklist.abandonedCheckout.state === "done"
                                ? "abandonedUndo"
                                : "abandonedMarkDone",
                            )}
                          </Button>
                        </Form>
                      </InlineStack>
                    </ChecklistItem>
                  </>
                ) : null}
              </BlockStack>
            </Card>

            <BlockStack gap="200">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("scenariosTitle")}
                </Text>
                <Button url="/app/scenarios" variant="plain">
                  {t("viewAll")}
                </Button>
              </InlineStack>
              <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
                {GROUPS.map((group) => (
                  <Card key={group}>
                    <BlockStack gap="200">
                      <Text as="h3" variant="headingSm">
                        {t(`group_${group}`)}
                      </Text>
                      <Text as="p" variant="headingXl">
                        {overview.activeScenariosByGroup[group]}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("activeCount")}
                      </Text>
                    </BlockStack>
                  </Card>
                ))}
              </InlineGrid>
            </BlockStack>

            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("figuresTitle")}
              </Text>
              <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
                <Figure
                  label={t("conversions")}
                  value={String(headline.conversions)}
                />
                <Figure
                  label={t("revenue")}
                  value={
                    headline.revenue.length
                      ? headline.revenue
                          .map((r) => money(r.amount, r.currency))
                          .join(" · ")
                      : t("noRevenue")
                  }
                />
                <Figure
                  label={t("runsStarted")}
                  value={String(headline.launches)}
                />
                <Figure label={t("lift")} value={liftText(headline.lift)} />
              </InlineGrid>
            </BlockStack>

            <Card>
              <BlockStack gap="300" id="history">
                <Text as="h2" variant="headingMd">
                  {t("historyTitle")}
                </Text>
                <Text as="p">
                  {!history
                    ? t("historyNone")
                    : history.phase === "CUSTOMERS"
                      ? history.customers || history.objectCount
                        ? t("historyCustomers", {
                            customers: history.customers,
                          })
                        : t("historyQueued")
                      : history.phase === "ORDERS"
                        ? t("historyOrders", {
                            customers: history.customers,
                            orders: history.orders,
                          })
                        : history.phase === "DONE"
                          ? t("historyDone", {
                              customers: history.customers,
                              orders: history.orders,
                              date: new Date(
                                history.finishedAt ?? history.startedAt,
                              ).toLocaleString(locale),
                            })
                          : t("historyFailed", {
                              reason: history.error ?? "",
                            })}
                </Text>
                {history?.recentOrdersOnly ? (
                  <Banner tone="info">{t("historyRecentOnly")}</Banner>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="sync-history" />
                  <Button submit disabled={importing} loading={busy}>
                    {t("historySyncAgain")}
                  </Button>
                </Form>
              </BlockStack>
            </Card>

            <Text as="p" tone="subdued">
              {t("contacts", {
                contacts: overview.contacts,
                currency: shop.currencyCode,
                zone: shop.ianaTimezone,
              })}
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type Words = Translate<(typeof dashboardWords)["en"]>;

/** A template's scenario by its template's name in the admin's language, as the scenario list shows it. */
const scenarioName = (
  s: { name: string; templateKey: string | null },
  locale: Locale,
) => {
  const template = s.templateKey ? templateByKey(s.templateKey) : undefined;
  return template ? pick(template.name, locale) : s.name;
};
type DomainCheck = NonNullable<
  ReturnType<typeof useLoaderData<typeof loader>>["checklist"]["senderDomain"]
>;

/** One item in the progress: done when all three are, to do when any is, else couldn't check. */
const domainState = ({ spf, dkim, dmarc }: DomainCheck): CheckState => {
  const states = [spf.state, dkim.state, dmarc.state];
  return states.every((s) => s === "done")
    ? "done"
    : states.includes("todo")
      ? "todo"
      : "unknown";
};

/** SPF, DKIM and DMARC of the sender's domain, each with what to do at the DNS host. */
function SenderDomainItem({
  check,
  t,
  status,
  recheck,
}: {
  check: DomainCheck;
  t: Words;
  status: (state: CheckState, reason?: string) => ReactNode;
  recheck: ReactNode;
}) {
  const { domain, spf, dkim, dmarc } = check;
  const names = (selectors: string[]) =>
    selectors.map((s) => `${s}._domainkey.${domain}`).join(", ");
  const spfText =
    spf.reason === "lookupFailed"
      ? t("lookupFailed", { reason: spf.error ?? "" })
      : spf.reason === "noRecord" && !spf.include
        ? t("spf_noRecordSmtp")
        : t(`spf_${spf.reason}`, { include: spf.include ?? "" });
  const dkimText =
    dkim.reason === "lookupFailed"
      ? t("lookupFailed", { reason: dkim.error ?? "" })
      : dkim.reason === "selectorNeeded"
        ? t("dkim_selectorNeeded")
        : t(`dkim_${dkim.reason}`, {
            names: names(
              dkim.reason === "missing"
                ? (dkim.missing ?? dkim.selectors)
                : dkim.selectors,
            ),
          });
  const dmarcText =
    dmarc.reason === "lookupFailed"
      ? t("lookupFailed", { reason: dmarc.error ?? "" })
      : dmarc.reason === "noRecord"
        ? t("dmarc_noRecord", { domain })
        : `${t("dmarc_found", {
            recordDomain: dmarc.recordDomain ?? domain,
            policy: `p=${dmarc.policy ?? "none"}`,
          })}${dmarc.policy === "none" ? ` ${t("dmarcMonitorOnly")}` : ""}`;
  const rows = [
    { key: "spf", state: spf.state, text: spfText },
    { key: "dkim", state: dkim.state, text: dkimText },
    { key: "dmarc", state: dmarc.state, text: dmarcText },
  ] as const;
  return (
    <ChecklistItem
      id="setup-sender-domain"
      title={t("domainTitle", { domain })}
      status={status(domainState(check))}
    >
      <Text as="p" tone="subdued">
        {t("domainHelp")}
      </Text>
      {rows.map((row) => (
        <BlockStack key={row.key} gap="100">
          <InlineStack gap="200" blockAlign="center">
            {status(row.state)}
            <Text as="h4" variant="headingXs">
              {t(row.key)}
            </Text>
          </InlineStack>
          <Text as="p">{row.text}</Text>
        </BlockStack>
      ))}
      {rows.some((r) => r.state !== "done") ? recheck : null}
    </ChecklistItem>
  );
}

function ChecklistItem({
  id,
  title,
  status,
  children,
}: {
  id: string;
  title: string;
  status: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box id={id}>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          {status}
          <Text as="h3" variant="headingSm">
            {title}
          </Text>
        </InlineStack>
        {children}
      </BlockStack>
    </Box>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}
