// The Admin GraphQL API of the double: every operation is validated against Shopify's schema
// (an invalid one is answered with errors, recorded and printed: the app must never send one),
// then executed against per-shop state through resolvers that later work adds to.
import { execute, type GraphQLError } from "graphql";
import { adminSchema, validateAdminOperation } from "./admin-schema";

export interface DoubleShop {
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
}

export interface ResolverContext {
  shop: DoubleShop;
  /** Per-shop state resolvers may keep (customers, discounts...). */
  state: Map<string, unknown>;
}

export type RootResolver = (args: Record<string, unknown>, context: ResolverContext) => unknown;

export interface RecordedOperation {
  shop: string;
  query: string;
  variables: Record<string, unknown>;
  errors?: string[];
}

const BUCKET = { maximumAvailable: 2000, restoreRate: 100 };

export class AdminApi {
  readonly operations: RecordedOperation[] = [];
  readonly invalidOperations: RecordedOperation[] = [];
  private readonly resolvers = new Map<string, RootResolver>();
  private readonly states = new Map<string, Map<string, unknown>>();
  private readonly buckets = new Map<string, { available: number; at: number }>();

  constructor(private readonly shops: Map<string, DoubleShop>) {
    this.resolve("shop", (_args, { shop }) => ({
      __typename: "Shop",
      id: `gid://shopify/Shop/${[...this.shops.keys()].indexOf(shop.domain) + 1}`,
      name: shop.name,
      email: shop.email,
      myshopifyDomain: shop.domain,
      currencyCode: shop.currencyCode,
      ianaTimezone: shop.ianaTimezone,
      primaryDomain: { __typename: "Domain", id: "gid://shopify/Domain/1", url: `https://${shop.domain}`, host: shop.domain },
    }));
  }

  /** Answers a root Query or Mutation field; unregistered fields resolve to null. */
  resolve(field: string, resolver: RootResolver): void {
    this.resolvers.set(field, resolver);
  }

  state(shop: string): Map<string, unknown> {
    let state = this.states.get(shop);
    if (!state) this.states.set(shop, (state = new Map()));
    return state;
  }

  async run(shopDomain: string, body: { query?: unknown; variables?: unknown; operationName?: unknown }) {
    const shop = this.shops.get(shopDomain);
    if (!shop) return { status: 404, body: { errors: "Not Found" } };
    const query = typeof body.query === "string" ? body.query : "";
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<string, unknown>;
    const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
    const record: RecordedOperation = { shop: shopDomain, query, variables };
    this.operations.push(record);

    const validated = validateAdminOperation(query, variables, operationName);
    if (!validated.ok) {
      record.errors = validated.errors.map((e) => e.message);
      this.invalidOperations.push(record);
      console.error(`[shopify-double] INVALID Admin GraphQL operation from the app:\n${query}\n-> ${record.errors.join("\n-> ")}`);
      return { status: 200, body: { errors: validated.errors.map((e) => formatError(e, "GRAPHQL_VALIDATION_FAILED")) } };
    }

    const context: ResolverContext = { shop, state: this.state(shopDomain) };
    const rootValue = new Proxy({}, {
      get: (_target, field: string) => {
        const resolver = this.resolvers.get(field);
        return resolver ? (args: Record<string, unknown>) => resolver(args, context) : null;
      },
    });
    const result = await execute({ schema: adminSchema(), document: validated.document, rootValue, variableValues: variables, operationName });
    const cost = this.charge(shopDomain, query);
    return {
      status: 200,
      body: {
        ...(result.data !== undefined ? { data: result.data } : {}),
        ...(result.errors ? { errors: result.errors.map((e) => formatError(e)) } : {}),
        extensions: { cost },
      },
    };
  }

  // A simple estimate (one point per selected field, at least 1), not Shopify's exact cost model.
  private charge(shop: string, query: string) {
    const requested = Math.max(1, (query.match(/\b[_A-Za-z]\w*\s*(?=[({\s}])/g) ?? []).length);
    const now = Date.now();
    const bucket = this.buckets.get(shop) ?? { available: BUCKET.maximumAvailable, at: now };
    bucket.available = Math.min(BUCKET.maximumAvailable, bucket.available + ((now - bucket.at) / 1000) * BUCKET.restoreRate);
    bucket.available = Math.max(0, bucket.available - requested);
    bucket.at = now;
    this.buckets.set(shop, bucket);
    return {
      requestedQueryCost: requested,
      actualQueryCost: requested,
      throttleStatus: { ...BUCKET, currentlyAvailable: Math.floor(bucket.available) },
    };
  }
}

function formatError(error: GraphQLError | { message: string }, code?: string) {
  const located = error as GraphQLError;
  return {
    message: error.message,
    ...(located.locations ? { locations: located.locations } : {}),
    ...(located.path ? { path: located.path } : {}),
    ...(code ? { extensions: { code } } : {}),
  };
}
