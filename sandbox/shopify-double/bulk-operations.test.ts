// Bulk operations as Shopify runs them: validated queries, one at a time per shop, CREATED →
// RUNNING → COMPLETED, a JSONL result with nested connections flattened (__parentId), and the
// 60-day rule for orders without read_all_orders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_HEADER, startShopifyDouble, type ShopifyDouble } from "./server";
import { routeShopifyTo } from "./route-shopify-fetch";
import { API_KEY, API_SECRET, OTHER_SHOP, SHOP } from "./test-support";

const NOW = new Date();
const CUSTOMERS = `{ customers { edges { node { id email locale tags numberOfOrders
  amountSpent { amount currencyCode } lastOrder { id createdAt }
  emailMarketingConsent { marketingState consentUpdatedAt } createdAt firstName } } } }`;
const ORDERS = `{ orders { edges { node { id name createdAt customer { id }
  totalPriceSet { shopMoney { amount currencyCode } } currencyCode
  lineItems { edges { node { id title quantity product { id }
  originalUnitPriceSet { shopMoney { amount } } } } } } } } }`;
const RUN = `mutation Run($query: String!) { bulkOperationRunQuery(query: $query) {
  bulkOperation { id status } userErrors { field message code } } }`;
const POLL = `query Poll($id: ID!) { node(id: $id) { ... on BulkOperation {
  id status objectCount rootObjectCount url errorCode } } }`;

let double: ShopifyDouble;
let undo: () => void;

const graphql = async (
  shop: string,
  token: string,
  query: string,
  variables?: unknown,
) =>
  (await (
    await fetch(`${double.url}/admin/api/2025-01/graphql.json`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Access-Token": token,
        [SHOP_HEADER]: shop,
      },
      body: JSON.stringify({ query, variables }),
    })
  ).json()) as {
    data: Record<string, Record<string, unknown>>;
    errors?: unknown[];
  };

/** Starts a bulk query and polls it to the end; its lines. */
async function runBulk(shop: string, token: string, query: string) {
  const run = await graphql(shop, token, RUN, { query });
  const started = run.data.bulkOperationRunQuery as {
    bulkOperation: { id: string; status: string };
  };
  expect(started.bulkOperation.status).toBe("CREATED");
  const seen: string[] = [];
  for (;;) {
    const op = (
      await graphql(shop, token, POLL, {
        id: started.bulkOperation.id,
      })
    ).data.node as { status: string; url: string | null; objectCount: string };
    seen.push(op.status);
    if (op.status === "COMPLETED") {
      const text = op.url ? await (await fetch(op.url)).text() : "";
      const lines = text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(Number(op.objectCount)).toBe(lines.length);
      return { seen, lines, url: op.url };
    }
  }
}

beforeAll(async () => {
  double = await startShopifyDouble({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: "http://127.0.0.1:9",
    scopes: ["read_orders", "read_all_orders", "read_customers"],
    shops: [SHOP, OTHER_SHOP],
  });
  undo = routeShopifyTo(double.url, [SHOP.domain, OTHER_SHOP.domain]);
  double.admin.seedHistory(SHOP.domain, {
    customers: 40,
    orders: 160,
    now: NOW,
  });
  double.admin.seedHistory(OTHER_SHOP.domain, {
    customers: 40,
    orders: 160,
    now: NOW,
  });
  double.admin.withholdScopes(OTHER_SHOP.domain, ["read_all_orders"]);
});
afterAll(async () => {
  undo?.();
  await double?.close();
});

