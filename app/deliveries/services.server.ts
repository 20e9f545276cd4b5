// The app's own sending services, for the worker: Shopify's Admin API through the shop's offline
// session, the shop's connected email provider, the app's link keys for its links, the
// providers' rates (shared through Redis when the workers share one).
import Redis from "ioredis";
import type { Db } from "../db.server";
import { emailProviders } from "../channels/email/provider.server";
import { readAppEnv } from "../env.server";
import { linkKeysFromEnv } from "../security/link-keys.server";
import { unauthenticated } from "../shopify.server";
import type { SendServices } from "./send.server";
import { redisSendRate } from "./send-rate.server";

export function appSendServices(db: Db): SendServices {
  const providers = emailProviders(db);
  return {
    async adminFor(domain) {
      try {
        return (await unauthenticated.admin(domain)).admin.graphql;
      } catch {
        return null; // no offline session: the app is not installed for this shop
      }
    },
    emailProviderFor: (shop) => providers.get(shop),
    links: linkKeysFromEnv(),
    appUrl: readAppEnv().appUrl,
    // Workers on one Redis share each shop's sending rate.
    ...(process.env.REDIS_URL
      ? { rate: redisSendRate(new Redis(process.env.REDIS_URL)) }
      : {}),
  };
}
