// The Admin GraphQL API of the double. Every operation is validated against Shopify's schema: an
// invalid one is answered as Shopify does (HTTP 200, `errors`, no data) and also recorded in
// `invalidOperations` and printed, because the app must never send one. Valid operations run with
// graphql's `execute` against the same schema, over an in-memory store per shop, through root-field
// resolvers that later work registers (`resolve("customerCreate", ...)`).
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  execute,
  executeSync,
  parse,
  type ExecutionResult,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
} from "graphql";
import { adminSchema, validateAdminOperation } from "./admin-schema";
import { CostBuckets, MAX_QUERY_COST, requestedQueryCost } from "./admin-cost";
import { customersIn, type DoubleCustomer } from "./customers";
import { discountsIn, type DoubleDiscount } from "./discounts";
import { appMetafieldIn } from "./metafields";
import { webPixelSettingsIn } from "./web-pixels";
import { appEmbedsIn, appEmbedState, type EmbedState } from "./themes";
import {
  ordersIn,
  seedHistory,
  type DoubleOrder,
  type HistoryOptions,
  type SeededHistory,
} from "./orders";
import { bulkHeld } from "./bulk-operations";
import type { DoubleArticle } from "./articles";
import type { DoubleProduct } from "./products";

export interface DoubleShopAddress {
  address1?: string;
  city?: string;
  province?: string;
  provinceCode?: string;
  zip?: string;
  country?: string;
  countryCodeV2?: string;
  phone?: string;
  company?: string;
}

export interface DoubleShop {
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  /** Default: the myshopify domain. */
  primaryDomainUrl?: string;
  billingAddress?: DoubleShopAddress;
  plan?: {
    displayName: string;
    partnerDevelopment: boolean;
    shopifyPlus: boolean;
  };
  /** The shop's catalogue (default: none); the sandbox's demo shop has DEMO_PRODUCTS. */
  products?: readonly DoubleProduct[];
  /** The shop's blog articles (default: none); the sandbox's demo shop has DEMO_ARTICLES. */
  articles?: readonly DoubleArticle[];
}

/** A shop's state in the double: its own fields, ids, and whatever resolvers keep. */
export class ShopStore {
  private readonly slots = new Map<string, unknown>();
  private readonly counters = new Map<string, number>();

  constructor(
    readonly shop: DoubleShop,
    readonly number: number,
  ) {}

  /** A named slot (e.g. "customers"), created with `init` on first use. */
  get<T>(key: string, init: () => T): T {
    if (!this.slots.has(key)) this.slots.set(key, init());
    return this.slots.get(key) as T;
  }

  /** The next global id of a type in this shop, e.g. gid://shopify/Customer/1. */
  gid(type: string): string {
    const next = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, next);
    return `gid://shopify/${type}/${next}`;
  }
}

export interface ResolverContext {
  shop: DoubleShop;
  store: ShopStore;
  /** Granted access scopes of the token that made the call. */
  scopes: string[];
  /** A bulk operation's run: connections answer every item, whatever their page arguments. */
  bulk?: boolean;
}

export type RootResolver = (
  args: Record<string, unknown>,
  context: ResolverContext,
  info: GraphQLResolveInfo,
) => unknown;

export interface RecordedOperation {
  shop: string;
  apiVersion: string;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
  /** Why Shopify would refuse it (invalid operations only). */
  errors?: string[];
}

export interface AdminResponse {
  status: number;
  body: unknown;
}

export class AdminApi {
  readonly operations: RecordedOperation[] = [];
  /** Operations Shopify would refuse: invalid against the schema, or above the cost cap. */
  readonly invalidOperations: RecordedOperation[] = [];
  readonly buckets = new CostBuckets();
  private readonly resolvers = new Map<string, RootResolver>();
  private readonly stores = new Map<string, ShopStore>();
  private readonly withheld = new Map<string, Set<string>>();

