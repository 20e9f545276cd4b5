// Bulk operations as Shopify runs them: `bulkOperationRunQuery(query:)` takes a query (validated
// against the Admin schema like any operation, with at least one connection), one at a time per
// shop and app (OPERATION_IN_PROGRESS while one is CREATED or RUNNING); `currentBulkOperation` and
// `node(id:)` show it going CREATED → RUNNING → COMPLETED (one step per read of it, so a poller sees
// each), with objectCount, rootObjectCount, fileSize and the url of its JSONL result. The result
// is the query run over every item of its connections, flattened as Shopify flattens it: one line
// per node, a nested connection's nodes on lines of their own after their parent with `__parentId`.
// The file is served by the double at the path of Shopify's storage URL
// (https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk-operation-outputs/...),
// which the sandbox's routeShopifyTo sends here.
import { randomBytes } from "node:crypto";
import {
  getNamedType,
  isObjectType,
  Kind,
  OperationTypeNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { AdminApi, ShopStore } from "./admin-api";
import { adminSchema, validateAdminOperation } from "./admin-schema";
import { shopifyTime } from "./customers";

export const BULK_STORAGE_HOST = "storage.googleapis.com";
export const BULK_STORAGE_PREFIX =
  "/shopify-tiers-assets-prod-us-east1/bulk-operation-outputs/";

type Status = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED";

export interface DoubleBulkOperation {
  id: string;
  query: string;
  status: Status;
  createdAt: string;
  completedAt: string | null;
  /** Scopes of the token that started it: the result shows what they may read. */
  scopes: string[];
  lines?: string[];
  rootObjectCount?: number;
  file?: string;
}

export const bulkOperationsIn = (store: ShopStore) =>
  store.get<DoubleBulkOperation[]>("bulkOperations", () => []);

/** Result files by their path on the storage host. */
const files = new Map<string, Buffer>();

export function bulkResultFile(path: string): Buffer | undefined {
  return files.get(path);
}

/** Holds a shop's operations RUNNING until released (a slow Shopify, to test one-at-a-time and resuming). */
export const bulkHeld = (store: ShopStore) =>
  store.get<{ held: boolean }>("bulkHeld", () => ({ held: false }));

/** The connections a bulk query reads (Shopify refuses one with none). */
function connectionCount(query: string): number {
  const validated = validateAdminOperation(query);
  if (!validated.ok) return 0;
  const info = new TypeInfo(adminSchema());
  let count = 0;
  visit(
    validated.document,
    visitWithTypeInfo(info, {
      Field() {
        const type = getNamedType(info.getType());
        if (
          isObjectType(type) &&
          type.name.endsWith("Connection") &&
          "pageInfo" in type.getFields()
        )
          count++;
      },
    }),
  );
  return count;
}

/** One step of the operation's life per read; its result is made when it completes. */
function advance(admin: AdminApi, store: ShopStore, op: DoubleBulkOperation) {
  if (op.status === "CREATED") op.status = "RUNNING";
  else if (op.status === "RUNNING" && !bulkHeld(store).held)
    complete(admin, store, op);
}

function complete(admin: AdminApi, store: ShopStore, op: DoubleBulkOperation) {
  const result = admin.executeSync(store, op.scopes, op.query, { bulk: true });
  if (result.errors?.length) {
    op.status = "FAILED";
    op.completedAt = shopifyTime();
    return;
  }
  const lines: string[] = [];
  let roots = 0;
  for (const value of Object.values(result.data ?? {})) {
    for (const node of nodesOf(value)) {
      roots++;
      flatten(node, undefined, lines);
    }
  }
  op.lines = lines;
  op.rootObjectCount = roots;
  if (lines.length) {
    const path = `${BULK_STORAGE_PREFIX}${op.id.split("/").pop()}-${randomBytes(8).toString("hex")}.jsonl`;
    files.set(path, Buffer.from(lines.map((l) => `${l}\n`).join("")));
    op.file = path;
  }
  op.status = "COMPLETED";
  op.completedAt = shopifyTime();
}

const isConnection = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  (Array.isArray((value as { edges?: unknown }).edges) ||
    Array.isArray((value as { nodes?: unknown }).nodes)) &&
  Object.keys(value).every((k) => ["edges", "nodes", "pageInfo"].includes(k));

function nodesOf(value: unknown): Record<string, unknown>[] {
  if (!isConnection(value)) return [];
  const edges = value.edges as { node?: Record<string, unknown> }[] | undefined;
  return (
    edges?.map((e) => e.node!).filter(Boolean) ??
    (value.nodes as Record<string, unknown>[])
  );
}

/** A node's line without its connections, then each connection's nodes with __parentId. */
function flatten(
  node: Record<string, unknown>,
  parentId: string | undefined,
  lines: string[],
) {
  const own: Record<string, unknown> = {};
  const children: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (isConnection(value)) children.push(...nodesOf(value));
    else own[key] = value;
  }
  if (parentId) own.__parentId = parentId;
  lines.push(JSON.stringify(own));
  for (const child of children) flatten(child, node.id as string, lines);
}

