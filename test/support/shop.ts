// A shop as a merchant leaves it (see sandbox/demo.ts), for tests on the test app's database.
import {
  activateTemplates,
  doubleAdminGraphql,
  installDemoShop,
} from "../../sandbox/demo";
import type { AdminGraphql } from "../../app/shopify/admin-graphql";
import type { TestApp } from "./app";

/** Tests run at any hour of the day: their shops have no quiet hours (a test of quiet hours sets its own). */
export const NO_QUIET_HOURS = { quietHours: { start: 0, end: 0 } };

export async function installShop(t: TestApp): Promise<string> {
  const shopId = await installDemoShop({
    double: t.double,
    shop: t.shop,
    db: t.database.db,
  });
  const shop = await t.database.db.shop.findUniqueOrThrow({
    where: { id: shopId },
  });
  await t.database.db.shop.update({
    where: { id: shopId },
    data: { settings: { ...(shop.settings as object), ...NO_QUIET_HOURS } },
  });
  return shopId;
}

export const adminGraphql = (t: TestApp): AdminGraphql =>
  doubleAdminGraphql(t.double, t.shop);

export const activate = (
  t: TestApp,
  shopId: string,
  templates: Record<string, Record<string, number>>,
) => activateTemplates(t.database.db, t.double, t.shop, shopId, templates);