  constructor(shops: DoubleShop[]) {
    shops.forEach((shop, index) =>
      this.stores.set(shop.domain, new ShopStore(shop, index + 1)),
    );
    this.resolve("shop", (_args, { store }) => shopFields(store));
    this.resolve("currentAppInstallation", (_args, { store, scopes }) =>
      appInstallation(store, scopes),
    );
  }

  /** The customers the shop keeps (customerCreate, customerUpdate...). */
  customers(shop: string): DoubleCustomer[] {
    return customersIn(this.store(shop));
  }

  /** The shop's orders (seedHistory). */
  orders(shop: string): DoubleOrder[] {
    return ordersIn(this.store(shop));
  }

  /** A deterministic past for the shop: customers and years of orders (orders.ts). */
  seedHistory(shop: string, options: HistoryOptions): SeededHistory {
    return seedHistory(this.store(shop), options);
  }

  /** Keeps the shop's bulk operations RUNNING until `false` (a slow export). */
  holdBulkOperations(shop: string, held: boolean): void {
    bulkHeld(this.store(shop)).held = held;
  }

  /** The shop's code discounts (discountCodeBasicCreate). */
  discounts(shop: string): DoubleDiscount[] {
    return discountsIn(this.store(shop));
  }

  /** An app-data metafield (metafieldsSet on the app installation), as Liquid's app.metafields reads it. */
  appMetafield(
    shop: string,
    namespace: string,
    key: string,
  ): { type: string; value: string } | null {
    return appMetafieldIn(this.store(shop), namespace, key);
  }

  /** The app's web pixel settings in the shop (web-pixels.ts), or null when it has none. */
  webPixelSettings(shop: string): Record<string, unknown> | null {
    return webPixelSettingsIn(this.store(shop));
  }

  /** An app embed's state in the shop's main theme (themes.ts): what the storefront renders. */
  appEmbed(shop: string, handle: string): EmbedState {
    return appEmbedState(this.store(shop), handle);
  }

  /** The merchant turns an app embed on or off in the theme editor ("absent": never added). */
  setAppEmbed(shop: string, handle: string, state: EmbedState): void {
    appEmbedsIn(this.store(shop)).set(handle, state);
  }

  /**
   * Answers a root field: "customerCreate", or qualified "Query.x" / "Mutation.x". Unregistered
   * fields answer null, an empty list or an empty connection (a new shop has no data), or, where
   * the schema forbids null, an error naming the missing resolver. Nested fields read the
   * returned objects' properties; objects returned where an interface or union is expected
   * (Node, DiscountCode...) need `__typename`.
   */
  resolve(field: string, resolver: RootResolver): void {
    this.resolvers.set(field, resolver);
  }

  /**
   * Scopes Shopify does not grant the app on this shop although the app asks for them (e.g.
   * `read_all_orders`, granted only on request): calls go on without them, as with a token whose
   * grant lacks them.
   */
  withholdScopes(shop: string, scopes: string[]): void {
    this.withheld.set(shop, new Set(scopes));
  }

  /** The scopes a call with a token granted `scopes` has on the shop. */
  grantedScopes(shop: string, scopes: string[]): string[] {
    const withheld = this.withheld.get(shop);
    return withheld ? scopes.filter((s) => !withheld.has(s)) : scopes;
  }

  /** Runs a (validated) query inside the double, e.g. a bulk operation's, with the same resolvers. */
  executeSync(
    store: ShopStore,
    scopes: string[],
    query: string,
    options: { bulk?: boolean } = {},
  ): ExecutionResult {
    const context: ResolverContext = {
      shop: store.shop,
      store,
      scopes,
      ...(options.bulk ? { bulk: true } : {}),
    };
    return executeSync({
      schema: adminSchema(),
      document: parse(query),
      contextValue: context,
      fieldResolver: this.fieldResolver,
    });
  }

  store(shop: string): ShopStore {
    const store = this.stores.get(shop);
    if (!store) throw new Error(`The Shopify double has no shop ${shop}`);
    return store;
  }

