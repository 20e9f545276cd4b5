// The app's environment, read once and checked, so a missing variable fails at start with its name.
export interface AppEnv {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  customShopDomains?: string[];
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `Missing environment variable ${name} (see README: Running it for real)`,
    );
  return value;
}

export function readAppEnv(): AppEnv {
  return {
    apiKey: required("SHOPIFY_API_KEY"),
    apiSecret: required("SHOPIFY_API_SECRET"),
    appUrl: required("SHOPIFY_APP_URL"),
    scopes: required("SCOPES")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    customShopDomains: process.env.SHOP_CUSTOM_DOMAIN
      ? [process.env.SHOP_CUSTOM_DOMAIN]
      : undefined,
  };
}
