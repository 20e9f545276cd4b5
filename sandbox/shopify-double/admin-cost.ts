// Query cost and the leaky bucket, after Shopify's published rules for the Admin GraphQL API:
// scalars and enums cost 0, objects 1, a connection 2 plus its page size times the cost of one
// node, a mutation 10. It is an estimate (Shopify's own numbers can differ by a few points), good
// enough for the app to read `extensions.cost`, back off on THROTTLED and meet the 1,000-point cap.
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export const BUCKET = { maximumAvailable: 2000, restoreRate: 100 };
export const MAX_QUERY_COST = 1000;

export function requestedQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const pageSize = (field: FieldNode): number => {
    for (const name of ["first", "last"]) {
      const arg = field.arguments?.find((a) => a.name.value === name);
      const value = arg && literal(arg.value, variables);
      if (typeof value === "number") return value;
    }
    return 1;
  };

  const selectionCost = (
    parent: GraphQLCompositeType,
    set: SelectionSetNode,
    inConnection = false,
  ): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (
        selection.kind === Kind.INLINE_FRAGMENT ||
        selection.kind === Kind.FRAGMENT_SPREAD
      ) {
        const fragment =
          selection.kind === Kind.FRAGMENT_SPREAD
            ? fragments.get(selection.name.value)
            : selection;
        const condition = fragment?.typeCondition
          ? schema.getType(fragment.typeCondition.name.value)
          : parent;
        if (fragment && condition && isCompositeType(condition))
          total += selectionCost(
            condition,
            fragment.selectionSet,
            inConnection,
          );
        continue;
      }
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue; // a union: only __typename
      const field = parent.getFields()[selection.name.value];
      const type = field && getNamedType(field.type);
      if (!type || !isCompositeType(type) || !selection.selectionSet) continue;
      const children = selectionCost(
        type,
        selection.selectionSet,
        type.name.endsWith("Connection"),
      );
      if (type.name.endsWith("Connection"))
        total += 2 + pageSize(selection) * children;
      // Inside a connection, `edges` and `pageInfo` are free: the page's nodes carry the cost.
      else if (
        inConnection &&
        (selection.name.value === "edges" ||
          selection.name.value === "pageInfo")
      )
        total += children;
      else total += 1 + children;
    }
    return total;
  };

  // A mutation costs 10 a field, whatever its payload selects.
  if (operation.operation === "mutation")
    return 10 * operation.selectionSet.selections.length;
  const root = schema.getQueryType();
  return root ? Math.max(1, selectionCost(root, operation.selectionSet)) : 1;
}

function literal(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/** One bucket per shop (Shopify: per app and store), refilling at restoreRate points a second. */
export class CostBuckets {
  private readonly buckets = new Map<
    string,
    { available: number; at: number }
  >();

  available(shop: string, now = Date.now()): number {
    const bucket = this.buckets.get(shop) ?? {
      available: BUCKET.maximumAvailable,
      at: now,
    };
    bucket.available = Math.min(
      BUCKET.maximumAvailable,
      bucket.available + ((now - bucket.at) / 1000) * BUCKET.restoreRate,
    );
    bucket.at = now;
    this.buckets.set(shop, bucket);
    return bucket.available;
  }

  /** Tests: empty the bucket (or set it) to see the app back off. */
  set(shop: string, available: number): void {
    this.buckets.set(shop, { available, at: Date.now() });
  }

  /** Takes `cost` points if the bucket holds them; answers Shopify's throttleStatus either way. */
  take(
    shop: string,
    cost: number,
  ): {
    ok: boolean;
    throttleStatus: typeof BUCKET & { currentlyAvailable: number };
  } {
    const available = this.available(shop);
    const ok = cost <= available;
    if (ok) this.set(shop, available - cost);
    return {
      ok,
      throttleStatus: {
        ...BUCKET,
        currentlyAvailable: Math.floor(ok ? available - cost : available),
      },
    };
  }
}
