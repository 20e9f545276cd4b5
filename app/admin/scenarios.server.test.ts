// Activating templates and changing a scenario's status, on both databases, publishing to the
// Shopify double: "activate all recommended" sets up what is missing and resumes what was paused,
// once; a scenario whose current version no longer validates is not resumed, and says why; one
// whose current version cannot be read is paused by publishing, with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doubleAdminGraphql } from "../../sandbox/demo";
import {
  startShopifyDouble,
  type ShopifyDouble,
} from "../../sandbox/shopify-double/server";
import {
  API_KEY,
  API_SECRET,
  SHOP,
} from "../../sandbox/shopify-double/test-support";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { TEMPLATES } from "../scenarios/templates";
import type { SendServices } from "../deliveries/send.server";
import { createDatabaseQueue } from "../jobs/drivers/database.server";
import { jobHandlers } from "../jobs/handlers.server";
import {
  pausedReasonOf,
  PUBLISH_STOREFRONT_JOB,
} from "../runs/versions.server";
import {
  CONFIG_KEY,
  CONFIG_NAMESPACE,
  publishStorefrontConfig,
} from "../storefront/publish.server";
import type { StorefrontConfig } from "../storefront/config";
import {
  activateRecommended,
  activateTemplate,
  ScenarioError,
  setScenarioStatus,
  templateScenarios,
} from "./scenarios.server";

const RECOMMENDED = TEMPLATES.filter((t) => t.setUpFirst).map((t) => t.key);

