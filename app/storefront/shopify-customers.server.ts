// The Shopify customer behind an email left on the storefront: found by the address, created with
// the consent given when new; an existing customer's consent changes only once the shopper proved
// who they are (see capture.server.ts). Shopify is the record of consent (customers/update and
// consent webhooks bring it back to the app).
import {
  adminQuery,
  describeUserErrors,
  legacyId,
  type AdminGraphql,
  type UserError,
} from "../shopify/admin-graphql";

const FIND = `#graphql
  query TriggerMapCustomerByEmail($query: String!) {
    customers(first: 1, query: $query) { nodes { id emailMarketingConsent { marketingState } } }
  }`;
const CREATE = `#graphql
  mutation TriggerMapCustomerCreate($input: CustomerInput!) {
    customerCreate(input: $input) { customer { id } userErrors { field message } }
  }`;
const CONSENT = `#graphql
  mutation TriggerMapCustomerConsent($input: CustomerEmailMarketingConsentUpdateInput!) {
    customerEmailMarketingConsentUpdate(input: $input) { customer { id } userErrors { field message } }
  }`;
const TAGS = `#graphql
  mutation TriggerMapCustomerTags($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) { userErrors { field message } }
  }`;

export type ConsentState = "SUBSCRIBED" | "PENDING" | "UNSUBSCRIBED";

interface Found {
  customers: {
    nodes: {
      id: string;
      emailMarketingConsent: { marketingState: string } | null;
    }[];
  };
}

/** Shopify's customer search matches the email exactly when quoted. */
const byEmail = (email: string) => `email:"${email.replace(/["\\]/g, "")}"`;

export interface ShopifyCustomer {
  /** The legacy (numeric) id, as webhooks and the app proxy name it. */
  id: string;
  marketingState: string | null;
}

export async function findCustomer(
  graphql: AdminGraphql,
  email: string,
): Promise<ShopifyCustomer | null> {
  const node = (
    await adminQuery<Found>(graphql, FIND, { query: byEmail(email) })
  ).customers.nodes[0];
  return node
    ? {
        id: legacyId(node.id),
        marketingState: node.emailMarketingConsent?.marketingState ?? null,
      }
    : null;
}

const consentInput = (
  state: ConsentState,
  at: Date,
  level: "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN",
) => ({
  marketingState: state,
  ...(state === "UNSUBSCRIBED"
    ? {}
    : {
        marketingOptInLevel: state === "PENDING" ? "CONFIRMED_OPT_IN" : level,
      }),
  consentUpdatedAt: at.toISOString(),
});

/** A new customer with the consent given; null when the address is taken (another request, another shopper). */
export async function createCustomer(
  graphql: AdminGraphql,
  input: { email: string; state: ConsentState; tags?: string[]; at: Date },
): Promise<string | null> {
  const created = await adminQuery<{
    customerCreate: {
      customer: { id: string } | null;
      userErrors: UserError[];
    };
  }>(graphql, CREATE, {
    input: {
      email: input.email,
      emailMarketingConsent: consentInput(
        input.state,
        input.at,
        "SINGLE_OPT_IN",
      ),
      ...(input.tags?.length ? { tags: input.tags } : {}),
    },
  });
  if (created.customerCreate.customer)
    return legacyId(created.customerCreate.customer.id);
  if (await findCustomer(graphql, input.email)) return null;
  throw new Error(
    `customerCreate: ${describeUserErrors(created.customerCreate.userErrors)}`,
  );
}

/**
 * The consent of a customer the shopper proved to be (logged in, or a confirmation link clicked);
 * `confirmed`: the shopper confirmed from their inbox.
 */
export async function updateCustomerConsent(
  graphql: AdminGraphql,
  input: {
    customerId: string;
    state: ConsentState;
    confirmed?: boolean;
    tags?: string[];
    at: Date;
  },
): Promise<void> {
  const id = `gid://shopify/Customer/${input.customerId}`;
  const updated = await adminQuery<{
    customerEmailMarketingConsentUpdate: { userErrors: UserError[] };
  }>(graphql, CONSENT, {
    input: {
      customerId: id,
      emailMarketingConsent: consentInput(
        input.state,
        input.at,
        input.confirmed ? "CONFIRMED_OPT_IN" : "SINGLE_OPT_IN",
      ),
    },
  });
  const errors = updated.customerEmailMarketingConsentUpdate.userErrors;
  if (errors.length)
    throw new Error(
      `customerEmailMarketingConsentUpdate: ${describeUserErrors(errors)}`,
    );
  if (input.tags?.length)
    await tagCustomer(graphql, input.customerId, input.tags);
}

export async function tagCustomer(
  graphql: AdminGraphql,
  customerId: string,
  tags: string[],
): Promise<void> {
  const tagged = await adminQuery<{ tagsAdd: { userErrors: UserError[] } }>(
    graphql,
    TAGS,
    { id: `gid://shopify/Customer/${customerId}`, tags },
  );
  if (tagged.tagsAdd.userErrors.length)
    throw new Error(
      `tagsAdd: ${describeUserErrors(tagged.tagsAdd.userErrors)}`,
    );
}

/** One-click unsubscribe reaches Shopify too: the customer's record says UNSUBSCRIBED. */
export const unsubscribeCustomer = (
  graphql: AdminGraphql,
  customerId: string,
  at: Date,
) => updateCustomerConsent(graphql, { customerId, state: "UNSUBSCRIBED", at });
