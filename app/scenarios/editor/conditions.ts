// Pure edits of a condition for the builder's panel: any fact of the model with valid defaults, and
// and / or groups nested as deep as the merchant likes. A lone fact becomes a group when a second
// one is added; a group left with one part becomes that part again.
import { Fact, type Condition } from "../model";

export type FactType = Fact["type"];
export const FACT_TYPES = Fact.options.map(
  (o) => o.shape.type.value,
) as FactType[];

/** A fact of `type` that validates as it is, for the merchant to adjust. */
export function defaultFact(type: FactType): Fact {
  switch (type) {
    case "cart_total_below":
    case "cart_total_at_least":
      return { type, amount: 50 };
    case "visits_at_least":
      return { type, count: 2 };
    case "page_type":
      return { type, is: "product" };
    case "customer_tag":
      return { type, tag: "vip" };
    case "has_ordered":
      return { type, is: false, since: "ever" };
    default:
      return { type, is: true };
  }
}

export type GroupKind = "all" | "any";

/** The condition with another fact: appended to a group, or a lone fact made an "all" of two. */
export function addFact(condition: Condition, fact: Fact): Condition {
  if ("all" in condition) return { all: [...condition.all, fact] };
  if ("any" in condition) return { any: [...condition.any, fact] };
  return { all: [condition, fact] };
}

/** A group's part removed; a group left with one part becomes that part. */
export function removePart(condition: Condition, index: number): Condition {
  const kind: GroupKind | null =
    "all" in condition ? "all" : "any" in condition ? "any" : null;
  if (!kind) return condition;
  const parts = (condition as Record<GroupKind, Condition[]>)[kind].filter(
    (_, i) => i !== index,
  );
  if (parts.length === 0) return condition;
  return parts.length === 1
    ? parts[0]!
    : ({ [kind]: parts } as unknown as Condition);
}

/** A group's "and" made "or", or the other way round; a fact is left as it is. */
export function setGroupKind(condition: Condition, kind: GroupKind): Condition {
  const parts =
    "all" in condition
      ? condition.all
      : "any" in condition
        ? condition.any
        : null;
  if (!parts) return condition;
  return (kind === "all" ? { all: parts } : { any: parts }) as Condition;
}

/** A part of a group made a group of its own (the nesting): that part "and" a new fact. */
export function nestPart(
  condition: Condition,
  index: number,
  fact: Fact,
): Condition {
  const kind: GroupKind | null =
    "all" in condition ? "all" : "any" in condition ? "any" : null;
  if (!kind) return condition;
  const parts = (condition as Record<GroupKind, Condition[]>)[kind];
  const inner: GroupKind = kind === "all" ? "any" : "all";
  return {
    [kind]: parts.map((part, i) =>
      i === index ? ({ [inner]: [part, fact] } as unknown as Condition) : part,
    ),
  } as unknown as Condition;
}
