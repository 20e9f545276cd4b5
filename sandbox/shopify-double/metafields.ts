// Metafields on the app installation (app data, read by Liquid as app.metafields.<namespace>.<key>)
// and on customers: metafieldsSet with Shopify's checks, and currentAppInstallation's metafield(s).
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import { appInstallation, type AdminApi, type ShopStore } from "./admin-api";
import { connection, type PageArgs } from "./connections";
import { findCustomer, shopifyTime } from "./customers";

export interface DoubleMetafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

interface SetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  compareDigest?: string | null;
}

type SetError = {
  field: string[];
  message: string;
  code: string;
  elementIndex: number;
};

/** metafieldsSet takes at most this many metafields per call. */
export const MAX_METAFIELDS_PER_SET = 25;
/** Used when the input names no namespace: the app's reserved one. */
export const APP_NAMESPACE = "$app";

// Shopify's metafield types (lists are list.<type>); character limits from Shopify's "Metafield limits".
const TYPES = new Set([
  "boolean",
  "collection_reference",
  "color",
  "customer_reference",
  "date",
  "date_time",
  "dimension",
  "file_reference",
  "id",
  "json",
  "language",
  "link",
  "metaobject_reference",
  "mixed_reference",
  "money",
  "multi_line_text_field",
  "number_decimal",
  "number_integer",
  "page_reference",
  "product_reference",
  "product_taxonomy_value_reference",
  "rating",
  "rich_text_field",
  "single_line_text_field",
  "url",
  "variant_reference",
  "volume",
  "weight",
]);
const MAX_CHARACTERS: Record<string, number> = {
  json: 2_000_000,
  id: 2_048,
  url: 2_048,
};
const DEFAULT_MAX_CHARACTERS = 65_536;

export const metafieldsIn = (store: ShopStore) =>
  store.get<DoubleMetafield[]>("metafields", () => []);

/** An app-data metafield, as Liquid's app.metafields.<namespace>.<key> reads it. */
export function appMetafieldIn(
  store: ShopStore,
  namespace: string,
  key: string,
): { type: string; value: string } | null {
  const owner = appInstallation(store).id;
  const found = metafieldsIn(store).find(
    (m) => m.ownerId === owner && m.namespace === namespace && m.key === key,
  );
  return found ? { type: found.type, value: found.value } : null;
}

const digest = (value: string) =>
  createHash("sha256").update(value).digest("hex");

function metafieldNode(metafield: DoubleMetafield) {
  return {
    __typename: "Metafield",
    ...metafield,
    legacyResourceId: metafield.id.split("/").pop(),
    ownerType: metafield.ownerId.includes("/AppInstallation/")
      ? "API_PERMISSION"
      : "CUSTOMER",
    compareDigest: digest(metafield.value),
    jsonValue: jsonValue(metafield),
    description: null,
    definition: null,
    reference: null,
  };
}

