// Shopify's connection shape (nodes, edges, pageInfo) over a list the double holds; opaque cursors by position.
export interface PageArgs {
  first?: unknown;
  after?: unknown;
  last?: unknown;
  before?: unknown;
  reverse?: unknown;
}

const cursorOf = (index: number) =>
  Buffer.from(`position:${index}`).toString("base64url");
const indexOf = (cursor: unknown) => {
  const match =
    typeof cursor === "string"
      ? /^position:(\d+)$/.exec(
          Buffer.from(cursor, "base64url").toString("utf8"),
        )
      : null;
  return match ? Number(match[1]) : undefined;
};

export function connection<T>(items: readonly T[], args: PageArgs) {
  const ordered = args.reverse === true ? [...items].reverse() : [...items];
  let start = 0;
  let end = ordered.length;
  const after = indexOf(args.after);
  const before = indexOf(args.before);
  if (after !== undefined) start = Math.max(start, after + 1);
  if (before !== undefined) end = Math.min(end, before);
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  const page = ordered
    .slice(start, end)
    .map((node, offset) => ({ node, cursor: cursorOf(start + offset) }));
  return {
    nodes: page.map((edge) => edge.node),
    edges: page,
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: page[0]?.cursor ?? null,
      endCursor: page.at(-1)?.cursor ?? null,
    },
  };
}

/** The terms of Shopify's search syntax that name a field: `email:ann@example.com` -> ["email", "ann@example.com"]. */
export function searchTerms(query: unknown): [string, string][] {
  if (typeof query !== "string") return [];
  const terms: [string, string][] = [];
  for (const match of query.matchAll(/(\w+):(?:"([^"]*)"|'([^']*)'|(\S+))/g)) {
    terms.push([
      match[1]!.toLowerCase(),
      match[2] ?? match[3] ?? match[4] ?? "",
    ]);
  }
  return terms;
}