describe("the double's bulk operations", () => {
  it("seeds the same history every time", () => {
    const a = double.admin.orders(SHOP.domain).map((o) => o.totalPrice);
    expect(a).toHaveLength(160);
    expect(a).toEqual(
      double.admin.orders(OTHER_SHOP.domain).map((o) => o.totalPrice),
    );
    const subscribed = double.admin
      .customers(SHOP.domain)
      .filter((c) => c.emailMarketingConsent?.marketingState === "SUBSCRIBED");
    expect(subscribed.length).toBeGreaterThan(5);
    expect(subscribed.length).toBeLessThan(25);
    const oldest = Date.parse(double.admin.orders(SHOP.domain)[0]!.createdAt);
    expect(NOW.valueOf() - oldest).toBeGreaterThan(365 * 86_400_000);
  });

  it("runs a customers query to a JSONL file, one line per customer", async () => {
    const token = double.issueAccessToken(SHOP.domain);
    const { seen, lines, url } = await runBulk(SHOP.domain, token, CUSTOMERS);
    expect(seen).toEqual(["RUNNING", "COMPLETED"]);
    expect(url).toMatch(
      /^https:\/\/storage\.googleapis\.com\/shopify-tiers-assets-prod-us-east1\/bulk-operation-outputs\//,
    );
    expect(lines).toHaveLength(40);
    const first = lines[0]!;
    expect(first).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/Customer\//),
      email: expect.stringContaining("@"),
      emailMarketingConsent: { marketingState: expect.any(String) },
    });
    const counted = lines.reduce((n, l) => n + Number(l.numberOfOrders), 0);
    expect(counted).toBe(
      double.admin.orders(SHOP.domain).filter((o) => o.customerId).length,
    );
    expect(double.admin.invalidOperations).toEqual([]);
  });

  it("flattens an order's line items onto lines of their own with __parentId", async () => {
    const token = double.issueAccessToken(SHOP.domain);
    const { lines } = await runBulk(SHOP.domain, token, ORDERS);
    const orders = lines.filter((l) => !("__parentId" in l));
    const items = lines.filter((l) => "__parentId" in l);
    expect(orders).toHaveLength(160);
    expect(items.length).toBeGreaterThanOrEqual(160);
    // Each line item follows its order, and has no connection left inside.
    let current = "";
    for (const line of lines) {
      if (!("__parentId" in line)) current = line.id as string;
      else expect(line.__parentId).toBe(current);
      expect(line).not.toHaveProperty("lineItems");
    }
    expect(items[0]).toMatchObject({
      id: expect.stringMatching(/LineItem/),
      quantity: expect.any(Number),
      product: { id: expect.stringMatching(/Product/) },
    });
  });

  it("allows one bulk query at a time per shop", async () => {
    const token = double.issueAccessToken(SHOP.domain);
    double.admin.holdBulkOperations(SHOP.domain, true);
    const first = await graphql(SHOP.domain, token, RUN, { query: CUSTOMERS });
    const id = (
      first.data.bulkOperationRunQuery as { bulkOperation: { id: string } }
    ).bulkOperation.id;
    const second = await graphql(SHOP.domain, token, RUN, { query: ORDERS });
    expect(second.data.bulkOperationRunQuery).toEqual({
      bulkOperation: null,
      userErrors: [
        expect.objectContaining({
          code: "OPERATION_IN_PROGRESS",
          message: expect.stringContaining(id),
        }),
      ],
    });
    const current = await graphql(
      SHOP.domain,
      token,
      `
        {
          currentBulkOperation {
            id
            status
          }
        }
      `,
    );
    expect(current.data.currentBulkOperation).toEqual({
      id,
      status: "RUNNING",
    });
    double.admin.holdBulkOperations(SHOP.domain, false);
    const done = await graphql(SHOP.domain, token, POLL, { id });
    expect(done.data.node!.status).toBe("COMPLETED");
    // Another shop is not held up by this one.
    const other = await graphql(
      OTHER_SHOP.domain,
      double.issueAccessToken(OTHER_SHOP.domain),
      RUN,
      { query: CUSTOMERS },
    );
    expect(other.data.bulkOperationRunQuery!.userErrors).toEqual([]);
  });

  it("refuses an invalid query, or one without a connection, as Shopify does", async () => {
    const token = double.issueAccessToken(SHOP.domain);
    for (const query of [
      `{ customers { edges { node { id favouriteColour } } } }`,
      `{ shop { name } }`,
    ]) {
      const answer = await graphql(SHOP.domain, token, RUN, { query });
      expect(answer.data.bulkOperationRunQuery).toEqual({
        bulkOperation: null,
        userErrors: [
          expect.objectContaining({ code: "INVALID", field: ["query"] }),
        ],
      });
    }
  });

  it("gives only the last 60 days of orders without read_all_orders, silently", async () => {
    const shop = OTHER_SHOP.domain;
    const token = double.issueAccessToken(shop);
    // The other shop's customers query above is still to finish.
    await graphql(
      shop,
      token,
      `
        {
          currentBulkOperation {
            status
          }
        }
      `,
    );
    await graphql(
      shop,
      token,
      `
        {
          currentBulkOperation {
            status
          }
        }
      `,
    );
    const scopes = await graphql(
      shop,
      token,
      `
        {
          currentAppInstallation {
            accessScopes {
              handle
            }
          }
        }
      `,
    );
    expect(
      (
        scopes.data.currentAppInstallation!.accessScopes as { handle: string }[]
      ).map((s) => s.handle),
    ).not.toContain("read_all_orders");
    const { lines } = await runBulk(shop, token, ORDERS);
    const orders = lines.filter((l) => !("__parentId" in l));
    const recent = double.admin
      .orders(shop)
      .filter((o) => Date.parse(o.createdAt) >= Date.now() - 60 * 86_400_000);
    expect(orders.map((o) => o.id)).toEqual(recent.map((o) => o.id));
    expect(orders.length).toBeLessThan(160);
  });
});
