import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, Link, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { listDataExports } from "../privacy/compliance.server";
import { shopOverview } from "../shops/overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, dataExports] = await Promise.all([shopOverview(db, session.shop), listDataExports(db, session.shop)]);
  return { ...overview, dataExports };
};

export default function Settings() {
  const { shop, dataExports } = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingSm">Store</Text>
            <Text as="p">Domain: {shop.domain}</Text>
            <Text as="p">Currency: {shop.currencyCode}</Text>
            <Text as="p">Time zone (quiet hours fall back to it): {shop.ianaTimezone}</Text>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingSm">Customer data requests</Text>
            <Text as="p" tone="subdued">
              When a customer asks for their data, Shopify tells the app and the app prepares what it holds on them. Download it
              and send it to the customer within 30 days.
            </Text>
            {dataExports.length === 0 ? (
              <Text as="p">No requests yet.</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text"]}
                headings={["Received", "Customer", "Data"]}
                rows={dataExports.map((e) => [
                  new Date(e.createdAt).toLocaleString(),
                  e.customer,
                  <Link key={e.id} url={`/app/data-exports/${e.id}`} target="_blank">Download JSON</Link>,
                ])}
              />
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