  hasShop(shop: string): boolean {
    return this.stores.has(shop);
  }

  async run(
    shopDomain: string,
    apiVersion: string,
    body: { query?: unknown; variables?: unknown; operationName?: unknown },
    scopes: string[],
  ): Promise<AdminResponse> {
    const store = this.stores.get(shopDomain);
    if (!store) return { status: 404, body: { errors: "Not Found" } };
    const query = typeof body.query === "string" ? body.query : "";
    const variables = (
      body.variables && typeof body.variables === "object" ? body.variables : {}
    ) as Record<string, unknown>;
    const operationName =
      typeof body.operationName === "string" ? body.operationName : undefined;
    const record: RecordedOperation = {
      shop: shopDomain,
      apiVersion,
      query,
      variables,
      ...(operationName ? { operationName } : {}),
    };
    this.operations.push(record);

    const validated = validateAdminOperation(query, variables, operationName);
    if (!validated.ok) {
      this.refuse(
        record,
        validated.errors.map((e) => e.message),
        "INVALID",
      );
      return {
        status: 200,
        body: {
          errors: validated.errors.map((e) =>
            formatError(e, "GRAPHQL_VALIDATION_FAILED"),
          ),
        },
      };
    }

    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of validated.document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    const cost = requestedQueryCost(
      adminSchema(),
      validated.operation,
      fragments,
      validated.variables,
    );
    if (cost > MAX_QUERY_COST) {
      const message = `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`;
      this.refuse(record, [message], "TOO COSTLY");
      return {
        status: 200,
        body: {
          errors: [
            {
              message,
              extensions: {
                code: "MAX_COST_EXCEEDED",
                cost,
                maxCost: MAX_QUERY_COST,
              },
            },
          ],
        },
      };
    }
    const bucket = this.buckets.take(shopDomain, cost);
    if (!bucket.ok) {
      return {
        status: 200,
        body: {
          errors: [
            {
              message: "Throttled",
              extensions: {
                code: "THROTTLED",
                documentation: "https://shopify.dev/api/usage/rate-limits",
              },
            },
          ],
          extensions: {
            cost: {
              requestedQueryCost: cost,
              actualQueryCost: null,
              throttleStatus: bucket.throttleStatus,
            },
          },
        },
      };
    }

    const context: ResolverContext = {
      shop: store.shop,
      store,
      scopes: this.grantedScopes(shopDomain, scopes),
    };
    const result = await execute({
      schema: adminSchema(),
      document: validated.document,
      variableValues: variables,
      operationName,
      contextValue: context,
      fieldResolver: this.fieldResolver,
    });
    // Shopify answers partial data with errors for resolver failures, still HTTP 200.
    return {
      status: 200,
      body: {
        ...(result.data !== undefined ? { data: result.data } : {}),
        ...(result.errors
          ? { errors: result.errors.map((e) => formatError(e)) }
          : {}),
        extensions: {
          cost: {
            requestedQueryCost: cost,
            actualQueryCost: cost,
            throttleStatus: bucket.throttleStatus,
          },
        },
      },
    };
  }

  private refuse(record: RecordedOperation, errors: string[], label: string) {
    record.errors = errors;
    this.invalidOperations.push(record);
    console.error(
      `[shopify-double] ${label} Admin GraphQL operation from the app:\n${record.query}\n-> ${errors.join("\n-> ")}`,
    );
  }

  private readonly fieldResolver: GraphQLFieldResolver<
    unknown,
    ResolverContext
  > = (source, args, context, info) => {
    const schema = info.schema;
    // Shopify's root types are named QueryRoot and Mutation; resolvers say "Query." or "Mutation.".
    const root =
      info.parentType === schema.getQueryType()
        ? "Query"
        : info.parentType === schema.getMutationType()
          ? "Mutation"
          : undefined;
    if (root) {
      const resolver =
        this.resolvers.get(`${root}.${info.fieldName}`) ??
        this.resolvers.get(info.fieldName);
      if (resolver) return resolver(args, context, info);
      if (root === "Mutation") {
        console.error(
          `[shopify-double] no resolver for Mutation.${info.fieldName}: answered null (register one with double.admin.resolve)`,
        );
      }
      return missing(info);
    }
    const value: unknown = defaultFieldResolver(source, args, context, info);
    return value === undefined ? missing(info) : value;
  };
}

