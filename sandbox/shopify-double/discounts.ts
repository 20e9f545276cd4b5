// Basic code discounts: discountCodeBasicCreate (a code unique in the shop, Shopify's checks on
// value and dates), codeDiscountNode and codeDiscountNodeByCode.
import type { AdminApi, ShopStore } from "./admin-api";
import { connection, type PageArgs } from "./connections";
import { customerNode, findCustomer, shopifyTime } from "./customers";
import { findProduct, productNode } from "./products";

export type DoubleDiscountValue =
  { percentage: number } | { amount: string; appliesOnEachItem: boolean };

export interface DoubleDiscount {
  /** gid://shopify/DiscountCodeNode/N */
  id: string;
  title: string;
  code: string;
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  /** What the customer gets, on all items or on the listed products. */
  customerGets: { value: DoubleDiscountValue; productIds: string[] | "all" };
  /** Who may use the code (Admin 2025-01's customerSelection). */
  customerSelection:
    { all: true } | { customerIds: string[] } | { segmentIds: string[] };
  minimumRequirement: { subtotal: string } | { quantity: string } | null;
  combinesWith: {
    orderDiscounts: boolean;
    productDiscounts: boolean;
    shippingDiscounts: boolean;
  };
  createdAt: string;
}

interface BasicInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  customerGets?: {
    value?: {
      percentage?: number | null;
      discountAmount?: {
        amount?: string | number | null;
        appliesOnEachItem?: boolean | null;
      } | null;
    } | null;
    items?: {
      all?: boolean | null;
      products?: { productsToAdd?: string[] | null } | null;
    } | null;
  } | null;
  customerSelection?: {
    all?: boolean | null;
    customers?: { add?: string[] | null } | null;
    customerSegments?: { add?: string[] | null } | null;
  } | null;
  minimumRequirement?: {
    subtotal?: { greaterThanOrEqualToSubtotal?: string | number | null } | null;
    quantity?: { greaterThanOrEqualToQuantity?: string | number | null } | null;
  } | null;
  combinesWith?: {
    orderDiscounts?: boolean | null;
    productDiscounts?: boolean | null;
    shippingDiscounts?: boolean | null;
  } | null;
}

type DiscountError = { field: string[]; code: string; message: string };

export const discountsIn = (store: ShopStore) =>
  store.get<DoubleDiscount[]>("discounts", () => []);

export const findDiscount = (store: ShopStore, id: unknown) =>
  discountsIn(store).find((d) => d.id === id);

function inputErrors(store: ShopStore, input: BasicInput): DiscountError[] {
  const at = (...path: string[]) => ["basicCodeDiscount", ...path];
  const errors: DiscountError[] = [];
  if (!input.title?.trim())
    errors.push({
      field: at("title"),
      code: "BLANK",
      message: "Title can't be blank",
    });
  const code = input.code?.trim() ?? "";
  if (!code)
    errors.push({
      field: at("code"),
      code: "BLANK",
      message: "Code can't be blank",
    });
  else if (
    discountsIn(store).some((d) => d.code.toLowerCase() === code.toLowerCase())
  ) {
    errors.push({
      field: at("code"),
      code: "TAKEN",
      message: "Code must be unique. Please try a different code.",
    });
  }
  const value = input.customerGets?.value;
  if (!value || (value.percentage == null && value.discountAmount == null)) {
    errors.push({
      field: at("customerGets", "value"),
      code: "BLANK",
      message: "Value can't be blank",
    });
  } else if (
    value.percentage != null &&
    (value.percentage < 0 || value.percentage > 1)
  ) {
    errors.push({
      field: at("customerGets", "value", "percentage"),
      code: "VALUE_OUTSIDE_RANGE",
      message: "Value must be between 0.0 and 1.0",
    });
  }
  if (
    input.startsAt &&
    input.endsAt &&
    Date.parse(input.endsAt) <= Date.parse(input.startsAt)
  ) {
    errors.push({
      field: at("endsAt"),
      code: "INVALID",
      message: "Ends at needs to be after starts_at",
    });
  }
  if (input.usageLimit != null && input.usageLimit < 1) {
    errors.push({
      field: at("usageLimit"),
      code: "GREATER_THAN",
      message: "Usage limit must be greater than 0",
    });
  }
  return errors;
}

function discountFrom(store: ShopStore, input: BasicInput): DoubleDiscount {
  const value = input.customerGets!.value!;
  const selection = input.customerSelection;
  const minimum = input.minimumRequirement;
  return {
    id: store.gid("DiscountCodeNode"),
    title: input.title!.trim(),
    code: input.code!.trim(),
    startsAt: shopifyTime(input.startsAt ?? new Date()),
    endsAt: input.endsAt ? shopifyTime(input.endsAt) : null,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    customerGets: {
      value:
        value.percentage != null
          ? { percentage: value.percentage }
          : {
              amount: Number(value.discountAmount!.amount ?? 0).toFixed(2),
              appliesOnEachItem:
                value.discountAmount!.appliesOnEachItem ?? false,
            },
      productIds: input.customerGets?.items?.products?.productsToAdd ?? "all",
    },
    customerSelection: selection?.customers?.add
      ? { customerIds: selection.customers.add }
      : selection?.customerSegments?.add
        ? { segmentIds: selection.customerSegments.add }
        : { all: true },
    minimumRequirement:
      minimum?.subtotal?.greaterThanOrEqualToSubtotal != null
        ? { subtotal: String(minimum.subtotal.greaterThanOrEqualToSubtotal) }
        : minimum?.quantity?.greaterThanOrEqualToQuantity != null
          ? { quantity: String(minimum.quantity.greaterThanOrEqualToQuantity) }
          : null,
    combinesWith: {
      orderDiscounts: input.combinesWith?.orderDiscounts ?? false,
      productDiscounts: input.combinesWith?.productDiscounts ?? false,
      shippingDiscounts: input.combinesWith?.shippingDiscounts ?? false,
    },
    createdAt: shopifyTime(),
  };
}

