// The scenario page's domain: a scenario read for editing, a save (the whole definition validated,
// then one new immutable version: running contacts stay on theirs), a rebuild from the template's
// parameters, Activate/Pause (a scenario that would not validate is never activated), and a test
// email of one step's message to one of the shop's test contacts, rendered as a real one would be.
import type { Db, ScenarioStatus } from "../db.server";
import {
  emailProviderFor,
  shopSender,
} from "../channels/email/provider.server";
import { sampleBlock } from "../channels/email/preview";
import { renderEmail } from "../channels/email/render";
import { EmailError, type EmailProvider } from "../channels/email/types";
import {
  currentLinks,
  currentParameters,
} from "../scenarios/editor/parameters";
import { personalize } from "../scenarios/engine/personalize";
import {
  Message,
  messageLinkErrors,
  Condition,
  deadEndErrors,
  parseNewScenarioDefinition,
  parseScenarioDefinition,
  SCHEMA_VERSION,
  Step,
  Trigger,
  unreadableWords,
  upgradeDefinition,
  type DefinitionError,
  type ScenarioDefinition,
} from "../scenarios/model";
import { pausedReasonOf } from "../runs/versions.server";
import { isClean, validateDraft } from "../scenarios/editor/graph";
import {
  resolveLinks,
  resolveParameters,
  templateByKey,
  type TemplateLink,
  type TemplateParameter,
} from "../scenarios/templates";
import { encryptionKeyFromEnv } from "../security/secrets.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { publishStorefrontConfig } from "../storefront/publish.server";
import { listScenarios, type ScenarioListItem } from "./dashboard.server";
import { setScenarioStatus } from "./scenarios.server";
import { readShopSettings } from "../shops/settings";
import { logger } from "../logger.server";

/** `unpublished`: saved, but the storefront's copy of the rules could not be updated (Shopify unreachable). */
/**
 * `unfinished`: saved as a draft of a scenario that is not running, with what stops it from being
 * activated (a dangling branch, an unreachable step): Activate refuses it until they are fixed.
 */
export type Saved =
  | {
      ok: true;
      version: number;
      unpublished?: true;
      unfinished?: DefinitionError[];
    }
  | { ok: false; errors: DefinitionError[] };

/** The sample code a test email shows for {{code}}: no real discount is made for a test. */
export const SAMPLE_CODE = "SAMPLE-10";

export interface ScenarioForEditing {
  id: string;
  name: string;
  templateKey: string | null;
  group: string;
  status: ScenarioStatus;
  version: number;
  /** The current version's definition (as stored when it no longer validates: `errors` say why). */
  definition: ScenarioDefinition;
  errors: DefinitionError[];
  /** It reads, but a branch of it dangles (a draft saved unfinished): it cannot be activated. */
  unfinished: DefinitionError[];
  /** Its trigger and each step have a shape the page can draw and edit (else only the reason is shown). */
  drawable: boolean;
  /** The app paused it: this version cannot be read, for this reason. */
  pausedReason: { version: number; words: { en: string; ru: string } } | null;
  /** The shop's languages (settings): copy is edited in each. */
  languages: string[];
  testContacts: string[];
  parameters: TemplateParameter[];
  /** The parameters' values as the definition has them now (null: not known from it). */
  parameterValues: Record<string, number | null>;
  /** The template's links (a review page) and what the definition links now. */
  links: TemplateLink[];
  linkValues: Record<string, string | null>;
}

export async function listScenarioRows(
  db: Db,
  domain: string,
): Promise<Array<ScenarioListItem & { version: number; unreadable: boolean }>> {
  const scenarios = await listScenarios(db, domain);
  const versions = await db.scenario.findMany({
    where: { id: { in: scenarios.map((s) => s.id) } },
    select: { id: true, currentVersion: true, pausedReason: true },
  });
  const byId = new Map(versions.map((v) => [v.id, v]));
  return scenarios.map((s) => ({
    ...s,
    version: byId.get(s.id)?.currentVersion ?? 1,
    // Paused by the app for a version it cannot read (the scenario page says which and why).
    unreadable: s.status === "PAUSED" && !!byId.get(s.id)?.pausedReason,
  }));
}

