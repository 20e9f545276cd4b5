// Analytics overview: each scenario's launches, how its runs ended, its credited orders and revenue
// over the last 7, 30 or 90 days (app/analytics/overview.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  BlockStack,
  Card,
  DataTable,
  EmptyState,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import db from "../db.server";
import { rangeFrom } from "../analytics/csv";
import { formatRevenue } from "../analytics/format";
import { PeriodSelect } from "../analytics/PeriodSelect";
import {
  analyticsOverview,
  shopForAnalytics,
} from "../analytics/overview.server";
import { authenticate } from "../shopify.server";
import { analyticsWords } from "../ui/words/analytics";
import { useLocale, useT } from "../ui/i18n";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const days = rangeFrom(new URL(request.url).searchParams.get("days"));
  const shop = await shopForAnalytics(db, session.shop);
  return {
    days,
    windowDays: shop?.windowDays ?? 5,
    scenarios: shop ? await analyticsOverview(db, shop.id, days) : [],
  };
};

export default function Analytics() {
  const { days, windowDays, scenarios } = useLoaderData<typeof loader>();
  const t = useT(analyticsWords);
  const locale = useLocale();
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
      </BlockStack>
    </Page>
  );
}
