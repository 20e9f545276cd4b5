// A shop as a merchant leaves it (see sandbox/demo.ts), for tests on the test app's database.
import { activateTemplates, doubleAdminGraphql, installDemoShop } from "../../sandbox/demo";
import type { AdminGraphql } from "../../app/shopify/admin-graphql";
import type { TestApp } from "./app";

export const installShop = (t: TestApp): Promise<string> => installDemoShop({ double: t.double, shop: t.shop, db: t.database.db });

export const adminGraphql = (t: TestApp): AdminGraphql => doubleAdminGraphql(t.double, t.shop);

export const activate = (t: TestApp, shopId: string, templates: Record<string, Record<string, number>>) =>
  activateTemplates(t.database.db, t.double, t.shop, shopId, templates);
