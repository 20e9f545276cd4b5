// node(id) and nodes(ids) over what the double keeps: products, customers and code discounts
// (null for an id it does not know, as on Shopify).
import type { AdminApi, ShopStore } from "./admin-api";
import { customerNode, findCustomer } from "./customers";
import { discountNode, findDiscount } from "./discounts";
import { findProduct, productNode } from "./products";

function nodeOf(store: ShopStore, id: unknown): unknown {
  const product = findProduct(store, id);
  if (product) return productNode(store, product);
  const customer = findCustomer(store, id);
  if (customer) return customerNode(store, customer);
  const discount = findDiscount(store, id);
  return discount ? discountNode(store, discount) : null;
}

export function registerNodes(admin: AdminApi): void {
  admin.resolve("Query.node", (args, { store }) => nodeOf(store, args.id));
  admin.resolve("Query.nodes", (args, { store }) =>
    (args.ids as string[]).map((id) => nodeOf(store, id)),
  );
}
