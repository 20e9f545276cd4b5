// Turns the app's web pixel (extensions/trigger-map-pixel) on for a shop and points it at this
// app's /pixel endpoint. Shopify keeps one pixel per app and shop: create it, or update its
// settings when it exists (a reinstall, a new app URL).
type GraphqlClient = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<Response>;

const CREATE = `#graphql
  mutation TriggerMapPixelCreate($settings: JSON!) {
    webPixelCreate(webPixel: { settings: $settings }) { webPixel { id } userErrors { code field message } }
  }`;
const FIND = `#graphql
  query TriggerMapPixel { webPixel { id settings } }`;
const UPDATE = `#graphql
  mutation TriggerMapPixelUpdate($id: ID!, $settings: JSON!) {
    webPixelUpdate(id: $id, webPixel: { settings: $settings }) { webPixel { id } userErrors { code field message } }
  }`;

interface UserError {
  code: string | null;
  message: string;
}
interface MutationResult {
  data?: Record<
    string,
    { webPixel: { id: string } | null; userErrors: UserError[] } | null
  >;
  errors?: { message: string }[];
}

export function pixelSettings(appUrl: string): { ingestUrl: string } {
  return { ingestUrl: new URL("/pixel", appUrl).toString() };
}

export async function activateWebPixel(
  graphql: GraphqlClient,
  appUrl: string,
): Promise<"created" | "updated" | "unchanged"> {
  const settings = JSON.stringify(pixelSettings(appUrl));
  const created = (await (
    await graphql(CREATE, { variables: { settings } })
  ).json()) as MutationResult;
  const createErrors = created.data?.webPixelCreate?.userErrors ?? [];
  if (created.data?.webPixelCreate?.webPixel) return "created";
  if (!createErrors.some((e) => e.code === "TAKEN"))
    throw new Error(
      `webPixelCreate failed: ${describe(created, createErrors)}`,
    );

  const found = (await (await graphql(FIND)).json()) as {
    data?: { webPixel?: { id: string; settings: unknown } };
    errors?: { message: string }[];
  };
  const pixel = found.data?.webPixel;
  if (!pixel)
    throw new Error(
      `webPixel query failed: ${found.errors?.map((e) => e.message).join("; ") ?? "no pixel"}`,
    );
  const current =
    typeof pixel.settings === "string"
      ? pixel.settings
      : JSON.stringify(pixel.settings);
  if (current === settings) return "unchanged";
  const updated = (await (
    await graphql(UPDATE, { variables: { id: pixel.id, settings } })
  ).json()) as MutationResult;
  const updateErrors = updated.data?.webPixelUpdate?.userErrors ?? [];
  if (!updated.data?.webPixelUpdate?.webPixel)
    throw new Error(
      `webPixelUpdate failed: ${describe(updated, updateErrors)}`,
    );
  return "updated";
}

const describe = (result: MutationResult, userErrors: UserError[]) =>
  [
    ...(result.errors ?? []).map((e) => e.message),
    ...userErrors.map((e) => `${e.code}: ${e.message}`),
  ].join("; ") || "no answer";
