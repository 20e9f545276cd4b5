import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, DataTable, EmptyState, Page } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { listScenarios } from "../shops/overview.server";
import { GROUP_LABELS, STATUS_LABELS } from "../ui/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { scenarios: await listScenarios(db, session.shop) };
};

export default function Scenarios() {
  const { scenarios } = useLoaderData<typeof loader>();
  return (
    <Page title="Scenarios">
      <Card>
        {scenarios.length === 0 ? (
          <EmptyState heading="No scenarios yet" image="">
            <p>Scenarios you activate from the trigger map's templates appear here.</p>
          </EmptyState>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text"]}
            headings={["Scenario", "Group", "Status"]}
            rows={scenarios.map((s) => [
              s.name,
              GROUP_LABELS[s.group],
              <Badge key={s.id} tone={s.status === "ACTIVE" ? "success" : undefined}>{STATUS_LABELS[s.status]}</Badge>,
            ])}
          />
        )}
      </Card>
    </Page>
  );
}