export function bulkOperationNode(
  admin: AdminApi,
  store: ShopStore,
  op: DoubleBulkOperation,
) {
  advance(admin, store, op);
  const done = op.status === "COMPLETED";
  const total = op.lines?.length ?? 0;
  const size = op.file ? bulkResultFile(op.file)!.length : 0;
  return {
    __typename: "BulkOperation",
    id: op.id,
    query: op.query,
    type: "QUERY",
    status: op.status,
    createdAt: op.createdAt,
    completedAt: op.completedAt,
    errorCode: op.status === "FAILED" ? "INTERNAL_SERVER_ERROR" : null,
    objectCount: String(
      done ? total : op.status === "RUNNING" ? Math.floor(total / 2) : 0,
    ),
    rootObjectCount: String(done ? (op.rootObjectCount ?? 0) : 0),
    fileSize: done && op.file ? String(size) : null,
    url:
      done && op.file
        ? `https://${BULK_STORAGE_HOST}${op.file}?X-Goog-Expires=604800`
        : null,
    partialDataUrl: null,
  };
}

export const findBulkOperation = (store: ShopStore, id: unknown) =>
  bulkOperationsIn(store).find((op) => op.id === id);

export function registerBulkOperations(admin: AdminApi): void {
  admin.resolve("bulkOperationRunQuery", (args, { store, scopes }) => {
    const query = String(args.query);
    const invalid = (message: string) => ({
      bulkOperation: null,
      userErrors: [{ field: ["query"], message, code: "INVALID" }],
    });
    const validated = validateAdminOperation(query);
    if (!validated.ok)
      return invalid(validated.errors.map((e) => e.message).join("; "));
    if (validated.operation.operation !== OperationTypeNode.QUERY)
      return invalid("Bulk queries cannot contain mutations.");
    if (
      validated.document.definitions.some(
        (d) =>
          d.kind === Kind.OPERATION_DEFINITION && d.variableDefinitions?.length,
      )
    )
      return invalid("Bulk queries cannot take variables.");
    const connections = connectionCount(query);
    if (connections === 0)
      return invalid("Bulk queries must contain at least 1 connection.");
    if (connections > 5)
      return invalid("Bulk queries cannot contain more than 5 connections.");
    const running = bulkOperationsIn(store).find(
      (op) => op.status === "CREATED" || op.status === "RUNNING",
    );
    if (running) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: null,
            message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`,
            code: "OPERATION_IN_PROGRESS",
          },
        ],
      };
    }
    const op: DoubleBulkOperation = {
      id: store.gid("BulkOperation"),
      query,
      status: "CREATED",
      createdAt: shopifyTime(),
      completedAt: null,
      scopes,
    };
    bulkOperationsIn(store).push(op);
    // The payload shows it as created; reads move it on.
    return {
      bulkOperation: {
        ...bulkOperationNode(admin, store, { ...op }),
        status: "CREATED",
      },
      userErrors: [],
    };
  });
  admin.resolve("bulkOperationCancel", (args, { store }) => {
    const op = findBulkOperation(store, args.id);
    if (!op)
      return {
        bulkOperation: null,
        userErrors: [
          { field: ["id"], message: "Bulk operation does not exist" },
        ],
      };
    if (op.status === "CREATED" || op.status === "RUNNING")
      op.status = "CANCELED";
    return {
      bulkOperation: bulkOperationNode(admin, store, op),
      userErrors: [],
    };
  });
  admin.resolve("currentBulkOperation", (args, { store }) => {
    if (args.type === "MUTATION") return null;
    const op = bulkOperationsIn(store).at(-1);
    return op ? bulkOperationNode(admin, store, op) : null;
  });
}
