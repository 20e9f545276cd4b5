import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { shopOverview } from "../shops/overview.server";
import { GROUP_LABELS } from "../ui/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return shopOverview(db, session.shop);
};

export default function Dashboard() {
  const { shop, activeScenariosByGroup, contacts } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Trigger Map" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h1" variant="headingLg">
              Dashboard — {shop.name ?? shop.domain}
            </Text>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              {Object.entries(activeScenariosByGroup).map(([group, count]) => (
                <Card key={group}>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingSm">{GROUP_LABELS[group as keyof typeof GROUP_LABELS]}</Text>
                    <Text as="p" variant="headingXl">{count}</Text>
                    <Text as="p" tone="subdued">active scenarios</Text>
                  </BlockStack>
                </Card>
              ))}
            </InlineGrid>
            <Card>
              <Text as="p">
                {contacts} contacts known · prices in {shop.currencyCode} · store time zone {shop.ianaTimezone}
              </Text>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
