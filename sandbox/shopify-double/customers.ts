// Customers as Shopify's Admin API keeps them: customerCreate (unique, valid email), customerUpdate,
// customerEmailMarketingConsentUpdate, tagsAdd, customer(id) and customers(query: "email:...").
import type { AdminApi, ShopStore } from "./admin-api";
import { connection, searchTerms } from "./connections";
import { customerOrderFields, pageArgs } from "./orders";

export interface DoubleEmailMarketingConsent {
  /** CustomerEmailMarketingState: NOT_SUBSCRIBED, PENDING, SUBSCRIBED, UNSUBSCRIBED, REDACTED, INVALID. */
  marketingState: string;
  /** CustomerMarketingOptInLevel: SINGLE_OPT_IN, CONFIRMED_OPT_IN, UNKNOWN. */
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

export interface DoubleCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  /** The customer's language (default "en"). */
  locale?: string;
  /** Null while the customer has no email, as on Shopify. */
  emailMarketingConsent: DoubleEmailMarketingConsent | null;
  createdAt: string;
  updatedAt: string;
}

interface CustomerInput {
  id?: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  emailMarketingConsent?: {
    marketingState: string;
    marketingOptInLevel?: string | null;
    consentUpdatedAt?: string | null;
  } | null;
}

type FieldError = { field: string[]; message: string };

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Shopify's DateTime: ISO 8601 in UTC to the second. */
export const shopifyTime = (at: Date | string = new Date()) =>
  new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");

export const customersIn = (store: ShopStore) =>
  store.get<DoubleCustomer[]>("customers", () => []);

export const findCustomer = (store: ShopStore, id: unknown) =>
  customersIn(store).find((c) => c.id === id);

/** The Customer object the API answers for a stored customer. */
export function customerNode(store: ShopStore, customer: DoubleCustomer) {
  const displayName =
    [customer.firstName, customer.lastName].filter(Boolean).join(" ") ||
    customer.email ||
    customer.phone ||
    "";
  return {
    __typename: "Customer",
    ...customer,
    displayName,
    legacyResourceId: customer.id.split("/").pop(),
    locale: customer.locale ?? "en",
    state: "DISABLED",
    verifiedEmail: customer.email !== null,
    validEmailAddress: customer.email !== null,
    ...customerOrderFields(store, customer),
    canDelete: true,
    taxExempt: false,
    taxExemptions: [],
    addresses: [],
    defaultAddress: null,
    smsMarketingConsent: customer.phone
      ? {
          marketingState: "NOT_SUBSCRIBED",
          marketingOptInLevel: "SINGLE_OPT_IN",
          consentUpdatedAt: null,
          consentCollectedFrom: "OTHER",
        }
      : null,
    dataSaleOptOut: false,
    hasTimelineComment: false,
  };
}

function consentFrom(
  input: NonNullable<CustomerInput["emailMarketingConsent"]>,
): DoubleEmailMarketingConsent {
  return {
    marketingState: input.marketingState,
    marketingOptInLevel: input.marketingOptInLevel ?? "SINGLE_OPT_IN",
    consentUpdatedAt: shopifyTime(input.consentUpdatedAt ?? new Date()),
  };
}

/** Shopify's checks on the fields a customer keeps unique or well-formed. */
function contactErrors(
  store: ShopStore,
  input: CustomerInput,
  self?: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const others = customersIn(store).filter((c) => c.id !== self);
  if (typeof input.email === "string" && input.email !== "") {
    if (!EMAIL.test(input.email.trim()))
      errors.push({ field: ["email"], message: "Email is invalid" });
    else if (
      others.some(
        (c) => c.email?.toLowerCase() === input.email!.trim().toLowerCase(),
      )
    ) {
      errors.push({
        field: ["email"],
        message: "Email has already been taken",
      });
    }
  }
  if (
    typeof input.phone === "string" &&
    input.phone !== "" &&
    others.some((c) => c.phone === input.phone)
  ) {
    errors.push({ field: ["phone"], message: "Phone has already been taken" });
  }
  return errors;
}

const tagsOf = (tags: string[]) => [
  ...new Set(tags.map((t) => t.trim()).filter(Boolean)),
];
const text = (value: string | null | undefined) =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : null;

function matches(customer: DoubleCustomer, query: unknown): boolean {
  return searchTerms(query).every(([field, value]) => {
    if (field === "email")
      return value === "*"
        ? customer.email !== null
        : customer.email?.toLowerCase() === value.toLowerCase();
    if (field === "phone")
      return value === "*" ? customer.phone !== null : customer.phone === value;
    if (field === "id") return customer.id.split("/").pop() === value;
    return true; // other terms: not modelled, every customer matches
  });
}

