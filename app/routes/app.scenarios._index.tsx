import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  Card,
  EmptyState,
  IndexTable,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import db from "../db.server";
import { templateByKey } from "../scenarios/templates";
import { authenticate } from "../shopify.server";
import { listScenarioRows } from "../admin/scenario-editor.server";
import { scenarioWords } from "../ui/words/scenario";
import { pick, useLocale, useT } from "../ui/i18n";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { scenarios: await listScenarioRows(db, session.shop) };
};

export default function Scenarios() {
  const { scenarios } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const t = useT(scenarioWords);
  const locale = useLocale();
  const count = (runs: Record<string, number>) =>
    Object.values(runs).reduce((sum, n) => sum + n, 0);
  return (
    <Page
      title={t("listTitle")}
      // In the app, not a page load: a bare link would lose the admin's session token.
      primaryAction={{
        content: t("newScenario"),
        onAction: () => navigate("/app/scenarios/new"),
      }}
    >
      <Card padding="0">
        {scenarios.length === 0 ? (
          <EmptyState
            heading={t("emptyHeading")}
            image=""
            action={{ content: t("emptyAction"), url: "/app/templates" }}
          >
            <p>{t("emptyBody")}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: t("colName"), plural: t("listTitle") }}
            itemCount={scenarios.length}
            selectable={false}
            headings={[
              { title: t("colName") },
              { title: t("colGroup") },
              { title: t("colStatus") },
              { title: t("colVersion"), alignment: "end" },
              { title: t("colLaunches"), alignment: "end" },
              { title: t("colInProgress"), alignment: "end" },
            ]}
          >
            {scenarios.map((s, i) => {
              const template = s.templateKey
                ? templateByKey(s.templateKey)
                : undefined;
              return (
                <IndexTable.Row id={s.id} key={s.id} position={i}>
                  <IndexTable.Cell>
                    <Link
                      dataPrimaryLink
                      url={`/app/scenarios/${s.id}`}
                      removeUnderline
                    >
                      <Text as="span" fontWeight="semibold">
                        {template ? pick(template.name, locale) : s.name}
                      </Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{t(`group_${s.group}`)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge
                      tone={
                        s.status === "ACTIVE"
                          ? "success"
                          : s.status === "PAUSED"
                            ? "warning"
                            : undefined
                      }
                    >
                      {t(`status_${s.status}`)}
                    </Badge>
                    {s.unreadable && (
                      <>
                        {" "}
                        <Badge tone="critical">{t("listUnreadable")}</Badge>
                      </>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {s.version}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {count(s.runsByStatus)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {(s.runsByStatus.ACTIVE ?? 0) +
                        (s.runsByStatus.WAITING ?? 0)}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