export async function loadScenarioForEditing(
  db: Db,
  domain: string,
  id: string,
): Promise<ScenarioForEditing | null> {
  const scenario = await db.scenario.findFirst({
    where: { id, shop: { domain } },
    include: { shop: true },
  });
  if (!scenario) return null;
  const version = await db.scenarioVersion.findUnique({
    where: {
      scenarioId_version: { scenarioId: id, version: scenario.currentVersion },
    },
  });
  const parsed = upgradeDefinition(version?.definition);
  const paused = pausedReasonOf(scenario.pausedReason);
  const settings = readShopSettings(scenario.shop.settings);
  const template = scenario.templateKey
    ? templateByKey(scenario.templateKey)
    : undefined;
  const canDraw = parsed.ok || drawable(version?.definition);
  const definition = parsed.ok
    ? parsed.definition
    : (parsed.reason.kind !== "damaged" && asCurrent(version?.definition)) ||
      editable(version?.definition);
  return {
    id,
    name: scenario.name,
    templateKey: scenario.templateKey,
    group: scenario.group,
    status: scenario.status,
    version: scenario.currentVersion,
    definition,
    errors: parsed.ok ? [] : parsed.errors,
    unfinished: canDraw ? deadEndErrors(definition) : [],
    drawable: canDraw,
    pausedReason:
      scenario.status === "PAUSED" && paused
        ? { version: paused.version, words: unreadableWords(paused.reason) }
        : null,
    languages: ["en", ...settings.languages.filter((l) => l !== "en")],
    testContacts: settings.testContacts,
    parameters: template?.parameters ?? [],
    parameterValues:
      template && parsed.ok ? currentParameters(template, definition) : {},
    links: template?.links ?? [],
    linkValues: template && parsed.ok ? currentLinks(template, definition) : {},
  };
}

/**
 * A definition refused only for its schema version (saved by a newer app, or with none) that is
 * valid as this app's: the page shows it so, and saving it again writes it in this app's version.
 */
function asCurrent(stored: unknown): ScenarioDefinition | null {
  if (typeof stored !== "object" || stored === null) return null;
  const parsed = parseScenarioDefinition({
    ...stored,
    schemaVersion: SCHEMA_VERSION,
  });
  return parsed.ok ? parsed.definition : null;
}

/** Whether the page can draw it: a trigger, who enters and each step of a known shape (links between steps may still be wrong). */
function drawable(stored: unknown): boolean {
  if (typeof stored !== "object" || stored === null) return false;
  const raw = stored as Record<string, unknown>;
  return (
    Trigger.safeParse(raw.trigger).success &&
    (raw.entry === undefined || Condition.safeParse(raw.entry).success) &&
    Array.isArray(raw.steps) &&
    raw.steps.every((step) => Step.safeParse(step).success)
  );
}

/**
 * A stored definition that does not read, as the page can still show it for the merchant to fix:
 * whatever it holds, with a list of steps and a trigger object where it has none.
 */
