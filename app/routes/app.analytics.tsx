// Analytics overview: each scenario's launches, how its runs ended, its credited orders and revenue
// over the last 7, 30 or 90 days (app/analytics/overview.server.ts), and its email deliverability:
// sent, delivered, bounces and spam complaints per scenario (app/analytics/deliverability.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  DataTable,
  EmptyState,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import db from "../db.server";
import { rangeFrom } from "../analytics/csv";
import { deliverability } from "../analytics/deliverability.server";
import { formatPercent, formatRevenue } from "../analytics/format";
import { PeriodSelect } from "../analytics/PeriodSelect";
import {
  analyticsOverview,
  shopForAnalytics,
} from "../analytics/overview.server";
import { authenticate } from "../shopify.server";
import { analyticsWords } from "../ui/words/analytics";
import { useLocale, useT } from "../ui/i18n";
import type { ReactNode } from "react";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const days = rangeFrom(new URL(request.url).searchParams.get("days"));
  const shop = await shopForAnalytics(db, session.shop);
  return {
    days,
    windowDays: shop?.windowDays ?? 5,
    scenarios: shop ? await analyticsOverview(db, shop.id, days) : [],
    email: shop ? await deliverability(db, shop.id, new Date(), days) : null,
  };
};

export default function Analytics() {
  const { days, windowDays, scenarios, email } = useLoaderData<typeof loader>();
  const t = useT(analyticsWords);
  const locale = useLocale();
  const pct = (v: number | null) =>
    formatPercent(v, locale, t("notApplicable"));
  type Row = NonNullable<typeof email>["total"];
  // Without the provider's reports, bounces and complaints are not known (not zero).
  const unknown = t("notApplicable");
  const emailRow = (name: ReactNode, r: Row) =>
    email?.accepted
      ? [name, r.sent, r.delivered, unknown, unknown, unknown, unknown]
      : [
          name,
          r.sent,
          r.delivered,
          `${r.hardBounced} / ${r.softBounced}`,
          r.complained,
          pct(r.bounceRate),
          pct(r.complaintRate),
        ];
  return (
    <Page title={t("title")}>
      <BlockStack gap="400">
        <InlineStack align="end">
          <PeriodSelect days={days} />
        </InlineStack>
        <Card padding="0">
          {scenarios.length === 0 ? (
            <EmptyState heading={t("emptyHeading")} image="">
              <p>{t("emptyBody")}</p>
            </EmptyState>
          ) : (
            <DataTable
              columnContentTypes={[
                "text",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
              ]}
              headings={[
                t("scenario"),
                t("launches"),
                t("inProgress"),
                t("goalReached"),
                t("finished"),
                t("exited"),
                t("failed"),
                t("conversions"),
                t("revenue"),
              ]}
              rows={scenarios.map((s) => [
                <Link
                  key={s.id}
                  to={`/app/analytics/${s.id}?days=${days}`}
                  data-scenario={s.id}
                >
                  {s.name}
                </Link>,
                s.launches,
                s.inProgress,
                s.goalReached,
                s.finished,
                s.exited,
                s.failed,
                s.conversions,
                formatRevenue(s.revenue, locale),
              ])}
            />
          )}
        </Card>
        <Text as="p" tone="subdued">
          {t("overviewNote", { days: windowDays })}
        </Text>
        {email && (
          <Card padding="0">
            <BlockStack gap="200">
              <Box padding="400" paddingBlockEnd="0">
                <Text as="h2" variant="headingMd">
                  {t("deliverabilityTitle")}
                </Text>
              </Box>
              {email.total.sent === 0 ? (
                <Box padding="400" paddingBlockStart="0">
                  <Text as="p" tone="subdued">
                    {t("noEmails")}
                  </Text>
                </Box>
              ) : (
                <DataTable
                  columnContentTypes={[
                    "text",
                    "numeric",
                    "numeric",
                    "numeric",
                    "numeric",
                    "numeric",
                    "numeric",
                  ]}
                  headings={[
                    t("scenario"),
                    t("emailsSent"),
                    t(email.accepted ? "accepted" : "delivered"),
                    t("bounced"),
                    t("complaints"),
                    t("bounceRate"),
                    t("complaintRate"),
                  ]}
                  rows={email.scenarios.map((s) =>
                    emailRow(
                      <Link
                        key={s.id}
                        to={`/app/analytics/${s.id}?days=${days}`}
                      >
                        {s.name}
                      </Link>,
                      s,
                    ),
                  )}
                  totals={emailRow("", email.total)}
                  totalsName={{
                    singular: t("allEmail"),
                    plural: t("allEmail"),
                  }}
                  showTotalsInFooter
                />
              )}
              <Box padding="400" paddingBlockStart="0">
                <BlockStack gap="200">
                  {email.accepted && (
                    <Banner tone="info">{t("reportsOff")}</Banner>
                  )}
                  <Text as="p" tone="subdued">
                    {t("deliverabilityNote")}
                  </Text>
                </BlockStack>
              </Box>
            </BlockStack>
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}
