// The Shopify customer behind an email left on the storefront, with the marketing consent given
// there: created when new, its consent updated when it exists. Shopify is the record of consent
// (customers/update and consent webhooks bring it back to the app).
import { adminQuery, describeUserErrors, legacyId, type AdminGraphql, type UserError } from "../shopify/admin-graphql";

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
  customers: { nodes: { id: string; emailMarketingConsent: { marketingState: string } | null }[] };
}

/** Shopify's customer search matches the email exactly when quoted. */
const byEmail = (email: string) => `email:"${email.replace(/["\\]/g, "")}"`;

export async function upsertCustomerConsent(
  graphql: AdminGraphql,
  input: { email: string; state: ConsentState; tags?: string[]; at: Date },
): Promise<string> {
  const consent = {
    marketingState: input.state,
    marketingOptInLevel: input.state === "PENDING" ? "CONFIRMED_OPT_IN" : "SINGLE_OPT_IN",
    consentUpdatedAt: input.at.toISOString(),
  };
  let existing = (await adminQuery<Found>(graphql, FIND, { query: byEmail(input.email) })).customers.nodes[0];
  if (!existing) {
    const created = await adminQuery<{ customerCreate: { customer: { id: string } | null; userErrors: UserError[] } }>(graphql, CREATE, {
      input: { email: input.email, emailMarketingConsent: consent, ...(input.tags?.length ? { tags: input.tags } : {}) },
    });
    if (created.customerCreate.customer) return legacyId(created.customerCreate.customer.id);
    // Taken since we looked (another request): update that customer instead.
    existing = (await adminQuery<Found>(graphql, FIND, { query: byEmail(input.email) })).customers.nodes[0];
    if (!existing) throw new Error(`customerCreate: ${describeUserErrors(created.customerCreate.userErrors)}`);
  }
  // A shopper already subscribed stays so: asking again to confirm would only confuse them.
  if (existing.emailMarketingConsent?.marketingState !== "SUBSCRIBED" || input.state === "UNSUBSCRIBED") {
    const updated = await adminQuery<{ customerEmailMarketingConsentUpdate: { userErrors: UserError[] } }>(graphql, CONSENT, {
      input: { customerId: existing.id, emailMarketingConsent: consent },
    });
    const errors = updated.customerEmailMarketingConsentUpdate.userErrors;
    if (errors.length) throw new Error(`customerEmailMarketingConsentUpdate: ${describeUserErrors(errors)}`);
  }
  if (input.tags?.length) {
    const tagged = await adminQuery<{ tagsAdd: { userErrors: UserError[] } }>(graphql, TAGS, { id: existing.id, tags: input.tags });
    if (tagged.tagsAdd.userErrors.length) throw new Error(`tagsAdd: ${describeUserErrors(tagged.tagsAdd.userErrors)}`);
  }
  return legacyId(existing.id);
}

/** One-click unsubscribe reaches Shopify too: the customer's record says UNSUBSCRIBED. */
export async function unsubscribeCustomer(graphql: AdminGraphql, customerId: string, at: Date): Promise<void> {
  const result = await adminQuery<{ customerEmailMarketingConsentUpdate: { userErrors: UserError[] } }>(graphql, CONSENT, {
    input: {
      customerId: `gid://shopify/Customer/${customerId}`,
      emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: at.toISOString() },
    },
  });
  const errors = result.customerEmailMarketingConsentUpdate.userErrors;
  if (errors.length) throw new Error(`customerEmailMarketingConsentUpdate: ${describeUserErrors(errors)}`);
}
