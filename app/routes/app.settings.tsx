import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { shopOverview } from "../shops/overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return shopOverview(db, session.shop);
};

export default function Settings() {
  const { shop } = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">Store</Text>
          <Text as="p">Domain: {shop.domain}</Text>
          <Text as="p">Currency: {shop.currencyCode}</Text>
          <Text as="p">Time zone (quiet hours fall back to it): {shop.ianaTimezone}</Text>
        </BlockStack>
      </Card>
    </Page>
  );
}
