// Webhook bodies shaped as Shopify sends them (REST JSON of the 2026-10 API), trimmed to the
// fields that matter plus a few the app must ignore.
let next = 1000;
const id = () => ++next;

export interface Person {
  customerId?: number;
  email?: string;
  firstName?: string;
}

const lines = [
  {
    id: id(),
    product_id: 7001,
    variant_id: 8001,
    title: "Linen shirt",
    quantity: 1,
    price: "49.00",
    sku: "LS-1",
    vendor: "Demo",
  },
  {
    id: id(),
    product_id: 7002,
    variant_id: 8002,
    title: "Canvas tote",
    quantity: 2,
    price: "15.50",
    sku: "CT-1",
    vendor: "Demo",
  },
];

const customer = (p: Person) =>
  p.customerId
    ? {
        id: p.customerId,
        email: p.email ?? null,
        first_name: p.firstName ?? null,
        last_name: "Tester",
        phone: null,
        tags: "",
        admin_graphql_api_id: `gid://shopify/Customer/${p.customerId}`,
      }
    : null;

export function cart(token: string, updatedAt: Date, items = lines) {
  return {
    id: token,
    token,
    line_items: items,
    note: null,
    updated_at: updatedAt.toISOString(),
    created_at: updatedAt.toISOString(),
  };
}

export function checkout(
  token: string,
  p: Person,
  updatedAt: Date,
  extra: { cartToken?: string; completedAt?: Date; createdAt?: Date } = {},
) {
  return {
    id: id(),
    token,
    cart_token: extra.cartToken ?? null,
    email: p.email ?? null,
    phone: null,
    gateway: null,
    buyer_accepts_marketing: false,
    created_at: (extra.createdAt ?? updatedAt).toISOString(),
    updated_at: updatedAt.toISOString(),
    completed_at: extra.completedAt?.toISOString() ?? null,
    currency: "USD",
    presentment_currency: "USD",
    total_price: "80.00",
    subtotal_price: "80.00",
    line_items: lines,
    customer: customer(p),
    customer_locale: "en",
    abandoned_checkout_url: `https://trigger-map-demo.myshopify.com/checkouts/${token}/recover`,
  };
}

export function order(
  p: Person,
  createdAt: Date,
  extra: {
    checkoutToken?: string;
    cartToken?: string;
    discountCodes?: string[];
    totalPrice?: string;
  } = {},
) {
  const orderId = id();
  const codes = extra.discountCodes ?? [];
  return {
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId}`,
    email: p.email ?? "",
    contact_email: p.email ?? null,
    created_at: createdAt.toISOString(),
    updated_at: createdAt.toISOString(),
    processed_at: createdAt.toISOString(),
    cart_token: extra.cartToken ?? null,
    checkout_token: extra.checkoutToken ?? null,
    currency: "USD",
    presentment_currency: "USD",
    total_price: extra.totalPrice ?? "80.00",
    discount_codes: codes.map((code) => ({
      code,
      amount: "8.00",
      type: "percentage",
    })),
    financial_status: "pending",
    line_items: lines,
    customer: customer(p),
    customer_locale: "en",
    browser_ip: "203.0.113.9",
  };
}

export function customerBody(
  p: Person & {
    consent?: "subscribed" | "unsubscribed" | "not_subscribed";
    consentAt?: Date;
  },
  updatedAt: Date,
) {
  return {
    ...customer(p),
    created_at: updatedAt.toISOString(),
    updated_at: updatedAt.toISOString(),
    state: "enabled",
    verified_email: true,
    email_marketing_consent: p.consent
      ? {
          state: p.consent,
          opt_in_level: "single_opt_in",
          consent_updated_at: (p.consentAt ?? updatedAt).toISOString(),
        }
      : null,
  };
}

export function consentBody(
  p: Person,
  state: "subscribed" | "unsubscribed",
  at: Date,
) {
  return {
    customer_id: p.customerId,
    email_address: p.email,
    email_marketing_consent: {
      state,
      opt_in_level: "single_opt_in",
      consent_updated_at: at.toISOString(),
    },
  };
}

/** A fulfillment of an order (fulfillments/create, fulfillments/update) as the webhook sends it. */
export function fulfillment(
  o: { id: number | string; name?: string; email?: string | null },
  at: Date,
  extra: {
    id?: number;
    status?: string;
    shipmentStatus?: string | null;
    trackingUrl?: string | null;
  } = {},
) {
  const fulfillmentId = extra.id ?? id();
  return {
    id: fulfillmentId,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${fulfillmentId}`,
    order_id: o.id,
    name: `${o.name ?? `#${o.id}`}.1`,
    status: extra.status ?? "success",
    shipment_status: extra.shipmentStatus ?? null,
    service: "manual",
    location_id: 905684977,
    email: o.email ?? null,
    destination: { first_name: "Ann", city: "Berlin", country_code: "DE" },
    tracking_company: "UPS",
    tracking_number: "1Z2345",
    tracking_numbers: ["1Z2345"],
    tracking_url:
      extra.trackingUrl === undefined
        ? "https://www.ups.com/WebTracking?tracknum=1Z2345"
        : extra.trackingUrl,
    tracking_urls: [],
    receipt: {},
    line_items: lines,
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
  };
}