export function registerCustomers(admin: AdminApi): void {
  admin.resolve("customerCreate", (args, { store }) => {
    const input = args.input as CustomerInput;
    const errors = contactErrors(store, input);
    if (input.emailMarketingConsent && !text(input.email)) {
      errors.push({
        field: ["email"],
        message: "Email is required to set email marketing consent",
      });
    }
    if (errors.length) return { customer: null, userErrors: errors };
    const now = shopifyTime();
    const email = text(input.email);
    const customer: DoubleCustomer = {
      id: store.gid("Customer"),
      email,
      firstName: text(input.firstName),
      lastName: text(input.lastName),
      phone: text(input.phone),
      note: text(input.note),
      tags: tagsOf(input.tags ?? []),
      emailMarketingConsent: input.emailMarketingConsent
        ? consentFrom(input.emailMarketingConsent)
        : email
          ? {
              marketingState: "NOT_SUBSCRIBED",
              marketingOptInLevel: "SINGLE_OPT_IN",
              consentUpdatedAt: null,
            }
          : null,
      createdAt: now,
      updatedAt: now,
    };
    customersIn(store).push(customer);
    return { customer: customerNode(store, customer), userErrors: [] };
  });

  admin.resolve("customerUpdate", (args, { store }) => {
    const input = args.input as CustomerInput;
    const customer = findCustomer(store, input.id);
    if (!customer)
      return {
        customer: null,
        userErrors: [{ field: ["id"], message: "Customer does not exist" }],
      };
    const errors = contactErrors(store, input, customer.id);
    if (input.emailMarketingConsent) {
      errors.push({
        field: ["emailMarketingConsent"],
        message:
          "To update emailMarketingConsent, please use the customerEmailMarketingConsentUpdate Mutation instead.",
      });
    }
    if (errors.length) return { customer: null, userErrors: errors };
    for (const key of [
      "email",
      "firstName",
      "lastName",
      "phone",
      "note",
    ] as const) {
      if (input[key] !== undefined) customer[key] = text(input[key]);
    }
    if (input.tags !== undefined) customer.tags = tagsOf(input.tags ?? []);
    if (customer.email && !customer.emailMarketingConsent) {
      customer.emailMarketingConsent = {
        marketingState: "NOT_SUBSCRIBED",
        marketingOptInLevel: "SINGLE_OPT_IN",
        consentUpdatedAt: null,
      };
    }
    customer.updatedAt = shopifyTime();
    return { customer: customerNode(store, customer), userErrors: [] };
  });

  admin.resolve("customerEmailMarketingConsentUpdate", (args, { store }) => {
    const input = args.input as {
      customerId: string;
      emailMarketingConsent: NonNullable<
        CustomerInput["emailMarketingConsent"]
      >;
    };
    const customer = findCustomer(store, input.customerId);
    if (!customer)
      return {
        customer: null,
        userErrors: [
          {
            field: ["input", "customerId"],
            message: "Customer not found",
            code: "INVALID",
          },
        ],
      };
    if (!customer.email) {
      return {
        customer: null,
        userErrors: [
          {
            field: ["input", "customerId"],
            message: "Customer must have an email address",
            code: "INVALID",
          },
        ],
      };
    }
    customer.emailMarketingConsent = consentFrom(input.emailMarketingConsent);
    customer.updatedAt = shopifyTime();
    return { customer: customerNode(store, customer), userErrors: [] };
  });

  // tagsAdd takes any taggable resource; in the double, customers.
  admin.resolve("tagsAdd", (args, { store }) => {
    const customer = findCustomer(store, args.id);
    if (!customer)
      return {
        node: null,
        userErrors: [{ field: ["id"], message: "Resource does not exist" }],
      };
    customer.tags = tagsOf([
      ...customer.tags,
      ...((args.tags as string[]) ?? []),
    ]);
    customer.updatedAt = shopifyTime();
    return { node: customerNode(store, customer), userErrors: [] };
  });

  admin.resolve("Query.customer", (args, { store }) => {
    const customer = findCustomer(store, args.id);
    return customer ? customerNode(store, customer) : null;
  });

  admin.resolve("Query.customers", (args, context) =>
    connection(
      customersIn(context.store)
        .filter((c) => matches(c, args.query))
        .map((c) => customerNode(context.store, c)),
      pageArgs(args, context),
    ),
  );
}