/** The DiscountCodeNode the API answers for a stored discount. */
export function discountNode(store: ShopStore, discount: DoubleDiscount) {
  const now = Date.now();
  const status =
    Date.parse(discount.startsAt) > now
      ? "SCHEDULED"
      : discount.endsAt && Date.parse(discount.endsAt) <= now
        ? "EXPIRED"
        : "ACTIVE";
  const { value, productIds } = discount.customerGets;
  const money = (amount: string) => ({
    amount,
    currencyCode: store.shop.currencyCode,
  });
  const selection = discount.customerSelection;
  const minimum = discount.minimumRequirement;
  const summary =
    "percentage" in value
      ? `${Math.round(value.percentage * 100)}% off`
      : `${value.amount} ${store.shop.currencyCode} off`;
  return {
    __typename: "DiscountCodeNode",
    id: discount.id,
    codeDiscount: {
      __typename: "DiscountCodeBasic",
      title: discount.title,
      codes: (args: PageArgs) =>
        connection(
          [
            {
              __typename: "DiscountRedeemCode",
              id: discount.id.replace("DiscountCodeNode", "DiscountRedeemCode"),
              code: discount.code,
              asyncUsageCount: 0,
            },
          ],
          args,
        ),
      codesCount: { count: 1, precision: "EXACT" },
      startsAt: discount.startsAt,
      endsAt: discount.endsAt,
      usageLimit: discount.usageLimit,
      appliesOncePerCustomer: discount.appliesOncePerCustomer,
      asyncUsageCount: 0,
      status,
      discountClass: productIds === "all" ? "ORDER" : "PRODUCT",
      summary,
      shortSummary: summary,
      customerGets: {
        value:
          "percentage" in value
            ? { __typename: "DiscountPercentage", percentage: value.percentage }
            : {
                __typename: "DiscountAmount",
                amount: money(value.amount),
                appliesOnEachItem: value.appliesOnEachItem,
              },
        items:
          productIds === "all"
            ? { __typename: "AllDiscountItems", allItems: true }
            : {
                __typename: "DiscountProducts",
                products: (args: PageArgs) =>
                  connection(
                    productIds
                      .flatMap((id) => findProduct(store, id) ?? [])
                      .map((p) => productNode(store, p)),
                    args,
                  ),
                productVariants: (args: PageArgs) => connection([], args),
              },
        appliesOnOneTimePurchase: true,
        appliesOnSubscription: false,
      },
      customerSelection:
        "all" in selection
          ? { __typename: "DiscountCustomerAll", allCustomers: true }
          : "customerIds" in selection
            ? {
                __typename: "DiscountCustomers",
                customers: selection.customerIds
                  .flatMap((id) => findCustomer(store, id) ?? [])
                  .map((c) => customerNode(store, c)),
              }
            : { __typename: "DiscountCustomerSegments", segments: [] },
      minimumRequirement: !minimum
        ? null
        : "subtotal" in minimum
          ? {
              __typename: "DiscountMinimumSubtotal",
              greaterThanOrEqualToSubtotal: money(minimum.subtotal),
            }
          : {
              __typename: "DiscountMinimumQuantity",
              greaterThanOrEqualToQuantity: minimum.quantity,
            },
      combinesWith: discount.combinesWith,
      shareableUrls: [],
      hasTimelineComment: false,
      createdAt: discount.createdAt,
      updatedAt: discount.createdAt,
    },
  };
}

export function registerDiscounts(admin: AdminApi): void {
  admin.resolve("discountCodeBasicCreate", (args, { store }) => {
    const input = args.basicCodeDiscount as BasicInput;
    const errors = inputErrors(store, input);
    if (errors.length) return { codeDiscountNode: null, userErrors: errors };
    const discount = discountFrom(store, input);
    discountsIn(store).push(discount);
    return { codeDiscountNode: discountNode(store, discount), userErrors: [] };
  });
  admin.resolve("Query.codeDiscountNode", (args, { store }) => {
    const discount = findDiscount(store, args.id);
    return discount ? discountNode(store, discount) : null;
  });
  admin.resolve("Query.codeDiscountNodeByCode", (args, { store }) => {
    const code = String(args.code).toLowerCase();
    const discount = discountsIn(store).find(
      (d) => d.code.toLowerCase() === code,
    );
    return discount ? discountNode(store, discount) : null;
  });
}
