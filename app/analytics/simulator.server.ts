// The pre-launch simulator's reading side: a scenario (or a template's default definition) and the
// shop's last 30 days of stored events, handed to the pure simulation contact by contact, in pages,
// up to a cap. Reads only: nothing is sent, queued or written.
import type { Db, Prisma } from "../db.server";
import { asStrings } from "../events/identity.server";
import type { EmailConsentState } from "../events/normalize";
import {
  createSimulation,
  type HistoryContact,
  type HistoryEvent,
  type SimulationReport,
} from "../scenarios/simulate";
import {
  parseScenarioDefinition,
  upgradeDefinition,
  type ScenarioDefinition,
} from "../scenarios/model";
import { resolveParameters, templateByKey } from "../scenarios/templates";
import { readShopSettings } from "../shops/settings";

export const WINDOW_DAYS = 30;
/** Events replayed at most; the contacts after the cap are left out and the result says so. */
export const MAX_EVENTS = 50_000;
const CONTACTS_PER_PAGE = 200;
const IDS_PER_QUERY = 500;
const DAY_MS = 86_400_000;
// As snapshot.server.ts: a message on its way counts as received.
const RECEIVED = [
  "PENDING",
  "SENDING",
  "SENT",
  "DELIVERED",
  "OPENED",
  "CLICKED",
  "UNKNOWN",
] as const;

export type SimulationAsk = { scenarioId: string } | { templateKey: string };

export interface SimulationSubject {
  kind: "scenario" | "template";
  /** The shop's scenario: the one asked for, or the template's once activated. */
  scenarioId: string | null;
  templateKey: string | null;
  name: { en: string; ru: string };
  status: string | null;
  definition: ScenarioDefinition;
}

export interface Overlap {
  scenarioId: string;
  name: string;
  templateKey: string | null;
  /** Entrants of the simulation who also started a run of this scenario in the window (stored runs). */
  alsoEntered: number;
  /** Contacts the simulation would message who also got a message of this scenario in the window. */
  alsoMessaged: number;
}

export interface Simulation {
  subject: SimulationSubject;
  report: SimulationReport;
  truncated: boolean;
  maxEvents: number;
  overlap: Overlap[];
}

export function simulationWindow(now: Date): { start: Date; end: Date } {
  return { start: new Date(now.valueOf() - WINDOW_DAYS * DAY_MS), end: now };
}

/** What is to be simulated, or null when the shop has no such scenario / there is no such template. */
export async function simulationSubject(
  db: Db,
  shopDomain: string,
  ask: SimulationAsk,
): Promise<SimulationSubject | null> {
  const shop = await db.shop.findUnique({
    where: { domain: shopDomain },
    select: { id: true },
  });
  if (!shop) return null;
  if ("scenarioId" in ask) {
    const scenario = await db.scenario.findFirst({
      where: { id: ask.scenarioId, shopId: shop.id },
    });
    if (!scenario) return null;
    const version = await db.scenarioVersion.findUnique({
      where: {
        scenarioId_version: {
          scenarioId: scenario.id,
          version: scenario.currentVersion,
        },
      },
    });
    const parsed = version ? upgradeDefinition(version.definition) : null;
    if (!parsed?.ok) return null;
    const template = scenario.templateKey
      ? templateByKey(scenario.templateKey)
      : undefined;
    return {
      kind: "scenario",
      scenarioId: scenario.id,
      templateKey: scenario.templateKey,
      status: scenario.status,
      name: template?.name ?? { en: scenario.name, ru: scenario.name },
      definition: parsed.definition,
    };
  }
  const template = templateByKey(ask.templateKey);
  if (!template) return null;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) return null;
  const existing = await db.scenario.findUnique({
    where: {
      shopId_templateKey: { shopId: shop.id, templateKey: template.key },
    },
  });
  return {
    kind: "template",
    scenarioId: existing?.id ?? null,
    templateKey: template.key,
    status: existing?.status ?? null,
    name: template.name,
    definition: parsed.definition,
  };
}

export async function simulate(
  db: Db,
  shopDomain: string,
  subject: SimulationSubject,
  options: { now: Date; maxEvents?: number },
): Promise<Simulation> {
  const maxEvents = options.maxEvents ?? MAX_EVENTS;
  const shop = await db.shop.findUniqueOrThrow({
    where: { domain: shopDomain },
  });
  const settings = readShopSettings(shop.settings);
  const window = simulationWindow(options.now);
  const simulation = createSimulation({
    definition: subject.definition,
    // The rollout's share is seeded by the scenario's id, as the runner seeds it.
    scenarioKey: subject.scenarioId ?? `template:${subject.templateKey}`,
    window,
    shop: {
      dailyCap: settings.dailyMessageCap,
      quietHours: settings.quietHours,
      timeZone: shop.ianaTimezone,
      name: shop.name,
      languages: settings.languages,
      testContacts: settings.testContacts,
    },
  });
  const inWindow = { gte: window.start, lte: window.end };
  let used = 0;
  let truncated = false;
  let after: string | undefined;
  while (!truncated) {
    const contacts = await db.contact.findMany({
      where: {
        shopId: shop.id,
        events: { some: { occurredAt: inWindow } },
        ...(after ? { id: { gt: after } } : {}),
      },
      orderBy: { id: "asc" },
      take: CONTACTS_PER_PAGE,
      include: { pushSubscriptions: { select: { createdAt: true } } },
    });
    if (!contacts.length) break;
    after = contacts[contacts.length - 1].id;
    const ids = contacts.map((c) => c.id);
    const left = maxEvents - used;
    const events = await db.contactEvent.findMany({
      where: { contactId: { in: ids }, occurredAt: inWindow },
      orderBy: [
        { contactId: "asc" },
        { occurredAt: "asc" },
        { createdAt: "asc" },
        { id: "asc" },
      ],
      take: left + 1,
      select: {
        id: true,
        contactId: true,
        occurredAt: true,
        source: true,
        payload: true,
      },
    });
    // Over the cap: the contact cut short is left out with the ones after it.
    let whole = contacts;
    if (events.length > left) {
      truncated = true;
      const cut = contacts.findIndex((c) => c.id === events[left].contactId);
      whole = contacts.slice(0, cut);
    }
    const received = await receivedBy(
      db,
      whole.map((c) => c.id),
      subject.scenarioId,
      window.end,
    );
    const byContact = groupBy(events, (e) => e.contactId!);
    for (const contact of whole) {
      const own = byContact.get(contact.id) ?? [];
      used += own.length;
      simulation.add(historyOf(contact, own, received.get(contact.id) ?? []));
    }
    if (contacts.length < CONTACTS_PER_PAGE) break;
  }
  const { report, entrants, recipients } = simulation.result();
  const overlap = await overlapWith(
    db,
    shop.id,
    subject.scenarioId,
    window,
    entrants,
    recipients,
  );
  return { subject, report, truncated, maxEvents, overlap };
}

