// Shopify's Admin GraphQL schema, offline: @shopify/dev-mcp@1.1.0 ships the full 2025-01
// introspection. The app targets a newer version (see app/shopify.server.ts); operations it sends
// must also be valid against this one, which the fields it uses are.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
// The .mjs file: the same module instance as the "graphql" ESM entry (one realm for its types).
import { getVariableValues } from "graphql/execution/values.mjs";

export const ADMIN_SCHEMA_VERSION = "2025-01";

let schema: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const require = createRequire(import.meta.url);
    const pkg = path.dirname(require.resolve("@shopify/dev-mcp/package.json"));
    const file = path.join(pkg, `data/admin_schema_${ADMIN_SCHEMA_VERSION}.json.gz`);
    const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as
      | IntrospectionQuery
      | { data: IntrospectionQuery };
    schema = buildClientSchema("data" in introspection ? introspection.data : introspection);
  }
  return schema;
}

export type ValidatedOperation =
  | { ok: true; document: DocumentNode; variables: Record<string, unknown> }
  | { ok: false; errors: readonly GraphQLError[] | { message: string }[] };

/** Parses and validates an operation and its variables against the Admin schema. */
export function validateAdminOperation(
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): ValidatedOperation {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { ok: false, errors: [error as GraphQLError] };
  }
  const errors = validate(adminSchema(), document);
  if (errors.length) return { ok: false, errors };
  const operation = getOperationAST(document, operationName);
  if (!operation) return { ok: false, errors: [{ message: "No operation (or an ambiguous one) to run" }] };
  const coerced = getVariableValues(adminSchema(), operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return { ok: false, errors: coerced.errors };
  return { ok: true, document, variables: coerced.coerced };
}