function jsonValue({ type, value }: DoubleMetafield): unknown {
  if (
    type === "json" ||
    type.startsWith("list.") ||
    [
      "boolean",
      "number_integer",
      "dimension",
      "money",
      "rating",
      "volume",
      "weight",
      "rich_text_field",
    ].includes(type)
  ) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** `metafield(namespace, key)` and `metafields(...)` of an owner, as field functions. */
export function ownerMetafieldFields(store: ShopStore, ownerId: string) {
  const owned = () => metafieldsIn(store).filter((m) => m.ownerId === ownerId);
  return {
    metafield: ({ namespace, key }: { namespace?: string; key: string }) => {
      const found = owned().find(
        (m) => m.namespace === (namespace ?? APP_NAMESPACE) && m.key === key,
      );
      return found ? metafieldNode(found) : null;
    },
    metafields: (args: PageArgs & { namespace?: string; keys?: string[] }) =>
      connection(
        owned()
          .filter(
            (m) => args.namespace == null || m.namespace === args.namespace,
          )
          .filter(
            (m) => !args.keys || args.keys.includes(`${m.namespace}.${m.key}`),
          )
          .map(metafieldNode),
        args,
      ),
  };
}

function valueError(type: string, value: string): string | null {
  const max = MAX_CHARACTERS[type] ?? DEFAULT_MAX_CHARACTERS;
  if (value.length > max)
    return `Value is too long (maximum is ${max} characters)`;
  if (type === "json" || type.startsWith("list.")) {
    try {
      JSON.parse(value);
    } catch (error) {
      return `Value is invalid JSON: ${(error as Error).message}.`;
    }
  }
  if (type === "boolean" && value !== "true" && value !== "false")
    return "Value must be true or false.";
  if (type === "number_integer" && !/^-?\d+$/.test(value))
    return "Value must be an integer.";
  if (type === "number_decimal" && !/^-?\d+(\.\d+)?$/.test(value))
    return "Value must be a decimal.";
  return null;
}

function setErrors(store: ShopStore, inputs: SetInput[]): SetError[] {
  const app = appInstallation(store).id;
  const errors: SetError[] = [];
  inputs.forEach((input, index) => {
    const error = (field: string, code: string, message: string) =>
      errors.push({
        field: ["metafields", String(index), field],
        code,
        message,
        elementIndex: index,
      });
    const isOwner =
      input.ownerId === app ||
      (input.ownerId.startsWith("gid://shopify/Customer/") &&
        findCustomer(store, input.ownerId));
    if (!isOwner)
      return error("ownerId", "INVALID_VALUE", "Owner does not exist.");
    if (!input.key) return error("key", "BLANK", "Key can't be blank.");
    const existing = find(store, input);
    const type = input.type ?? existing?.type;
    if (!type) return error("type", "BLANK", "Type can't be blank.");
    if (!TYPES.has(type.replace(/^list\./, "")))
      return error(
        "type",
        "INVALID_TYPE",
        `Type '${type}' is not a valid type.`,
      );
    const invalid = valueError(type, input.value);
    if (invalid)
      return error(
        "value",
        invalid.includes("too long") ? "TOO_LONG" : "INVALID_VALUE",
        invalid,
      );
    if (
      input.compareDigest !== undefined &&
      (existing ? digest(existing.value) : null) !== input.compareDigest
    ) {
      return error(
        "compareDigest",
        "STALE_OBJECT",
        "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
      );
    }
  });
  return errors;
}

const find = (store: ShopStore, input: SetInput) =>
  metafieldsIn(store).find(
    (m) =>
      m.ownerId === input.ownerId &&
      m.namespace === (input.namespace ?? APP_NAMESPACE) &&
      m.key === input.key,
  );

export function registerMetafields(admin: AdminApi): void {
  admin.resolve("metafieldsSet", (args, { store }) => {
    const inputs = args.metafields as SetInput[];
    if (inputs.length > MAX_METAFIELDS_PER_SET) {
      throw new GraphQLError(
        `The input array size of ${inputs.length} is greater than the maximum allowed of ${MAX_METAFIELDS_PER_SET}.`,
        {
          extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
        },
      );
    }
    // Atomic, as on Shopify: one invalid metafield and none is set.
    const errors = setErrors(store, inputs);
    if (errors.length) return { metafields: null, userErrors: errors };
    const now = shopifyTime();
    const set = inputs.map((input) => {
      const existing = find(store, input);
      if (existing) {
        Object.assign(existing, {
          type: input.type ?? existing.type,
          value: input.value,
          updatedAt: now,
        });
        return existing;
      }
      const created: DoubleMetafield = {
        id: store.gid("Metafield"),
        ownerId: input.ownerId,
        namespace: input.namespace ?? APP_NAMESPACE,
        key: input.key,
        type: input.type!,
        value: input.value,
        createdAt: now,
        updatedAt: now,
      };
      metafieldsIn(store).push(created);
      return created;
    });
    return { metafields: set.map(metafieldNode), userErrors: [] };
  });
  admin.resolve("currentAppInstallation", (_args, { store, scopes }) => {
    const installation = appInstallation(store, scopes);
    return { ...installation, ...ownerMetafieldFields(store, installation.id) };
  });
}