type ContactRow = Prisma.ContactGetPayload<{
  include: { pushSubscriptions: { select: { createdAt: true } } };
}>;
type EventRow = {
  id: string;
  contactId: string | null;
  occurredAt: Date;
  source: string;
  payload: Prisma.JsonValue;
};

function historyOf(
  contact: ContactRow,
  events: EventRow[],
  received: HistoryContact["received"],
): HistoryContact {
  return {
    id: contact.id,
    email: contact.email,
    emailConsent: contact.emailConsent as EmailConsentState,
    consentUpdatedAt: contact.consentUpdatedAt,
    firstName: contact.firstName,
    lastName: contact.lastName,
    locale: contact.locale,
    timezone: contact.timezone,
    isTest: contact.isTest,
    visitCount: contact.visitCount,
    lastSeenAt: contact.lastSeenAt,
    lastOrderAt: contact.lastOrderAt,
    tags: asStrings(contact.tags),
    pushSubscribedAt: contact.pushSubscriptions.map((s) => s.createdAt),
    received,
    events: events.map((e): HistoryEvent => ({
      id: e.id,
      at: e.occurredAt,
      source: e.source,
      payload: e.payload as unknown as HistoryEvent["payload"],
    })),
  };
}

/** Messages the contacts really got, except the simulated scenario's own (the simulation stands in for them). */
async function receivedBy(
  db: Db,
  contactIds: string[],
  scenarioId: string | null,
  end: Date,
): Promise<Map<string, HistoryContact["received"]>> {
  const out = new Map<string, HistoryContact["received"]>();
  for (const ids of chunks(contactIds)) {
    const rows = await db.delivery.findMany({
      where: {
        contactId: { in: ids },
        status: { in: [...RECEIVED] },
        createdAt: { lte: end },
        ...(scenarioId
          ? {
              OR: [
                { runId: null },
                { run: { scenarioId: { not: scenarioId } } },
              ],
            }
          : {}),
      },
      select: {
        contactId: true,
        messageKey: true,
        marketing: true,
        createdAt: true,
        sentAt: true,
      },
    });
    for (const row of rows) {
      const list = out.get(row.contactId) ?? [];
      list.push({
        messageKey: row.messageKey,
        marketing: row.marketing,
        at: row.sentAt ?? row.createdAt,
      });
      out.set(row.contactId, list);
    }
  }
  return out;
}

/** The shop's other active scenarios, and how many of the simulation's contacts their stored runs also took. */
async function overlapWith(
  db: Db,
  shopId: string,
  scenarioId: string | null,
  window: { start: Date; end: Date },
  entrants: string[],
  recipients: string[],
): Promise<Overlap[]> {
  const others = await db.scenario.findMany({
    where: {
      shopId,
      status: "ACTIVE",
      ...(scenarioId ? { id: { not: scenarioId } } : {}),
    },
    orderBy: { name: "asc" },
    select: { id: true, name: true, templateKey: true },
  });
  if (!others.length) return [];
  const otherIds = others.map((s) => s.id);
  const inWindow = { gte: window.start, lte: window.end };
  const entered = new Map(otherIds.map((id) => [id, new Set<string>()]));
  const messaged = new Map(otherIds.map((id) => [id, new Set<string>()]));
  for (const ids of chunks(entrants)) {
    const runs = await db.scenarioRun.findMany({
      where: {
        shopId,
        scenarioId: { in: otherIds },
        contactId: { in: ids },
        startedAt: inWindow,
      },
      select: { scenarioId: true, contactId: true },
    });
    for (const run of runs) entered.get(run.scenarioId)!.add(run.contactId);
  }
  for (const ids of chunks(recipients)) {
    const deliveries = await db.delivery.findMany({
      where: {
        shopId,
        contactId: { in: ids },
        createdAt: inWindow,
        run: { scenarioId: { in: otherIds } },
      },
      select: { contactId: true, run: { select: { scenarioId: true } } },
    });
    for (const delivery of deliveries)
      if (delivery.run)
        messaged.get(delivery.run.scenarioId)!.add(delivery.contactId);
  }
  return others.map((s) => ({
    scenarioId: s.id,
    name: s.name,
    templateKey: s.templateKey,
    alsoEntered: entered.get(s.id)!.size,
    alsoMessaged: messaged.get(s.id)!.size,
  }));
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_QUERY)
    out.push(items.slice(i, i + IDS_PER_QUERY));
  return out;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}
