// Fulfillments as Shopify keeps them and tells apps about them: the merchant (or a fulfillment app)
// ships an order — `fulfillments/create` — and the carrier's tracking then moves the shipment's
// status — `fulfillments/update`, the whole fulfillment with its new `shipment_status`. Bodies are
// the REST Fulfillment resource of the webhook (2026-10), trimmed to what a fulfillment carries.
// The double keeps no orders: a test hands it the order body it sent as orders/create.
import type { DoubleWebhookInput } from "./server";
import type { WebhookDelivery } from "./webhooks";

/** Shopify's shipment statuses (the REST field; GraphQL's FulfillmentEventStatus in lower case). */
export type ShipmentStatus =
  | "label_purchased"
  | "label_printed"
  | "ready_for_pickup"
  | "confirmed"
  | "in_transit"
  | "out_for_delivery"
  | "attempted_delivery"
  | "delayed"
  | "delivered"
  | "failure";

/** What the double needs of an order: the body of its orders/create webhook. */
export interface FulfilledOrder {
  id: number | string;
  name?: string | null;
  email?: string | null;
  line_items?: Array<{
    id?: number | string;
    product_id?: number | string | null;
    variant_id?: number | string | null;
    title?: string | null;
    quantity?: number;
    price?: string | null;
  }>;
}

export interface DoubleFulfillment {
  id: number;
  order_id: number | string;
  name: string;
  status: "success" | "cancelled";
  shipment_status: ShipmentStatus | null;
  email: string | null;
  tracking_company: string | null;
  tracking_number: string | null;
  tracking_numbers: string[];
  tracking_url: string | null;
  tracking_urls: string[];
  line_items: NonNullable<FulfilledOrder["line_items"]>;
  created_at: string;
  updated_at: string;
  admin_graphql_api_id: string;
}

export const FULFILLMENTS_WEBHOOK_PATH = "/webhooks/fulfillments";

let nextId = 5_000_000;

export class Fulfillments {
  /** By shop, then order id: the order's fulfillments, oldest first. */
  private readonly byShop = new Map<string, Map<string, DoubleFulfillment[]>>();

  constructor(
    private readonly deliver: (
      input: DoubleWebhookInput,
    ) => Promise<WebhookDelivery>,
  ) {}

  /** The order's fulfillments so far. */
  of(shop: string, orderId: number | string): DoubleFulfillment[] {
    return this.byShop.get(shop)?.get(String(orderId)) ?? [];
  }

  /**
   * Ships the order's items (a new fulfillment, with a tracking number and the carrier's page), or
   * moves its latest shipment to `status`: fulfillments/create the first time, fulfillments/update
   * after. `status` on the first call is the status the shipment starts with (none: the carrier
   * has not reported yet, as when a merchant marks an order fulfilled).
   */
  async fulfil(
    shop: string,
    order: FulfilledOrder,
    status: ShipmentStatus | null = null,
    /** `at`: the fulfillment's times (Shopify sends at once: the webhook's own time is now). */
    options: { at?: Date; newShipment?: boolean } = {},
  ): Promise<{ fulfillment: DoubleFulfillment; delivery: WebhookDelivery }> {
    const at = (options.at ?? new Date()).toISOString();
    const orders =
      this.byShop.get(shop) ?? new Map<string, DoubleFulfillment[]>();
    this.byShop.set(shop, orders);
    const list = orders.get(String(order.id)) ?? [];
    orders.set(String(order.id), list);
    const latest = options.newShipment ? undefined : list.at(-1);
    let topic: string;
    let fulfillment: DoubleFulfillment;
    if (latest) {
      topic = "fulfillments/update";
      fulfillment = { ...latest, shipment_status: status, updated_at: at };
      list[list.length - 1] = fulfillment;
    } else {
      topic = "fulfillments/create";
      const id = ++nextId;
      const tracking = `1Z999AA1${String(id).padStart(10, "0")}`;
      fulfillment = {
        id,
        order_id: order.id,
        name: `${order.name ?? `#${order.id}`}.${list.length + 1}`,
        status: "success",
        shipment_status: status,
        email: order.email || null,
        tracking_company: "UPS",
        tracking_number: tracking,
        tracking_numbers: [tracking],
        tracking_url: `https://www.ups.com/WebTracking?tracknum=${tracking}`,
        tracking_urls: [`https://www.ups.com/WebTracking?tracknum=${tracking}`],
        line_items: order.line_items ?? [],
        created_at: at,
        updated_at: at,
        admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
      };
      list.push(fulfillment);
    }
    const delivery = await this.deliver({
      path: FULFILLMENTS_WEBHOOK_PATH,
      topic,
      shopDomain: shop,
      payload: fulfillment,
    });
    return { fulfillment, delivery };
  }
}
