import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../config";
import { DEMO_PRODUCTS } from "./demo-catalogue";
import type { DoubleProduct } from "./products";
import { SHOP_HEADER, startShopifyDouble, type ShopifyDouble } from "./server";
import { API_KEY, API_SECRET, OTHER_SHOP, SCOPES, SHOP } from "./test-support";

let double: ShopifyDouble;

const OWN_PRODUCT: DoubleProduct = {
  id: "gid://shopify/Product/42",
  title: "Test kettle",
  handle: "test-kettle",
  description: "Boils.",
  price: "80.00",
  currencyCode: "EUR",
  imageUrl: "https://images.example/kettle.png",
  totalInventory: 0,
};
const OWN_SHOP = {
  ...OTHER_SHOP,
  primaryDomainUrl: "https://kettles.example",
  products: [OWN_PRODUCT],
};

/** Sends an operation as the app does (named, with variables) and fails on anything Shopify would refuse. */
async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  shop = SHOP.domain,
) {
  const response = await fetch(`${double.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Access-Token": double.issueAccessToken(shop),
      [SHOP_HEADER]: shop,
    },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in tests
    data: Record<string, any>;
    errors?: { message: string }[];
  };
}

beforeAll(async () => {
  double = await startShopifyDouble({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: "http://127.0.0.1:9",
    scopes: SCOPES,
    shops: [SHOP, OWN_SHOP, DEMO_SHOP],
  });
});
afterAll(async () => {
  expect(double.admin.invalidOperations).toEqual([]);
  await double?.close();
});

const CUSTOMER_FIELDS =
  "id email firstName lastName tags emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }";
const CREATE_CUSTOMER = `mutation CreateCustomer($input: CustomerInput!) {
  customerCreate(input: $input) { customer { ${CUSTOMER_FIELDS} } userErrors { field message } } }`;
const createCustomer = (input: Record<string, unknown>, shop = SHOP.domain) =>
  graphql(CREATE_CUSTOMER, { input }, shop);

describe("customers", () => {
  it("creates a customer with its email marketing consent and keeps it in the shop's store", async () => {
    const { data } = await createCustomer({
      email: "ann@example.com",
      firstName: "Ann",
      lastName: "Lee",
      tags: ["vip", "newsletter"],
      emailMarketingConsent: {
        marketingState: "SUBSCRIBED",
        marketingOptInLevel: "CONFIRMED_OPT_IN",
        consentUpdatedAt: "2026-03-01T10:00:00Z",
      },
    });
    expect(data.customerCreate).toEqual({
      customer: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Customer\/\d+$/),
        email: "ann@example.com",
        firstName: "Ann",
        lastName: "Lee",
        tags: ["vip", "newsletter"],
        emailMarketingConsent: {
          marketingState: "SUBSCRIBED",
          marketingOptInLevel: "CONFIRMED_OPT_IN",
          consentUpdatedAt: "2026-03-01T10:00:00Z",
        },
      },
      userErrors: [],
    });
    expect(double.admin.customers(SHOP.domain)).toContainEqual(
      expect.objectContaining({
        id: data.customerCreate.customer.id,
        email: "ann@example.com",
        tags: ["vip", "newsletter"],
      }),
    );
    expect(double.admin.customers(OTHER_SHOP.domain)).toEqual([]);
  });

  it("refuses an email already taken (whatever its case) and an invalid one, with Shopify's messages", async () => {
    await createCustomer({ email: "taken@example.com" });
    const before = double.admin.customers(SHOP.domain).length;
    const taken = await createCustomer({
      email: "Taken@Example.com",
      firstName: "Again",
    });
    expect(taken.data.customerCreate).toEqual({
      customer: null,
      userErrors: [
        { field: ["email"], message: "Email has already been taken" },
      ],
    });
    const invalid = await createCustomer({ email: "not-an-email" });
    expect(invalid.data.customerCreate).toEqual({
      customer: null,
      userErrors: [{ field: ["email"], message: "Email is invalid" }],
    });
    expect(double.admin.customers(SHOP.domain)).toHaveLength(before);
  });

  it("gives a customer created without consent Shopify's default: not subscribed, no date", async () => {
    const { data } = await createCustomer({ email: "quiet@example.com" });
    expect(data.customerCreate.customer.emailMarketingConsent).toEqual({
      marketingState: "NOT_SUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
      consentUpdatedAt: null,
    });
  });

  it("finds customers by the email: search term, case-insensitively, and by id", async () => {
    const { data: created } = await createCustomer({
      email: "bob@example.com",
      firstName: "Bob",
    });
    const id = created.customerCreate.customer.id;
    const FIND = `query FindCustomers($query: String!) { customers(first: 5, query: $query) { nodes { id email } pageInfo { hasNextPage } } }`;
    const found = await graphql(FIND, { query: "email:BOB@example.com" });
    expect(found.data.customers).toEqual({
      nodes: [{ id, email: "bob@example.com" }],
      pageInfo: { hasNextPage: false },
    });
    const none = await graphql(FIND, { query: "email:nobody@example.com" });
    expect(none.data.customers.nodes).toEqual([]);
    const all = await graphql(FIND, { query: "country:France" });
    expect(all.data.customers.nodes).toHaveLength(
      double.admin.customers(SHOP.domain).length,
    );
    const one = await graphql(
      `
        query GetCustomer($id: ID!) {
          customer(id: $id) {
            id
            firstName
            displayName
          }
        }
      `,
      { id },
    );
    expect(one.data.customer).toEqual({
      id,
      firstName: "Bob",
      displayName: "Bob",
    });
  });

  it("updates email marketing consent, and answers a userError for an unknown customer", async () => {
    const { data: created } = await createCustomer({
      email: "cat@example.com",
    });
    const UPDATE = `mutation UpdateConsent($input: CustomerEmailMarketingConsentUpdateInput!) {
      customerEmailMarketingConsentUpdate(input: $input) { customer { ${CUSTOMER_FIELDS} } userErrors { field message code } } }`;
    const consent = {
      marketingState: "UNSUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
      consentUpdatedAt: "2026-04-02T08:30:00Z",
    };
    const updated = await graphql(UPDATE, {
      input: {
        customerId: created.customerCreate.customer.id,
        emailMarketingConsent: consent,
      },
    });
    expect(updated.data.customerEmailMarketingConsentUpdate).toMatchObject({
      customer: { email: "cat@example.com", emailMarketingConsent: consent },
      userErrors: [],
    });
    expect(
      double.admin
        .customers(SHOP.domain)
        .find((c) => c.email === "cat@example.com")?.emailMarketingConsent,
    ).toEqual(consent);
    const unknown = await graphql(UPDATE, {
      input: {
        customerId: "gid://shopify/Customer/999999",
        emailMarketingConsent: consent,
      },
    });
    expect(
      unknown.data.customerEmailMarketingConsentUpdate.customer,
    ).toBeNull();
    expect(unknown.data.customerEmailMarketingConsentUpdate.userErrors).toEqual(
      [
        {
          field: ["input", "customerId"],
          message: "Customer not found",
          code: "INVALID",
        },
      ],
    );
  });

  it("updates a customer's names and tags, and refuses consent through customerUpdate as Shopify does", async () => {
    const { data: created } = await createCustomer({
      email: "dan@example.com",
      firstName: "Dan",
      tags: ["old"],
    });
    const id = created.customerCreate.customer.id;
    const UPDATE = `mutation UpdateCustomer($input: CustomerInput!) { customerUpdate(input: $input) { customer { id firstName lastName tags } userErrors { field message } } }`;
    const updated = await graphql(UPDATE, {
      input: {
        id,
        firstName: "Daniel",
        lastName: "Ray",
        tags: ["repeat", "vip"],
      },
    });
    expect(updated.data.customerUpdate).toEqual({
      customer: {
        id,
        firstName: "Daniel",
        lastName: "Ray",
        tags: ["repeat", "vip"],
      },
      userErrors: [],
    });
    const refused = await graphql(UPDATE, {
      input: { id, emailMarketingConsent: { marketingState: "SUBSCRIBED" } },
    });
    expect(refused.data.customerUpdate.userErrors[0].field).toEqual([
      "emailMarketingConsent",
    ]);
    const missing = await graphql(UPDATE, {
      input: { id: "gid://shopify/Customer/999999", firstName: "X" },
    });
    expect(missing.data.customerUpdate).toEqual({
      customer: null,
      userErrors: [{ field: ["id"], message: "Customer does not exist" }],
    });
  });
});

const CREATE_DISCOUNT = `mutation CreateDiscount($discount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $discount) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title codes(first: 1) { nodes { code } } endsAt usageLimit
      customerGets { value { ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount currencyCode } } } } } } }
    userErrors { field code message } } }`;
const discountInput = (
  code: string,
  value: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  title: `Welcome ${code}`,
  code,
  startsAt: "2026-05-01T00:00:00Z",
  endsAt: "2026-05-08T00:00:00Z",
  usageLimit: 1,
  appliesOncePerCustomer: true,
  customerGets: { value, items: { all: true } },
  customerSelection: { all: true },
  ...extra,
});

describe("code discounts", () => {
  it("creates a percentage code discount and keeps what it was given", async () => {
    const { data } = await graphql(CREATE_DISCOUNT, {
      discount: discountInput("WELCOME10", { percentage: 0.1 }),
    });
    expect(data.discountCodeBasicCreate).toEqual({
      codeDiscountNode: {
        id: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/),
        codeDiscount: {
          title: "Welcome WELCOME10",
          codes: { nodes: [{ code: "WELCOME10" }] },
          endsAt: "2026-05-08T00:00:00Z",
          usageLimit: 1,
          customerGets: { value: { percentage: 0.1 } },
        },
      },
      userErrors: [],
    });
    expect(double.admin.discounts(SHOP.domain)).toEqual([
      expect.objectContaining({
        id: data.discountCodeBasicCreate.codeDiscountNode.id,
        title: "Welcome WELCOME10",
        code: "WELCOME10",
        startsAt: "2026-05-01T00:00:00Z",
        endsAt: "2026-05-08T00:00:00Z",
        usageLimit: 1,
        appliesOncePerCustomer: true,
        customerGets: { value: { percentage: 0.1 }, productIds: "all" },
        customerSelection: { all: true },
      }),
    ]);
  });

  it("creates a fixed-amount code for one customer, in the shop's currency", async () => {
    const { data: customer } = await createCustomer({
      email: "eve@example.com",
    });
    const customerId = customer.customerCreate.customer.id;
    const { data } = await graphql(CREATE_DISCOUNT, {
      discount: discountInput(
        "EVE5",
        { discountAmount: { amount: "5", appliesOnEachItem: false } },
        { customerSelection: { customers: { add: [customerId] } } },
      ),
    });
    expect(
      data.discountCodeBasicCreate.codeDiscountNode.codeDiscount.customerGets
        .value,
    ).toEqual({ amount: { amount: "5.00", currencyCode: "EUR" } });
    expect(
      double.admin.discounts(SHOP.domain).find((d) => d.code === "EVE5"),
    ).toMatchObject({
      customerGets: { value: { amount: "5.00", appliesOnEachItem: false } },
      customerSelection: { customerIds: [customerId] },
    });
  });

  it("refuses a code the shop already has, whatever its case, with Shopify's TAKEN error", async () => {
    await graphql(CREATE_DISCOUNT, {
      discount: discountInput("SPRING", { percentage: 0.15 }),
    });
    const count = double.admin.discounts(SHOP.domain).length;
    const { data } = await graphql(CREATE_DISCOUNT, {
      discount: discountInput("spring", { percentage: 0.2 }),
    });
    expect(data.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          field: ["basicCodeDiscount", "code"],
          code: "TAKEN",
          message: "Code must be unique. Please try a different code.",
        },
      ],
    });
    expect(double.admin.discounts(SHOP.domain)).toHaveLength(count);
    const elsewhere = await graphql(
      CREATE_DISCOUNT,
      { discount: discountInput("SPRING", { percentage: 0.2 }) },
      OWN_SHOP.domain,
    );
    expect(elsewhere.data.discountCodeBasicCreate.userErrors).toEqual([]);
  });

  it("finds a code discount by its code", async () => {
    await graphql(CREATE_DISCOUNT, {
      discount: discountInput("FINDME", { percentage: 0.05 }),
    });
    const { data } = await graphql(
      `
        query DiscountByCode($code: String!) {
          codeDiscountNodeByCode(code: $code) {
            id
            codeDiscount {
              ... on DiscountCodeBasic {
                title
                status
              }
            }
          }
        }
      `,
      { code: "findme" },
    );
    expect(data.codeDiscountNodeByCode.codeDiscount.title).toBe(
      "Welcome FINDME",
    );
  });
});

const SET_METAFIELDS = `mutation SetMetafields($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id namespace key type value } userErrors { field message code } } }`;
const installationId = async (shop = SHOP.domain) =>
  (
    await graphql(
      `
        query AppInstallation {
          currentAppInstallation {
            id
          }
        }
      `,
      {},
      shop,
    )
  ).data.currentAppInstallation.id as string;

describe("app-data metafields", () => {
  it("sets app-data metafields on the app installation, reads them back, and the storefront accessor sees them", async () => {
    const ownerId = await installationId();
    expect(ownerId).toMatch(/^gid:\/\/shopify\/AppInstallation\/\d+$/);
    const config = JSON.stringify({
      popups: [{ id: "welcome", delaySeconds: 5 }],
    });
    const { data } = await graphql(SET_METAFIELDS, {
      metafields: [
        {
          ownerId,
          namespace: "trigger_map",
          key: "storefront",
          type: "json",
          value: config,
        },
        {
          ownerId,
          namespace: "trigger_map",
          key: "enabled",
          type: "boolean",
          value: "true",
        },
      ],
    });
    expect(data.metafieldsSet.userErrors).toEqual([]);
    expect(data.metafieldsSet.metafields).toEqual([
      {
        id: expect.stringMatching(/^gid:\/\/shopify\/Metafield\/\d+$/),
        namespace: "trigger_map",
        key: "storefront",
        type: "json",
        value: config,
      },
      expect.objectContaining({
        key: "enabled",
        type: "boolean",
        value: "true",
      }),
    ]);
    const read = await graphql(
      `
        query AppData($namespace: String!, $key: String!) {
          currentAppInstallation {
            metafield(namespace: $namespace, key: $key) {
              value
              type
            }
            metafields(first: 10) {
              nodes {
                namespace
                key
              }
            }
          }
        }
      `,
      { namespace: "trigger_map", key: "storefront" },
    );
    expect(read.data.currentAppInstallation).toEqual({
      metafield: { value: config, type: "json" },
      metafields: {
        nodes: [
          { namespace: "trigger_map", key: "storefront" },
          { namespace: "trigger_map", key: "enabled" },
        ],
      },
    });
    expect(
      double.admin.appMetafield(SHOP.domain, "trigger_map", "storefront"),
    ).toEqual({ type: "json", value: config });
    expect(
      double.admin.appMetafield(SHOP.domain, "trigger_map", "missing"),
    ).toBeNull();
    expect(
      double.admin.appMetafield(OWN_SHOP.domain, "trigger_map", "storefront"),
    ).toBeNull();
  });

  it("overwrites a metafield set again, keeping its id", async () => {
    const ownerId = await installationId();
    const first = await graphql(SET_METAFIELDS, {
      metafields: [
        {
          ownerId,
          namespace: "trigger_map",
          key: "version",
          type: "number_integer",
          value: "1",
        },
      ],
    });
    const second = await graphql(SET_METAFIELDS, {
      metafields: [
        {
          ownerId,
          namespace: "trigger_map",
          key: "version",
          type: "number_integer",
          value: "2",
        },
      ],
    });
    expect(second.data.metafieldsSet.metafields[0].id).toBe(
      first.data.metafieldsSet.metafields[0].id,
    );
    expect(
      double.admin.appMetafield(SHOP.domain, "trigger_map", "version"),
    ).toEqual({ type: "number_integer", value: "2" });
  });

  it("refuses invalid JSON and sets nothing of the call (metafieldsSet is atomic)", async () => {
    const ownerId = await installationId();
    const { data } = await graphql(SET_METAFIELDS, {
      metafields: [
        {
          ownerId,
          namespace: "trigger_map",
          key: "atomic",
          type: "single_line_text_field",
          value: "fine",
        },
        {
          ownerId,
          namespace: "trigger_map",
          key: "broken",
          type: "json",
          value: "{not json",
        },
      ],
    });
    expect(data.metafieldsSet.metafields).toBeNull();
    expect(data.metafieldsSet.userErrors).toEqual([
      {
        field: ["metafields", "1", "value"],
        message: expect.stringMatching(/^Value is invalid JSON/),
        code: "INVALID_VALUE",
      },
    ]);
    expect(
      double.admin.appMetafield(SHOP.domain, "trigger_map", "atomic"),
    ).toBeNull();
  });

  it("refuses a value above the type's limit, a missing type, and an owner that is not this app or a customer", async () => {
    const ownerId = await installationId();
    const { data } = await graphql(SET_METAFIELDS, {
      metafields: [
        {
          ownerId,
          namespace: "trigger_map",
          key: "big",
          type: "json",
          value: JSON.stringify("x".repeat(2_000_000)),
        },
        { ownerId, namespace: "trigger_map", key: "untyped", value: "1" },
        {
          ownerId: "gid://shopify/AppInstallation/999",
          namespace: "trigger_map",
          key: "other",
          type: "boolean",
          value: "true",
        },
      ],
    });
    expect(
      data.metafieldsSet.userErrors.map(
        (e: { field: string[]; code: string }) => [e.field.join("."), e.code],
      ),
    ).toEqual([
      ["metafields.0.value", "TOO_LONG"],
      ["metafields.1.type", "BLANK"],
      ["metafields.2.ownerId", "INVALID_VALUE"],
    ]);
  });

  it("takes at most 25 metafields in one call", async () => {
    const ownerId = await installationId();
    const metafields = Array.from({ length: 26 }, (_, i) => ({
      ownerId,
      namespace: "trigger_map",
      key: `k${i}`,
      type: "boolean",
      value: "true",
    }));
    const body = await graphql(SET_METAFIELDS, { metafields });
    expect(body.data.metafieldsSet).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(
      /greater than the maximum allowed of 25/,
    );
    expect(
      double.admin.appMetafield(SHOP.domain, "trigger_map", "k0"),
    ).toBeNull();
  });

  it("sets metafields on a customer", async () => {
    const { data: customer } = await createCustomer({
      email: "meta@example.com",
    });
    const ownerId = customer.customerCreate.customer.id;
    const { data } = await graphql(SET_METAFIELDS, {
      metafields: [
        {
          ownerId,
          namespace: "trigger_map",
          key: "quiz",
          type: "json",
          value: '{"skin":"dry"}',
        },
      ],
    });
    expect(data.metafieldsSet).toMatchObject({
      metafields: [
        { namespace: "trigger_map", key: "quiz", value: '{"skin":"dry"}' },
      ],
      userErrors: [],
    });
  });
});

const PRODUCT_FIELDS = `id title handle onlineStoreUrl featuredImage { url altText } priceRangeV2 { minVariantPrice { amount currencyCode } } totalInventory`;

describe("products", () => {
  it("gives the sandbox's demo shop six products, each with an image its storefront serves", () => {
    expect(DEMO_SHOP.products).toBe(DEMO_PRODUCTS);
    expect(DEMO_PRODUCTS).toHaveLength(6);
    DEMO_PRODUCTS.forEach((product, index) => {
      expect(product.id).toBe(`gid://shopify/Product/${index + 1}`);
      expect(product.currencyCode).toBe("USD");
      expect(product.imageUrl).toBe(`/cdn/products/${product.handle}.svg`);
      expect(product.imageSvg).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<\/svg>$/,
      );
    });
  });

  it("answers product(id) and nodes(ids) with storefront URLs on the shop's primary domain", async () => {
    const [first, second] = DEMO_PRODUCTS;
    const one = await graphql(
      `query GetProduct($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`,
      { id: first!.id },
      DEMO_SHOP.domain,
    );
    expect(one.data.product).toEqual({
      id: first!.id,
      title: first!.title,
      handle: first!.handle,
      onlineStoreUrl: `https://${DEMO_SHOP.domain}/products/${first!.handle}`,
      featuredImage: {
        url: `https://${DEMO_SHOP.domain}/cdn/products/${first!.handle}.svg`,
        altText: first!.title,
      },
      priceRangeV2: {
        minVariantPrice: { amount: first!.price, currencyCode: "USD" },
      },
      totalInventory: first!.totalInventory,
    });
    const many = await graphql(
      `
        query GetNodes($ids: [ID!]!) {
          nodes(ids: $ids) {
            id
            ... on Product {
              title
              onlineStoreUrl
            }
          }
        }
      `,
      { ids: [second!.id, "gid://shopify/Product/999", first!.id] },
      DEMO_SHOP.domain,
    );
    expect(many.data.nodes).toEqual([
      {
        id: second!.id,
        title: second!.title,
        onlineStoreUrl: `https://${DEMO_SHOP.domain}/products/${second!.handle}`,
      },
      null,
      {
        id: first!.id,
        title: first!.title,
        onlineStoreUrl: `https://${DEMO_SHOP.domain}/products/${first!.handle}`,
      },
    ]);
    const node = await graphql(
      `
        query GetNode($id: ID!) {
          node(id: $id) {
            ... on Product {
              handle
            }
          }
        }
      `,
      { id: second!.id },
      DEMO_SHOP.domain,
    );
    expect(node.data.node).toEqual({ handle: second!.handle });
  });

  it("lists products, filtered by a query, and pages through them", async () => {
    const LIST = `query ListProducts($first: Int!, $after: String, $query: String) {
      products(first: $first, after: $after, query: $query) { nodes { handle } pageInfo { hasNextPage endCursor } } }`;
    const page = await graphql(LIST, { first: 4 }, DEMO_SHOP.domain);
    expect(
      page.data.products.nodes.map((p: { handle: string }) => p.handle),
    ).toEqual(DEMO_PRODUCTS.slice(0, 4).map((p) => p.handle));
    expect(page.data.products.pageInfo.hasNextPage).toBe(true);
    const rest = await graphql(
      LIST,
      { first: 4, after: page.data.products.pageInfo.endCursor },
      DEMO_SHOP.domain,
    );
    expect(
      rest.data.products.nodes.map((p: { handle: string }) => p.handle),
    ).toEqual(DEMO_PRODUCTS.slice(4).map((p) => p.handle));
    expect(rest.data.products.pageInfo.hasNextPage).toBe(false);
    const byTitle = await graphql(
      LIST,
      { first: 10, query: "title:mug" },
      DEMO_SHOP.domain,
    );
    expect(byTitle.data.products.nodes).toEqual([{ handle: "ceramic-mug" }]);
    const byHandle = await graphql(
      LIST,
      { first: 10, query: "handle:wool-beanie" },
      DEMO_SHOP.domain,
    );
    expect(byHandle.data.products.nodes).toEqual([{ handle: "wool-beanie" }]);
  });

  it("serves a shop the products a test gives it, and none to a shop given none", async () => {
    const own = await graphql(
      `query GetProduct($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`,
      { id: OWN_PRODUCT.id },
      OWN_SHOP.domain,
    );
    expect(own.data.product).toEqual({
      id: OWN_PRODUCT.id,
      title: "Test kettle",
      handle: "test-kettle",
      onlineStoreUrl: "https://kettles.example/products/test-kettle",
      featuredImage: {
        url: "https://images.example/kettle.png",
        altText: "Test kettle",
      },
      priceRangeV2: {
        minVariantPrice: { amount: "80.00", currencyCode: "EUR" },
      },
      totalInventory: 0,
    });
    const none = await graphql(`
      query ListProducts {
        products(first: 10) {
          nodes {
            id
          }
        }
      }
    `);
    expect(none.data.products.nodes).toEqual([]);
  });
});
