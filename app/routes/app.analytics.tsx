import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, DataTable, EmptyState, Page } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { listScenarios } from "../shops/overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { scenarios: await listScenarios(db, session.shop) };
};

const count = (runs: Record<string, number>, ...statuses: string[]) =>
  statuses.reduce((sum, status) => sum + (runs[status] ?? 0), 0);

export default function Analytics() {
  const { scenarios } = useLoaderData<typeof loader>();
  return (
    <Page title="Analytics">
      <Card>
        {scenarios.length === 0 ? (
          <EmptyState heading="Nothing to measure yet" image="">
            <p>Launches, completions and errors show here once a scenario runs.</p>
          </EmptyState>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
            headings={["Scenario", "Launches", "In progress", "Completed", "Stopped by error"]}
            rows={scenarios.map((s) => [
              s.name,
              count(s.runsByStatus, "ACTIVE", "WAITING", "COMPLETED", "EXITED", "FAILED"),
              count(s.runsByStatus, "ACTIVE", "WAITING"),
              count(s.runsByStatus, "COMPLETED", "EXITED"),
              count(s.runsByStatus, "FAILED"),
            ])}
          />
        )}
      </Card>
    </Page>
  );
}