/** The app's installation on the shop (currentAppInstallation). */
export function appInstallation(store: ShopStore, scopes: string[] = []) {
  return {
    id: `gid://shopify/AppInstallation/${store.number}`,
    accessScopes: scopes.map((handle) => ({ handle, description: handle })),
  };
}

/** What a field the store has no data for answers: the empty value, or a clear error. */
function missing(info: GraphQLResolveInfo): unknown {
  const nullable = isNonNullType(info.returnType)
    ? info.returnType.ofType
    : info.returnType;
  if (isListType(nullable)) return [];
  const named = getNamedType(nullable);
  if (
    isObjectType(named) &&
    named.name.endsWith("Connection") &&
    "pageInfo" in named.getFields()
  ) {
    return {
      nodes: [],
      edges: [],
      pageInfo: {
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      },
    };
  }
  if (isNonNullType(info.returnType)) {
    throw new GraphQLError(
      `The Shopify double has no data for ${info.parentType.name}.${info.fieldName}: add it to the store or register a resolver`,
    );
  }
  return null;
}

/** `shop { ... }` from the store: the fields the app is likely to read, consistent with the shop. */
function shopFields(store: ShopStore) {
  const shop = store.shop;
  const primaryUrl = shop.primaryDomainUrl ?? `https://${shop.domain}`;
  const address = shop.billingAddress ?? {
    address1: "1 Sandbox Street",
    city: "New York",
    province: "New York",
    provinceCode: "NY",
    zip: "10001",
    country: "United States",
    countryCodeV2: "US",
  };
  const offsetMinutes = timezoneOffsetMinutes(shop.ianaTimezone);
  return {
    id: `gid://shopify/Shop/${store.number}`,
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    shopOwnerName: "Sandbox Owner",
    myshopifyDomain: shop.domain,
    url: primaryUrl,
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: [shop.currencyCode],
    ianaTimezone: shop.ianaTimezone,
    timezoneOffsetMinutes: offsetMinutes,
    timezoneOffset: `${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0")}${String(Math.abs(offsetMinutes) % 60).padStart(2, "0")}`,
    primaryDomain: {
      id: `gid://shopify/Domain/${store.number}`,
      url: primaryUrl,
      host: new URL(primaryUrl).host,
      sslEnabled: true,
    },
    billingAddress: {
      id: `gid://shopify/ShopAddress/${store.number}`,
      coordinatesValidated: false,
      ...address,
      countryCode: address.countryCodeV2,
      formatted: [
        address.address1,
        [address.city, address.provinceCode, address.zip]
          .filter(Boolean)
          .join(" "),
        address.country,
      ].filter(Boolean),
    },
    plan: shop.plan ?? {
      displayName: "Developer Preview",
      partnerDevelopment: true,
      shopifyPlus: false,
    },
    checkoutApiSupported: true,
    setupRequired: false,
    taxesIncluded: false,
    taxShipping: false,
    weightUnit: "KILOGRAMS",
    unitSystem: "METRIC_SYSTEM",
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
  };
}

function timezoneOffsetMinutes(timeZone: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    timeZoneName: "longOffset",
  }).formatToParts(at);
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(
    parts.find((p) => p.type === "timeZoneName")?.value ?? "",
  );
  return match
    ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
    : 0;
}

// Shopify's shape for errors; its messages come from its own (Ruby) GraphQL server and read
// differently from graphql-js's, so the app must not match on message text.
function formatError(error: GraphQLError, code?: string) {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(code ? { extensions: { code } } : {}),
  };
}
