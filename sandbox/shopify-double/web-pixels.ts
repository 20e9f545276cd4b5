// Shopify's web pixel API, as the double keeps it: one pixel per app and shop. webPixelCreate
// refuses a second (TAKEN); webPixel without an id answers the app's pixel, or Shopify's error.
import { GraphQLError } from "graphql";
import type { AdminApi } from "./admin-api";

interface Pixel {
  id: string;
  settings: string;
}

const settingsText = (input: unknown) => {
  const settings = (input as { settings?: unknown }).settings;
  return typeof settings === "string" ? settings : JSON.stringify(settings);
};

type Store = Parameters<Parameters<AdminApi["resolve"]>[1]>[1]["store"];

const pixelOf = (store: Store) =>
  store.get<{ pixel: Pixel | null }>("webPixel", () => ({ pixel: null }));

/** The app's pixel settings in a shop (what the storefront's pixel is given), or null: no pixel. */
export function webPixelSettingsIn(
  store: Store,
): Record<string, unknown> | null {
  const { pixel } = pixelOf(store);
  if (!pixel) return null;
  try {
    const settings = JSON.parse(pixel.settings) as unknown;
    return settings && typeof settings === "object"
      ? (settings as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function registerWebPixels(admin: AdminApi): void {
  admin.resolve("webPixel", (_args, { store }) => {
    const { pixel } = pixelOf(store);
    if (!pixel) throw new GraphQLError("No web pixel was found for this app.");
    return pixel;
  });
  admin.resolve("webPixelCreate", (args, { store }) => {
    const slot = pixelOf(store);
    if (slot.pixel)
      return {
        webPixel: null,
        userErrors: [
          {
            code: "TAKEN",
            field: ["webPixel"],
            message: "Web pixel is taken.",
          },
        ],
      };
    slot.pixel = {
      id: store.gid("WebPixel"),
      settings: settingsText(args.webPixel),
    };
    return { webPixel: slot.pixel, userErrors: [] };
  });
  admin.resolve("webPixelUpdate", (args, { store }) => {
    const slot = pixelOf(store);
    if (!slot.pixel || slot.pixel.id !== args.id) {
      return {
        webPixel: null,
        userErrors: [
          { code: "NOT_FOUND", field: ["id"], message: "Web pixel not found." },
        ],
      };
    }
    slot.pixel.settings = settingsText(args.webPixel);
    return { webPixel: slot.pixel, userErrors: [] };
  });
}
