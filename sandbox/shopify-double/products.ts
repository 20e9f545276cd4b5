// Products as the Admin API answers them, from the shop's catalogue (DoubleShop.products): product,
// productByHandle and products(query) with title, handle, storefront URL, image, price, inventory.
import type { AdminApi, ShopStore } from "./admin-api";
import { connection, searchTerms, type PageArgs } from "./connections";

export interface DoubleProduct {
  /** gid://shopify/Product/N */
  id: string;
  title: string;
  handle: string;
  description: string;
  /** Decimal string, e.g. "49.00". */
  price: string;
  currencyCode: string;
  /** Absolute, or a path on the shop's storefront (e.g. /cdn/products/linen-shirt.svg). */
  imageUrl: string;
  imageAlt?: string;
  /** The image itself, for a storefront that serves it at imageUrl. */
  imageSvg?: string;
  /** Default 10. */
  totalInventory?: number;
  /** The product's one variant (default gid://shopify/ProductVariant/N with the product's N). */
  variantId?: string;
  vendor?: string;
  tags?: string[];
}

export const productsIn = (store: ShopStore): readonly DoubleProduct[] =>
  store.shop.products ?? [];

export const findProduct = (store: ShopStore, id: unknown) =>
  productsIn(store).find((p) => p.id === id);

const storefrontUrl = (store: ShopStore) =>
  store.shop.primaryDomainUrl ?? `https://${store.shop.domain}`;

/** Where a product's (or an article's) image is: imageUrl, with a path taken on the shop's primary domain. */
export const productImageUrl = (
  store: ShopStore,
  product: Pick<DoubleProduct, "imageUrl">,
) =>
  /^(https?|data):/.test(product.imageUrl)
    ? product.imageUrl
    : new URL(product.imageUrl, storefrontUrl(store)).href;

/** The Product object the API answers. */
export function productNode(store: ShopStore, product: DoubleProduct) {
  const number = product.id.split("/").pop()!;
  const money = { amount: product.price, currencyCode: product.currencyCode };
  const url = `${storefrontUrl(store)}/products/${product.handle}`;
  const inventory = product.totalInventory ?? 10;
  const variant = {
    __typename: "ProductVariant",
    id: product.variantId ?? `gid://shopify/ProductVariant/${number}`,
    title: "Default Title",
    displayName: `${product.title} - Default Title`,
    price: product.price,
    sku: null,
    inventoryQuantity: inventory,
    availableForSale: inventory > 0,
    position: 1,
  };
  const node = {
    __typename: "Product",
    id: product.id,
    legacyResourceId: number,
    title: product.title,
    handle: product.handle,
    description: ({ truncateAt }: { truncateAt?: number }) =>
      truncateAt && product.description.length > truncateAt
        ? `${product.description.slice(0, truncateAt - 3)}...`
        : product.description,
    descriptionHtml: `<p>${product.description.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
    onlineStoreUrl: url,
    onlineStorePreviewUrl: url,
    featuredImage: {
      __typename: "Image",
      id: `gid://shopify/ProductImage/${number}`,
      url: productImageUrl(store, product),
      src: productImageUrl(store, product),
      altText: product.imageAlt ?? product.title,
      width: 800,
      height: 800,
    },
    priceRangeV2: { minVariantPrice: money, maxVariantPrice: money },
    totalInventory: inventory,
    status: "ACTIVE",
    vendor: product.vendor ?? store.shop.name,
    productType: "",
    tags: product.tags ?? [],
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
    variants: (args: PageArgs) =>
      connection([{ ...variant, product: node }], args),
  };
  return node;
}

function matches(product: DoubleProduct, query: unknown): boolean {
  const words =
    typeof query === "string"
      ? query
          .replace(/(\w+):("[^"]*"|'[^']*'|\S+)/g, " ")
          .trim()
          .toLowerCase()
      : "";
  if (words && !product.title.toLowerCase().includes(words)) return false;
  return searchTerms(query).every(([field, value]) => {
    const wanted = value.toLowerCase();
    if (field === "handle") return product.handle === wanted;
    if (field === "title")
      return (
        value === "*" ||
        product.title.toLowerCase().includes(wanted.replace(/\*$/, ""))
      );
    if (field === "id") return product.id.split("/").pop() === value;
    if (field === "status") return wanted === "active";
    return true; // other terms: not modelled, every product matches
  });
}

export function registerProducts(admin: AdminApi): void {
  admin.resolve("Query.product", (args, { store }) => {
    const product = findProduct(store, args.id);
    return product ? productNode(store, product) : null;
  });
  admin.resolve("Query.productByHandle", (args, { store }) => {
    const product = productsIn(store).find((p) => p.handle === args.handle);
    return product ? productNode(store, product) : null;
  });
  admin.resolve("Query.products", (args, { store }) =>
    connection(
      productsIn(store)
        .filter((p) => matches(p, args.query))
        .map((p) => productNode(store, p)),
      args,
    ),
  );
}
