import type { LoaderFunctionArgs } from "@remix-run/node";
import { BlockStack, Card, InlineGrid, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { GROUP_LABELS } from "../ui/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

const GROUP_PURPOSE: Record<keyof typeof GROUP_LABELS, string> = {
  LEAD_GENERATION: "Turn visitors into subscribers: popups that trade a bonus for an email, push opt-in, welcome emails.",
  SALES: "Recover carts and checkouts, remind of viewed products, nudge to the next discount tier.",
  RETENTION: "Thank buyers, confirm orders, offer a next-order bonus and ask for a review.",
  WIN_BACK: "Bring back customers who stopped visiting with pushes, emails and a personal offer.",
};

export default function Templates() {
  return (
    <Page title="Templates">
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        {Object.entries(GROUP_LABELS).map(([group, label]) => (
          <Card key={group}>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">{label}</Text>
              <Text as="p">{GROUP_PURPOSE[group as keyof typeof GROUP_LABELS]}</Text>
            </BlockStack>
          </Card>
        ))}
      </InlineGrid>
    </Page>
  );
}
