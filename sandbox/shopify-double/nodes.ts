// node(id) and nodes(ids) over what the double keeps: products, customers, code discounts, orders
// (those the app may read) and bulk operations
// (null for an id it does not know, as on Shopify).
import type { AdminApi, ShopStore } from "./admin-api";
import { bulkOperationNode, findBulkOperation } from "./bulk-operations";
import { findOrder, orderNode, visibleOrders } from "./orders";
import { customerNode, findCustomer } from "./customers";
import { discountNode, findDiscount } from "./discounts";
import { findProduct, productNode } from "./products";

function nodeOf(
  admin: AdminApi,
  store: ShopStore,
  scopes: string[],
  id: unknown,
): unknown {
  const bulk = findBulkOperation(store, id);
  if (bulk) return bulkOperationNode(admin, store, bulk);
  if (typeof id === "string" && id.startsWith("gid://shopify/Order/")) {
    const order = findOrder(store, id);
    return order && visibleOrders(store, scopes).includes(order)
      ? orderNode(store, order)
      : null;
  }
  const product = findProduct(store, id);
  if (product) return productNode(store, product);
  const customer = findCustomer(store, id);
  if (customer) return customerNode(store, customer);
  const discount = findDiscount(store, id);
  return discount ? discountNode(store, discount) : null;
}

export function registerNodes(admin: AdminApi): void {
  admin.resolve("Query.node", (args, { store, scopes }) =>
    nodeOf(admin, store, scopes, args.id),
  );
  admin.resolve("Query.nodes", (args, { store, scopes }) =>
    (args.ids as string[]).map((id) => nodeOf(admin, store, scopes, id)),
  );
}
