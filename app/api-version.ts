import { ApiVersion } from "@shopify/shopify-app-remix/server";

/** The Admin API version the app targets (the current stable one); shopify.app.toml matches it. */
export const API_VERSION = ApiVersion.October26;
