import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_HEADER, startShopifyDouble, type ShopifyDouble } from "./server";
import { API_KEY, API_SECRET, OTHER_SHOP, SCOPES, SHOP } from "./test-support";

let double: ShopifyDouble;
let token: string;

const post = (
  body: string,
  headers: Record<string, string> = {},
  shop = SHOP.domain,
) =>
  fetch(`${double.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Access-Token": token,
      [SHOP_HEADER]: shop,
      ...headers,
    },
    body,
  });
const graphql = async (query: string, variables?: unknown) =>
  (await post(JSON.stringify({ query, variables }))).json();

beforeAll(async () => {
  double = await startShopifyDouble({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: "http://127.0.0.1:9",
    scopes: SCOPES,
    shops: [SHOP, OTHER_SHOP],
  });
  token = double.issueAccessToken(SHOP.domain);
});
afterAll(() => double?.close());

describe("the double's Admin API", () => {
  it("refuses operations invalid against Shopify's Admin schema as Shopify does, and records each one", async () => {
    const before = double.admin.invalidOperations.length;
    const cases: [string, unknown, RegExp][] = [
      [
        "{ shop { name favouriteColour } }",
        undefined,
        /Cannot query field "favouriteColour" on type "Shop"/,
      ],
      [
        '{ customers(first: "ten") { nodes { id } } }',
        undefined,
        /Int cannot represent non-integer value/,
      ],
      [
        "query ($id: ID!) { customer(id: $id) { id } }",
        {},
        /Variable "\$id" of required type "ID!" was not provided/,
      ],
      [
        "query ($n: Int) { customers(first: $n) { nodes { id } } }",
        { n: "many" },
        /Int cannot represent non-integer value/,
      ],
      [
        "mutation ($input: CustomerInput!) { customerCreate(input: $input) { customer { id } } }",
        { input: { mail: "a@b.c" } },
        /Field "mail" is not defined by type "CustomerInput"/,
      ],
      ["{ shop { name }", undefined, /Syntax Error/],
    ];
    for (const [query, variables, message] of cases) {
      const response = await post(JSON.stringify({ query, variables }));
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(message);
      expect(body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    }
    const recorded = double.admin.invalidOperations.slice(before);
    expect(recorded.map((op) => op.query)).toEqual(
      cases.map(([query]) => query),
    );
    expect(recorded.every((op) => op.errors?.length)).toBe(true);
  });

  it("answers a valid query from the shop's store, with Shopify's cost extension and version header", async () => {
    const response = await post(
      JSON.stringify({
        query: `query TestShop { shop { name email myshopifyDomain currencyCode ianaTimezone
        primaryDomain { url host } billingAddress { countryCodeV2 formatted } plan { displayName } } }`,
      }),
    );
    const body = await response.json();
    expect(response.headers.get("x-shopify-api-version")).toBe("2026-10");
    expect(body.errors).toBeUndefined();
    expect(body.data.shop).toMatchObject({
      name: "Double Test",
      email: "o@example.com",
      myshopifyDomain: SHOP.domain,
      currencyCode: "EUR",
      ianaTimezone: "Europe/Berlin",
      primaryDomain: { url: `https://${SHOP.domain}`, host: SHOP.domain },
      billingAddress: { countryCodeV2: "US" },
    });
    expect(body.extensions.cost).toMatchObject({
      requestedQueryCost: 4,
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
    expect(
      body.extensions.cost.throttleStatus.currentlyAvailable,
    ).toBeLessThanOrEqual(2000);
    expect(double.admin.operations.at(-1)).toMatchObject({
      shop: SHOP.domain,
      apiVersion: "2026-10",
    });
  });

  it("runs resolvers that later work registers, over a store per shop", async () => {
    double.admin.resolve("customerCreate", (args, { store }) => {
      const input = args.input as { email: string };
      const customer = {
        __typename: "Customer",
        id: store.gid("Customer"),
        email: input.email,
      };
      store.get<unknown[]>("customers", () => []).push(customer);
      return { customer, userErrors: [] };
    });
    double.admin.resolve("Query.customers", (_args, { store }) => ({
      nodes: store.get("customers", () => []),
    }));
    const created = await graphql(
      "mutation Create($input: CustomerInput!) { customerCreate(input: $input) { customer { id email } userErrors { message } } }",
      { input: { email: "ann@example.com" } },
    );
    expect(created.data.customerCreate).toEqual({
      customer: { id: "gid://shopify/Customer/1", email: "ann@example.com" },
      userErrors: [],
    });
    expect(created.extensions.cost.requestedQueryCost).toBe(10);
    const listed = await graphql(
      "{ customers(first: 10) { nodes { email } } }",
    );
    expect(listed.data.customers.nodes).toEqual([{ email: "ann@example.com" }]);
    expect(listed.extensions.cost.requestedQueryCost).toBe(12);
    expect(
      double.admin.store(OTHER_SHOP.domain).get("customers", () => []),
    ).toEqual([]);
  });

  it("answers fields with no resolver as a new shop would: null, empty lists and connections, or a clear error", async () => {
    const body = await graphql(`
      {
        customer(id: "gid://shopify/Customer/99") {
          id
        }
        orders(first: 5) {
          nodes {
            id
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
        shop {
          name
          contactEmail
        }
      }
    `);
    expect(body.data).toEqual({
      customer: null,
      orders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
      shop: { name: "Double Test", contactEmail: "o@example.com" },
    });
    const missing = await graphql("{ shopBillingPreferences { currency } }");
    expect(missing.errors[0].message).toMatch(
      /no data for QueryRoot\.shopBillingPreferences: add it to the store or register a resolver/,
    );
    expect(double.admin.invalidOperations.map((op) => op.query)).not.toContain(
      "{ shopBillingPreferences { currency } }",
    );
  });

  it("answers 401 as Shopify does to a token it did not issue, one for another shop, or none", async () => {
    const otherToken = double.issueAccessToken(OTHER_SHOP.domain);
    for (const accessToken of ["shpat_forged", otherToken, ""]) {
      const response = await post(
        JSON.stringify({ query: "{ shop { name } }" }),
        { "X-Shopify-Access-Token": accessToken },
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        errors:
          "[API] Invalid API key or access token (unrecognized login or wrong password)",
      });
    }
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await post("{ shop { name } }");
    expect(response.status).toBe(400);
  });

  it("throttles when the shop's bucket is empty and refuses a query above 1,000 points", async () => {
    double.admin.buckets.set(SHOP.domain, 0);
    // A query of about 250 points: the bucket refills 100 a second, so a slow machine's round trip
    // cannot refill it in time (a 1-point query was refilled after 10 ms).
    const throttled = await graphql(
      "{ customers(first: 250) { nodes { id } } }",
    );
    expect(throttled.errors[0].extensions.code).toBe("THROTTLED");
    expect(
      throttled.extensions.cost.throttleStatus.currentlyAvailable,
    ).toBeLessThan(throttled.extensions.cost.requestedQueryCost);
    double.admin.buckets.set(SHOP.domain, 2000);

    const before = double.admin.invalidOperations.length;
    const costly = await graphql(
      "{ customers(first: 250) { nodes { id orders(first: 250) { nodes { id } } } } }",
    );
    expect(costly.errors[0].extensions).toMatchObject({
      code: "MAX_COST_EXCEEDED",
      maxCost: 1000,
    });
    expect(double.admin.invalidOperations.length).toBe(before + 1);
  });

  it("validates variables under plain Node too, where graphql resolves to its CommonJS build", () => {
    // The sandbox runs the double with tsx, not vitest: one instance of graphql must serve both.
    const script = `import { validateAdminOperation } from "./sandbox/shopify-double/admin-schema.ts";
      const ok = validateAdminOperation("query ($id: ID!) { customer(id: $id) { id } }", { id: "gid://shopify/Customer/1" });
      process.stdout.write(JSON.stringify(ok.ok ? "valid" : ok.errors.map((e) => e.message)));`;
    const root = path.resolve(import.meta.dirname, "../..");
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx/esm", "--input-type=module", "-e", script],
      { cwd: root, encoding: "utf8" },
    );
    expect(JSON.parse(out)).toBe("valid");
  });
});