describe.each(PROVIDERS)("a shop's scenarios on %s", (provider) => {
  let double: ShopifyDouble;
  let t: TestDatabase;
  let shopId: string;
  const graphql = () => doubleAdminGraphql(double, SHOP.domain);
  const publishedScenarioIds = () => {
    const config = JSON.parse(
      double.admin.appMetafield(SHOP.domain, CONFIG_NAMESPACE, CONFIG_KEY)!
        .value,
    ) as StorefrontConfig;
    return new Set(config.rules.map((r) => r.id.split(":")[0]));
  };

  beforeAll(async () => {
    double = await startShopifyDouble({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: "https://app.example",
      scopes: ["read_themes"],
      shops: [SHOP],
    });
    t = await createTestDatabase(provider);
    shopId = (
      await t.db.shop.create({ data: { domain: SHOP.domain, settings: {} } })
    ).id;
  });
  afterAll(async () => {
    expect(double?.admin.invalidOperations).toEqual([]);
    await double?.close();
    await t?.drop();
  });

  it("activates every recommended template not active: missing ones with their defaults, a paused one resumed as it was", async () => {
    expect(RECOMMENDED).toEqual(["LG3", "SA3", "RE1", "WB1"]);
    const lg3 = await activateTemplate(t.db, graphql(), shopId, "LG3", {
      delaySeconds: 42,
    });
    const re1 = await activateTemplate(t.db, graphql(), shopId, "RE1");
    await setScenarioStatus(t.db, graphql(), shopId, re1.id, "PAUSED");
    const published = double.admin.operations.length;

    expect(await activateRecommended(t.db, graphql(), shopId)).toEqual({
      activated: ["SA3", "WB1"],
      resumed: ["RE1"],
      failed: [],
    });
    const scenarios = await templateScenarios(t.db, shopId);
    expect(RECOMMENDED.map((k) => scenarios[k]?.status)).toEqual([
      "ACTIVE",
      "ACTIVE",
      "ACTIVE",
      "ACTIVE",
    ]);
    // Resumed and left alone: no new version with defaults over the merchant's.
    expect(
      await t.db.scenarioVersion.count({ where: { scenarioId: re1.id } }),
    ).toBe(1);
    expect(
      await t.db.scenarioVersion.count({ where: { scenarioId: lg3.id } }),
    ).toBe(1);
    // Published once for all of them (installation id + metafieldsSet).
    expect(double.admin.operations.length - published).toBe(2);
    expect(publishedScenarioIds()).toContain(scenarios.SA3!.id);
    expect(publishedScenarioIds()).toContain(lg3.id);

    expect(await activateRecommended(t.db, graphql(), shopId)).toEqual({
      activated: [],
      resumed: [],
      failed: [],
    });
  });

  it("pauses a scenario out of the storefront's rules and keeps its runs", async () => {
    const { SA3: sa3 } = await templateScenarios(t.db, shopId);
    const contact = await t.db.contact.create({ data: { shopId, tags: [] } });
    await t.db.scenarioRun.create({
      data: {
        shopId,
        scenarioId: sa3!.id,
        scenarioVersion: 1,
        contactId: contact.id,
        state: {},
      },
    });
    await setScenarioStatus(t.db, graphql(), shopId, sa3!.id, "PAUSED");
    expect(publishedScenarioIds()).not.toContain(sa3!.id);
    expect(
      await t.db.scenarioRun.count({ where: { scenarioId: sa3!.id } }),
    ).toBe(1);
    await setScenarioStatus(t.db, graphql(), shopId, sa3!.id, "ACTIVE");
    expect(publishedScenarioIds()).toContain(sa3!.id);
  });

  it("refuses to resume a scenario whose current version does not validate, with the reason, and changes nothing", async () => {
    const { WB1: wb1 } = await templateScenarios(t.db, shopId);
    await setScenarioStatus(t.db, graphql(), shopId, wb1!.id, "PAUSED");
    const current = await t.db.scenarioVersion.findFirstOrThrow({
      where: { scenarioId: wb1!.id },
    });
    const broken = { ...(current.definition as object), start: "no-such-step" };
    await t.db.scenarioVersion.create({
      data: { scenarioId: wb1!.id, version: 2, definition: broken },
    });
    await t.db.scenario.update({
      where: { id: wb1!.id },
      data: { currentVersion: 2 },
    });

    const refused = setScenarioStatus(
      t.db,
      graphql(),
      shopId,
      wb1!.id,
      "ACTIVE",
    );
    await expect(refused).rejects.toBeInstanceOf(ScenarioError);
    await expect(refused).rejects.toThrow(/version 2 is not valid: .*start/);
    expect(
      (await t.db.scenario.findUniqueOrThrow({ where: { id: wb1!.id } }))
        .status,
    ).toBe("PAUSED");

    const result = await activateRecommended(t.db, graphql(), shopId);
    expect(result.activated).toEqual([]);
    expect(result.failed).toEqual([
      { key: "WB1", reason: expect.stringMatching(/version 2 is not valid/) },
    ]);
  });

  it("publishing pauses an active scenario whose current version cannot be read, with the reason, and leaves it out; a template activated again resumes it", async () => {
    const { LG3: lg3 } = await templateScenarios(t.db, shopId);
    const scenario = await t.db.scenario.findUniqueOrThrow({
      where: { id: lg3!.id },
    });
    // A version saved with no schema version (by hand, or an old bug).
    const version = scenario.currentVersion + 1;
    await t.db.scenarioVersion.create({
      data: { scenarioId: lg3!.id, version, definition: { steps: [] } },
    });
    await t.db.scenario.update({
      where: { id: lg3!.id },
      data: { currentVersion: version },
    });

    await publishStorefrontConfig(t.db, graphql(), shopId);
    expect(publishedScenarioIds()).not.toContain(lg3!.id);
    const paused = await t.db.scenario.findUniqueOrThrow({
      where: { id: lg3!.id },
    });
    expect(paused.status).toBe("PAUSED");
    expect(pausedReasonOf(paused.pausedReason)).toEqual({
      version,
      reason: { kind: "missing_version" },
    });
    await expect(
      setScenarioStatus(t.db, graphql(), shopId, lg3!.id, "ACTIVE"),
    ).rejects.toThrow(/no format version/);

    await activateTemplate(t.db, graphql(), shopId, "LG3");
    expect(
      await t.db.scenario.findUniqueOrThrow({ where: { id: lg3!.id } }),
    ).toMatchObject({ status: "ACTIVE", pausedReason: null });
    expect(publishedScenarioIds()).toContain(lg3!.id);
  });

  it("the worker's storefront.publish job publishes the shop's rules again, through the shop's Shopify access", async () => {
    const { SA3: sa3 } = await templateScenarios(t.db, shopId);
    await setScenarioStatus(t.db, null, shopId, sa3!.id, "PAUSED");
    expect(publishedScenarioIds()).toContain(sa3!.id);
    const handlers = jobHandlers(
      t.db,
      createDatabaseQueue(t.db, "publish-test"),
      () => new Date(),
      async () =>
        ({
          adminFor: async (domain: string) =>
            domain === SHOP.domain ? graphql() : null,
        }) as unknown as SendServices, // only adminFor is used by this job
    );
    await handlers[PUBLISH_STOREFRONT_JOB]!({ shopId }, {
      id: "publish",
      attempt: 1,
    } as never);
    expect(publishedScenarioIds()).not.toContain(sa3!.id);
    await setScenarioStatus(t.db, graphql(), shopId, sa3!.id, "ACTIVE");
  });

  it("refuses a scenario of another shop", async () => {
    const other = await t.db.shop.create({
      data: { domain: "other.myshopify.com", settings: {} },
    });
    const { LG3: lg3 } = await templateScenarios(t.db, shopId);
    await expect(
      setScenarioStatus(t.db, null, other.id, lg3!.id, "PAUSED"),
    ).rejects.toThrow("no such scenario in this shop");
  });
});
