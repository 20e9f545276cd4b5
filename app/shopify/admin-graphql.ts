// One way to call Shopify's Admin GraphQL API from a domain module: the client the library gives
// (`admin.graphql`, in a request or a job) goes in; data or a clear error comes out.
export type AdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<Response>;

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export class AdminApiError extends Error {
  override name = "AdminApiError";
}

/** The operation's data; an HTTP or GraphQL error is thrown with Shopify's own words. */
export async function adminQuery<T>(
  graphql: AdminGraphql,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await graphql(query, variables ? { variables } : undefined);
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) {
    const errors = Array.isArray(body.errors)
      ? body.errors.map((e: { message?: string }) => e.message).join("; ")
      : JSON.stringify(body.errors);
    throw new AdminApiError(
      `Admin API: ${errors || `HTTP ${response.status}`}`,
    );
  }
  return body.data;
}

export const describeUserErrors = (errors: UserError[]) =>
  errors.map((e) => `${e.field?.join(".") ?? ""}: ${e.message}`).join("; ");

/** The numeric id inside a global id (gid://shopify/Customer/123 → "123"), as webhooks carry it. */
export const legacyId = (gid: string) => gid.split("/").pop()!;