function editable(stored: unknown): ScenarioDefinition {
  const raw =
    typeof stored === "object" && stored !== null && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : {};
  const object = (value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  return {
    ...raw,
    trigger: object(raw.trigger) ? raw.trigger : {},
    steps: Array.isArray(raw.steps) ? raw.steps.filter(object) : [],
  } as unknown as ScenarioDefinition;
}

/**
 * Validates the whole definition and writes it as the next version, if the merchant edited the
 * version that is still current (else a save made elsewhere in between would be overwritten).
 * An active scenario's storefront rules carry its copy, so they are published again.
 */
export async function saveScenarioDefinition(
  db: Db,
  graphql: AdminGraphql | null,
  domain: string,
  id: string,
  input: unknown,
  baseVersion: number,
): Promise<Saved> {
  const parsed = parseNewScenarioDefinition(input);
  if (parsed.ok)
    return writeVersion(
      db,
      graphql,
      domain,
      id,
      parsed.definition,
      baseVersion,
    );
  // Each step and the trigger are whole, but the shape or a rule across steps is not yet right.
  if (!draftable(input)) return parsed;
  return writeVersion(
    db,
    graphql,
    domain,
    id,
    input as ScenarioDefinition,
    baseVersion,
    parsed.errors,
  );
}

/** A draft may be stored: the page can draw it, and no step's own fields are wrong. */
function draftable(input: unknown): boolean {
  return (
    typeof input === "object" &&
    input !== null &&
    (input as { schemaVersion?: unknown }).schemaVersion === SCHEMA_VERSION &&
    drawable(input) &&
    isClean(validateDraft(input))
  );
}

/** The definition made again from the template with these parameters (one left empty: its default): edited copy is reset; test mode and rollout stay. */
export async function rebuildFromTemplate(
  db: Db,
  graphql: AdminGraphql | null,
  domain: string,
  id: string,
  given: Record<string, unknown>,
  baseVersion: number,
): Promise<Saved> {
  const scenario = await loadScenarioForEditing(db, domain, id);
  const template = scenario?.templateKey
    ? templateByKey(scenario.templateKey)
    : undefined;
  if (!scenario || !template)
    return {
      ok: false,
      errors: [
        {
          field: "parameters",
          message: "this scenario has no template to rebuild from",
        },
      ],
    };
  const errors: DefinitionError[] = [];
  const values: Record<string, number> = {};
  for (const p of template.parameters) {
    if (
      given[p.key] === undefined ||
      given[p.key] === null ||
      given[p.key] === ""
    )
      continue;
    const value = Number(given[p.key]);
    if (!Number.isInteger(value) || value < p.min || value > p.max)
      errors.push({
        field: `parameters.${p.key}`,
        message: `between ${p.min} and ${p.max}`,
      });
    else values[p.key] = value;
  }
  const links = resolveLinks(template, given);
  if (!links.ok)
    for (const e of links.errors)
      errors.push({ field: `parameters.${e.key}`, message: e.message });
  if (errors.length || !links.ok) return { ok: false, errors };
  const built = {
    ...template.build(resolveParameters(template, values), links.links),
    testMode: scenario.definition.testMode,
    rolloutPercent: scenario.definition.rolloutPercent,
  };
  return saveScenarioDefinition(db, graphql, domain, id, built, baseVersion);
}

async function writeVersion(
  db: Db,
  graphql: AdminGraphql | null,
  domain: string,
  id: string,
  definition: ScenarioDefinition,
  baseVersion: number,
  unfinished?: DefinitionError[],
): Promise<Saved> {
  const written = await db.$transaction(async (tx) => {
    const scenario = await tx.scenario.findFirst({
      where: { id, shop: { domain } },
    });
    if (!scenario) return null;
    // A running scenario's next contacts would enter it: only a finished version is saved.
    if (unfinished && scenario.status === "ACTIVE")
      return { running: true as const };
    if (scenario.currentVersion !== baseVersion)
      return { stale: true as const, scenario };
    const version = scenario.currentVersion + 1;
    await tx.scenarioVersion.create({
      data: { scenarioId: id, version, definition: definition as object },
    });
    // Compare-and-set: two saves of the same version cannot both become current.
    const { count } = await tx.scenario.updateMany({
      where: { id, currentVersion: baseVersion },
      data: { currentVersion: version },
    });
    if (!count) throw new Error("the scenario changed while saving");
    return { stale: false as const, scenario, version };
  });
  if (!written)
    return {
      ok: false,
      errors: [{ field: "", message: "no such scenario in this shop" }],
    };
  if ("running" in written) return { ok: false, errors: unfinished! };
  if (written.stale)
    return {
      ok: false,
      errors: [
        {
          field: "",
          message: `version ${written.scenario.currentVersion} was saved since you opened version ${baseVersion}: reload to edit it`,
        },
      ],
    };
  if (unfinished) return { ok: true, version: written.version, unfinished };
  if (graphql && written.scenario.status === "ACTIVE") {
    // The version is written whatever Shopify answers: the merchant is told, not shown an error page.
    const published = await publishStorefrontConfig(
      db,
      graphql,
      written.scenario.shopId,
    ).then(
      () => true,
      (error: Error) => {
        logger.error("scenarios: could not publish the storefront rules", {
          shop: domain,
          error,
        });
        return false;
      },
    );
    if (!published)
      return { ok: true, version: written.version, unpublished: true };
  }
  return { ok: true, version: written.version };
}

/** Activate or pause. Activation checks the current version first: the engine runs only valid definitions. */
export async function changeStatus(
  db: Db,
  graphql: AdminGraphql | null,
  domain: string,
  id: string,
  status: "ACTIVE" | "PAUSED",
): Promise<Saved> {
  const scenario = await loadScenarioForEditing(db, domain, id);
  if (!scenario)
    return {
      ok: false,
      errors: [{ field: "", message: "no such scenario in this shop" }],
    };
  if (status === "ACTIVE") {
    // The rules a new version is held to, a dangling branch among them, hold for activating too.
    const errors = scenario.errors.length
      ? scenario.errors
      : scenario.unfinished;
    if (errors.length) return { ok: false, errors };
  }
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  await setScenarioStatus(db, graphql, shop.id, id, status);
  return { ok: true, version: scenario.version };
}

export type TestSent =
  { ok: true; to: string } | { ok: false; errors: DefinitionError[] };

/**
 * One step's message (as on the page, saved or not) as an email to a test contact, through the
 * shop's provider: personalized with the contact's data and the message's fallbacks in the
 * contact's language, sample products or cart for its content, a sample code for {{code}}.
 * `field` prefixes the errors (the step's message, e.g. "steps.4.message").
 */
export async function sendTestMessage(
  db: Db,
  domain: string,
  input: { message: unknown; marketing: boolean; to: string; field: string },
  key = encryptionKeyFromEnv(),
  options: { ca?: Buffer } = {},
): Promise<TestSent> {
  const fail = (field: string, message: string): TestSent => ({
    ok: false,
    errors: [{ field, message }],
  });
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const settings = readShopSettings(shop.settings);
  const to = input.to.trim().toLowerCase();
  if (!settings.testContacts.some((c) => c.toLowerCase() === to))
    return fail("testTo", "not one of the shop's test contacts");
  const parsed = Message.safeParse(input.message);
  const errors = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          field: [input.field, ...i.path].join("."),
          message: i.message,
        }))),
    ...messageLinkErrors(input.message, input.field),
  ];
  if (!parsed.success || errors.length) return { ok: false, errors };
  const message = parsed.data;
  const contact = await db.contact.findFirst({
    where: { shopId: shop.id, email: to },
  });
  const wanted = contact?.locale?.slice(0, 2);
  const language =
    wanted && settings.languages.includes(wanted as "en")
      ? wanted
      : settings.languages[0]!;
  const values = {
    first_name: contact?.firstName,
    last_name: contact?.lastName,
    email: to,
    shop_name: shop.name,
    code: SAMPLE_CODE,
  };
  const fallbacks = Object.fromEntries(
    Object.entries(message.fallbacks).map(([name, f]) => [
      name,
      typeof f === "string" ? f : (f[language] ?? f.en),
    ]),
  );
  const texts: Array<[string, Record<string, string> | undefined]> = [
    ["body", message.body],
    ["title", message.title],
    ["cta.label", message.cta?.label],
  ];
  const filled: Record<string, string | null> = {};
  for (const [name, text] of texts) {
    if (!text) {
      filled[name] = null;
      continue;
    }
    const result = personalize(text[language] || text.en, values, fallbacks);
    if (!result.ok)
      return fail(
        `${input.field}.${name}.${text[language] ? language : "en"}`,
        `no value and no fallback for ${result.missing.join(", ")}`,
      );
    filled[name] = result.text;
  }
  const sender = shopSender(shop);
  if (!sender)
    return fail(
      "testTo",
      "set the sender's name and address in Settings first",
    );
  let provider: EmailProvider | null;
  try {
    provider = await emailProviderFor(db, domain, key, options);
  } catch (error) {
    return fail("testTo", (error as Error).message);
  }
  if (!provider)
    return fail("testTo", "connect an email provider in Settings first");
  const block = sampleBlock(message.content);
  const email = await renderEmail({
    shopName: shop.name ?? domain,
    title: filled.title ?? null,
    body: filled.body!,
    currency: shop.currencyCode,
    language,
    cta:
      message.cta && filled["cta.label"]
        ? { label: filled["cta.label"], url: message.cta.url }
        : null,
    blocks: block
      ? [
          block.type === "discount_code"
            ? { ...block, code: SAMPLE_CODE }
            : block,
        ]
      : [],
    link: (url) => new URL(url, `https://${domain}`).toString(),
    // The footer as a marketing email carries it; a test's unsubscribe link names no contact.
    footer: input.marketing
      ? {
          address: settings.physicalAddress ?? null,
          unsubscribeUrl: `https://${domain}/apps/trigger-map/unsubscribe`,
          unsubscribeLabel: language === "ru" ? "Отписаться" : "Unsubscribe",
        }
      : null,
  });
  try {
    await provider.send({
      from: { name: sender.name, address: sender.email },
      to,
      subject: `[Test] ${email.subject}`,
      html: email.html,
      text: email.text,
      headers: {},
      messageId: `<test.${Date.now()}.${Math.random().toString(36).slice(2)}@${domain}>`,
    });
    return { ok: true, to };
  } catch (error) {
    return fail(
      "testTo",
      error instanceof EmailError
        ? error.message
        : `the provider failed: ${(error as Error).message}`,
    );
  } finally {
    await provider.close();
  }
}
