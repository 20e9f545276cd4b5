// Shopify's Admin GraphQL schema, offline: @shopify/dev-mcp@1.1.0 ships the full 2025-01
// introspection (later versions download schemas instead). The app targets a newer version
// (app/api-version.ts): fields added since 2025-01 would be reported invalid here, and fields
// removed since would pass, so an operation that passes is valid for 2025-01, which the app's
// operations are kept to.
// Everything comes from the one "graphql" entry: a second instance (e.g. graphql/*.mjs next to the
// CommonJS build Node resolves for "graphql") fails with "Duplicate graphql modules".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  GraphQLError,
  type DocumentNode,
  type OperationDefinitionNode,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

export const ADMIN_SCHEMA_VERSION = "2025-01";

let schema: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const require = createRequire(import.meta.url);
    const pkg = path.dirname(require.resolve("@shopify/dev-mcp/package.json"));
    const file = path.join(
      pkg,
      `data/admin_schema_${ADMIN_SCHEMA_VERSION}.json.gz`,
    );
    const introspection = JSON.parse(
      gunzipSync(readFileSync(file)).toString("utf8"),
    ) as IntrospectionQuery | { data: IntrospectionQuery };
    schema = buildClientSchema(
      "data" in introspection ? introspection.data : introspection,
    );
  }
  return schema;
}

export type ValidatedOperation =
  | {
      ok: true;
      document: DocumentNode;
      operation: OperationDefinitionNode;
      variables: Record<string, unknown>;
    }
  | { ok: false; errors: readonly GraphQLError[] };

/**
 * Parses and validates an operation, then coerces its variables, against the Admin schema: the
 * errors Shopify would answer instead of data (syntax, unknown fields or arguments, wrong
 * argument types, missing or ill-typed variables).
 */
export function validateAdminOperation(
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): ValidatedOperation {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return {
      ok: false,
      errors: [
        error instanceof GraphQLError ? error : new GraphQLError(String(error)),
      ],
    };
  }
  const errors = validate(adminSchema(), document);
  if (errors.length) return { ok: false, errors };
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return {
      ok: false,
      errors: [
        new GraphQLError(
          operationName
            ? `Unknown operation named "${operationName}"`
            : "An operationName is required: the document has several operations",
        ),
      ],
    };
  }
  const coerced = getVariableValues(
    adminSchema(),
    operation.variableDefinitions ?? [],
    variables,
  );
  if (coerced.errors) return { ok: false, errors: coerced.errors };
  return { ok: true, document, operation, variables: coerced.coerced };
}
