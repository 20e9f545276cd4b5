// The shop's past, imported once on install (and again on the merchant's "Sync again"): customers,
// then orders, each through one Shopify bulk operation whose JSONL result is streamed line by line.
// What it learns goes where live webhooks put it — contacts by Shopify id and email (identity
// stitching), profile and consent as Shopify shows them (consent is never granted beyond what
// Shopify says), order count and last order date, and recent orders as stored `order_placed`
// events — but it feeds no scenario: an imported order is history, recorded already processed and
// stale. Progress lives in `HistorySync`: the phase, its bulk operation and the lines applied (in
// the same transaction as what they changed), so a killed worker resumes at the next line, and a
// second run changes no row.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  retryOnConflict,
  TX_OPTIONS,
  type Contact,
  type Db,
  type HistorySync,
  type Prisma,
  type Shop,
} from "../db.server";
import type { JobQueue } from "../jobs/types";
import { logger } from "../logger.server";
import {
  HISTORY_SLICE_MS,
  OUTBOUND_TIMEOUT_MS,
  seconds,
} from "../outbound/timeouts";
import {
  adminQuery,
  legacyId,
  type AdminGraphql,
} from "../shopify/admin-graphql";
import { readShopSettings } from "../shops/settings";
import type { Derived } from "./engine-inputs";
import { asStrings, resolveContact } from "./identity.server";
import { normalizeEmail, type NormalizedEvent } from "./normalize";

type Tx = Prisma.TransactionClient;

export const HISTORY_SYNC_JOB = "history.sync";
/** The source of imported events (ContactEvent.source), beside webhook, pixel, storefront. */
export const HISTORY_SOURCE = "history";
/** How soon a running bulk operation is asked about again. */
export const HISTORY_POLL_MS = 3_000;
/** Lines applied per transaction. */
const BATCH = 100;

/** Shopify's storage for bulk operations' results: the only place a result file is fetched from. */
export function isShopifyBulkFileUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === "https:" &&
    !parsed.username &&
    !parsed.password &&
    parsed.port === "" &&
    parsed.hostname === "storage.googleapis.com" &&
    parsed.pathname.startsWith("/shopify-")
  );
}

// Field names of the Admin schema (2025-01, checked by the double). Bulk queries take no pagination.
export const CUSTOMERS_QUERY = `{
  customers {
    edges {
      node {
        id
        email
        phone
        firstName
        lastName
        locale
        tags
        numberOfOrders
        amountSpent { amount currencyCode }
        lastOrder { id createdAt }
        emailMarketingConsent { marketingState consentUpdatedAt }
        smsMarketingConsent { marketingState consentUpdatedAt }
        createdAt
      }
    }
  }
}`;

export const ORDERS_QUERY = `{
  orders {
    edges {
      node {
        id
        name
        email
        createdAt
        customer { id }
        currencyCode
        totalPriceSet { shopMoney { amount currencyCode } }
        lineItems {
          edges {
            node {
              id
              title
              quantity
              product { id }
              originalUnitPriceSet { shopMoney { amount } }
            }
          }
        }
      }
    }
  }
}`;

const RUN_QUERY = `#graphql
  mutation TriggerMapHistoryRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }`;

const POLL = `#graphql
  query TriggerMapHistoryPoll($id: ID!) {
    node(id: $id) {
      ... on BulkOperation { id status errorCode objectCount url query }
    }
  }`;

const CURRENT = `#graphql
  query TriggerMapHistoryCurrent {
    currentBulkOperation(type: QUERY) { id status query }
  }`;

const SCOPES = `#graphql
  query TriggerMapHistoryScopes {
    currentAppInstallation { accessScopes { handle } }
  }`;

interface BulkOperation {
  id: string;
  status: string;
  errorCode?: string | null;
  objectCount?: string;
  url?: string | null;
  query?: string;
}

export interface HistoryDeps {
  db: Db;
  queue: JobQueue;
  now: () => Date;
}

export interface HistoryIo {
  graphql: AdminGraphql;
  /** Fetches the result file (default: the global fetch, which the sandbox routes to the double). */
  fetch?: typeof fetch;
  /** How long a run applies lines before it queues the next (default HISTORY_SLICE_MS). */
  sliceMs?: number;
  /** At most this many lines per run (tests: an interrupted import). */
  maxLines?: number;
}

/** Queues the import's next run; `key` makes each step's job id new (finished ids stay taken). */
export function enqueueHistorySync(
  queue: JobQueue,
  shopId: string,
  key: string,
  delayMs = 0,
) {
  return queue.enqueue(
    HISTORY_SYNC_JOB,
    { shopId },
    {
      id: `history-sync:${shopId}:${key}`,
      ...(delayMs ? { delayMs } : {}),
      attempts: 5,
      backoffMs: 30_000,
    },
  );
}

/**
 * Starts the import for a shop: on install when it never ran, on the merchant's "Sync again" when
 * the last one ended. Returns false when one is under way (it is not started twice).
 */
export async function startHistorySync(
  deps: HistoryDeps,
  shopId: string,
  options: { again?: boolean } = {},
): Promise<boolean> {
  const now = deps.now();
  const fresh = {
    phase: "CUSTOMERS" as const,
    bulkOperationId: null,
    linesDone: 0,
    objectCount: 0,
    customers: 0,
    orders: 0,
    recentOrdersOnly: false,
    startedAt: now,
    finishedAt: null,
    error: null,
  };
  const existing = await deps.db.historySync.findUnique({ where: { shopId } });
  if (existing) {
    if (!options.again) return false;
    const { count } = await deps.db.historySync.updateMany({
      where: { shopId, phase: { in: ["DONE", "FAILED"] } },
      data: fresh,
    });
    if (!count) return false;
  } else {
    try {
      await deps.db.historySync.create({ data: { shopId, ...fresh } });
    } catch {
      return false; // created meanwhile by another request
    }
  }
  await enqueueHistorySync(deps.queue, shopId, `start:${now.valueOf()}`);
  return true;
}

/** What the dashboard shows of the import. */
export function historySyncView(row: HistorySync | null) {
  if (!row) return null;
  return {
    phase: row.phase,
    customers: row.customers,
    orders: row.orders,
    objectCount: row.objectCount,
    recentOrdersOnly: row.recentOrdersOnly,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}
export type HistorySyncView = NonNullable<ReturnType<typeof historySyncView>>;

/** The minute sweep: an import not DONE and untouched for 5 minutes lost its job; queue it again. */
export async function sweepHistorySyncs(
  db: Db,
  queue: JobQueue,
  now: Date,
): Promise<void> {
  const stale = await db.historySync.findMany({
    where: {
      phase: { in: ["CUSTOMERS", "ORDERS"] },
      updatedAt: { lt: new Date(now.valueOf() - 5 * 60_000) },
      shop: { uninstalledAt: null },
    },
    select: { shopId: true },
  });
  for (const { shopId } of stale)
    await enqueueHistorySync(
      queue,
      shopId,
      `sweep:${now.toISOString().slice(0, 16)}`,
    );
}

/**
 * The `history.sync` job: moves the shop's import on as far as it can within a slice — starts the
 * phase's bulk operation, asks how it goes (and comes back in a few seconds while it runs), applies
 * its result from the line it stopped at — then queues its own next run.
 */
export async function runHistorySync(
  deps: HistoryDeps,
  shopId: string,
  io: HistoryIo,
): Promise<void> {
  const { db } = deps;
  const started = Date.now();
  const sliceMs = io.sliceMs ?? HISTORY_SLICE_MS;
  let budget = io.maxLines ?? Infinity;
  for (;;) {
    const row = await db.historySync.findUnique({
      where: { shopId },
      include: { shop: true },
    });
    if (!row || row.phase === "DONE" || row.phase === "FAILED") return;
    if (row.shop.uninstalledAt) return;
    const phase = row.phase;
    const query = phase === "CUSTOMERS" ? CUSTOMERS_QUERY : ORDERS_QUERY;

    if (!row.bulkOperationId) {
      if (phase === "CUSTOMERS") {
        const scopes = await adminQuery<{
          currentAppInstallation: { accessScopes: { handle: string }[] };
        }>(io.graphql, SCOPES);
        const all = scopes.currentAppInstallation.accessScopes.some(
          (s) => s.handle === "read_all_orders",
        );
        await db.historySync.update({
          where: { shopId },
          data: { recentOrdersOnly: !all },
        });
      }
      const id = await startOperation(io.graphql, query);
      if (!id) {
        // Another bulk query of this app runs on the shop: ask again later.
        await enqueueHistorySync(
          deps.queue,
          shopId,
          `wait:${phase}:${Date.now()}`,
          HISTORY_POLL_MS,
        );
        return;
      }
      await db.historySync.update({
        where: { shopId },
        data: { bulkOperationId: id, linesDone: 0, objectCount: 0 },
      });
      continue;
    }

    const op = (
      await adminQuery<{ node: BulkOperation | null }>(io.graphql, POLL, {
        id: row.bulkOperationId,
      })
    ).node;
    if (!op || op.status === "EXPIRED" || op.status === "CANCELED") {
      // Its result is gone (7 days) or it was cancelled: the phase starts over; upserts repeat harmlessly.
      await db.historySync.update({
        where: { shopId },
        data: { bulkOperationId: null, linesDone: 0, objectCount: 0 },
      });
      continue;
    }
    if (op.status === "FAILED") {
      await db.historySync.update({
        where: { shopId },
        data: {
          phase: "FAILED",
          error: `Shopify's export of ${phase === "CUSTOMERS" ? "customers" : "orders"} failed (${op.errorCode ?? "no reason given"})`,
          finishedAt: deps.now(),
        },
      });
      return;
    }
    if (op.status !== "COMPLETED") {
      await db.historySync.update({
        where: { shopId },
        data: { objectCount: Number(op.objectCount ?? 0) },
      });
      // A big shop's export can take a while: asked every 3 s at first, at most every minute later.
      const running = deps.now().valueOf() - row.startedAt.valueOf();
      await enqueueHistorySync(
        deps.queue,
        shopId,
        `poll:${row.bulkOperationId}:${Date.now()}`,
        Math.min(60_000, Math.max(HISTORY_POLL_MS, Math.round(running / 10))),
      );
      return;
    }

    let finished = true;
    if (op.url) {
      if (!isShopifyBulkFileUrl(op.url))
        throw new Error(
          "history: Shopify's bulk operation names a file outside Shopify's storage; not fetched",
        );
      const outcome = await applyFile(deps, row, op.url, io, {
        deadline: started + sliceMs,
        budget,
      }).catch((error: unknown) => {
        if (error instanceof Superseded) return null;
        throw error;
      });
      if (!outcome) return;
      budget -= outcome.applied;
      finished = outcome.finished;
    }
    if (!finished) {
      await enqueueHistorySync(
        deps.queue,
        shopId,
        `lines:${row.bulkOperationId}:${Date.now()}`,
      );
      return;
    }
    const next = await db.historySync.update({
      where: { shopId },
      data:
        phase === "CUSTOMERS"
          ? {
              phase: "ORDERS",
              bulkOperationId: null,
              linesDone: 0,
              objectCount: 0,
            }
          : { phase: "DONE", finishedAt: deps.now(), objectCount: 0 },
    });
    if (phase === "ORDERS") {
      logger.info("history: imported", {
        shop: row.shop.domain,
        customers: next.customers,
        orders: next.orders,
        recentOrdersOnly: next.recentOrdersOnly,
      });
      return;
    }
  }
}

/** The operation's id, or null when another bulk query runs (Shopify allows one at a time). */
async function startOperation(
  graphql: AdminGraphql,
  query: string,
): Promise<string | null> {
  const data = await adminQuery<{
    bulkOperationRunQuery: {
      bulkOperation: { id: string } | null;
      userErrors: { message: string; code?: string | null }[];
    };
  }>(graphql, RUN_QUERY, { query });
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (bulkOperation) return bulkOperation.id;
  if (userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS")) {
    // Ours, started by a run that died before saving its id: take it up.
    const current = (
      await adminQuery<{ currentBulkOperation: BulkOperation | null }>(
        graphql,
        CURRENT,
      )
    ).currentBulkOperation;
    if (current && sameQuery(current.query, query)) return current.id;
    return null;
  }
  throw new Error(
    `history: Shopify refused the bulk query: ${userErrors.map((e) => e.message).join("; ")}`,
  );
}

const sameQuery = (a: string | undefined, b: string) =>
  a?.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

type Line = Record<string, unknown>;

/** Another run of the job applied these lines first: this one stops, leaving it the import. */
class Superseded extends Error {
  override name = "Superseded";
}

/**
 * Streams the file from the line after `linesDone`, applying lines in transactions that also move
 * `linesDone` on. An order's line items follow it (Shopify's `__parentId`), so an order is applied
 * once its next top-level line (or the end) is read, and a transaction ends only between orders.
 */
async function applyFile(
  deps: HistoryDeps,
  row: HistorySync & { shop: Shop },
  url: string,
  io: HistoryIo,
  limits: { deadline: number; budget: number },
): Promise<{ finished: boolean; applied: number }> {
  const controller = new AbortController();
  let applied = 0;
  let stream: Readable | undefined;
  let idle = setTimeout(
    () => controller.abort(),
    OUTBOUND_TIMEOUT_MS.shopifyBulkFile,
  );
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () => controller.abort(),
      OUTBOUND_TIMEOUT_MS.shopifyBulkFile,
    );
  };
  try {
    const response = await (io.fetch ?? fetch)(url, {
      signal: controller.signal,
      redirect: "error",
    });
    if (!response.ok || !response.body)
      throw new Error(
        `history: the result file answered HTTP ${response.status}`,
      );
    stream = Readable.fromWeb(response.body as WebReadableStream);
    stream.on("data", touch);
    // Errors reach the loop below through readline; a stream left early must not throw later.
    stream.on("error", () => {});
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    const settings = readShopSettings(row.shop.settings);
    const keepSince = new Date(
      deps.now().valueOf() - settings.eventRetentionDays * 86_400_000,
    );
    let index = 0;
    let done = row.linesDone;
    // Lines read but not yet applied: whole units (a customer; an order and its line items).
    let pending: Line[][] = [];
    const flush = async (upTo: number) => {
      if (!pending.length) return;
      const units = pending;
      pending = [];
      await retryOnConflict(() =>
        deps.db.$transaction(async (tx) => {
          const customers = row.phase === "CUSTOMERS";
          if (customers)
            await applyCustomers(
              tx,
              row.shopId,
              units.map((u) => u[0]!),
              deps.now(),
            );
          else await applyOrders(tx, row.shopId, units, deps.now(), keepSince);
          // Only from where this run read: a second run of the job on the same lines (a sweep's
          // and a poll's at once) finds the place moved and stops, so nothing is counted twice.
          const { count } = await tx.historySync.updateMany({
            where: {
              shopId: row.shopId,
              bulkOperationId: row.bulkOperationId,
              linesDone: done,
            },
            data: {
              linesDone: upTo,
              ...(customers
                ? { customers: { increment: units.length } }
                : { orders: { increment: units.length } }),
            },
          });
          if (!count) throw new Superseded();
        }, TX_OPTIONS),
      );
      applied += units.length;
      done = upTo;
    };
    for await (const text of lines) {
      const at = index++;
      if (at < row.linesDone || !text.trim()) continue;
      const line = JSON.parse(text) as Line;
      if (line.__parentId !== undefined) {
        // A child of the unit being read (an order's line item).
        pending.at(-1)?.push(line);
        continue;
      }
      // A new top-level line: what was read before it is complete.
      if (
        pending.length >= BATCH ||
        applied + pending.length >= limits.budget ||
        (pending.length && Date.now() > limits.deadline)
      ) {
        await flush(at);
        if (applied >= limits.budget || Date.now() > limits.deadline) {
          lines.close();
          return { finished: false, applied };
        }
      }
      pending.push([line]);
    }
    await flush(index);
    return { finished: true, applied };
  } catch (error) {
    if (error instanceof Superseded) throw error;
    // The download broke after some lines were applied (their place is saved): the next run
    // fetches the file again and goes on from there. One that applied nothing fails and is retried.
    if (applied > 0) {
      logger.warn(
        "history: the result file broke off; going on in the next run",
        {
          shop: row.shop.domain,
          linesDone: row.linesDone,
          error,
        },
      );
      return { finished: false, applied };
    }
    if (controller.signal.aborted)
      throw new Error(
        `history: the result file went silent for ${seconds(OUTBOUND_TIMEOUT_MS.shopifyBulkFile)}`,
      );
    throw error;
  } finally {
    clearTimeout(idle);
    // Whatever ended the run, the download ends with it.
    stream?.destroy();
    controller.abort();
  }
}

/** CustomerEmailMarketingState → the contact's consent, as the customers webhooks are read (normalize.ts). */
function consentState(state: unknown): Contact["emailConsent"] | null {
  switch (state) {
    case "SUBSCRIBED":
      return "SUBSCRIBED";
    case "PENDING":
      return "PENDING";
    case "UNSUBSCRIBED":
    case "NOT_SUBSCRIBED":
    case "REDACTED":
    case "INVALID":
      return "UNSUBSCRIBED";
    default:
      return null;
  }
}

const text = (value: unknown) =>
  typeof value === "string" && value.trim() ? value.trim() : null;
const date = (value: unknown) => {
  const at = typeof value === "string" ? new Date(value) : null;
  return at && !Number.isNaN(at.valueOf()) ? at : null;
};
const later = (a: Date | null, b: Date | null) =>
  a && b ? (a > b ? a : b) : (a ?? b);
const same = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date
    ? (a as Date | null)?.valueOf() === (b as Date | null)?.valueOf()
    : JSON.stringify(a) === JSON.stringify(b);

/** Writes only what differs, so a second import changes no row (not even updatedAt); the copy follows. */
async function updateContact(
  tx: Tx,
  contact: Contact,
  wanted: Partial<Contact>,
): Promise<void> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (!same(contact[key as keyof Contact], value)) data[key] = value;
  }
  if (!Object.keys(data).length) return;
  Object.assign(
    contact,
    await tx.contact.update({
      where: { id: contact.id },
      data: data as Prisma.ContactUpdateInput,
    }),
  );
}

interface Keys {
  customerId?: string;
  email?: string;
}

/**
 * A batch's contacts, read in one query by Shopify id and email. A line whose keys name one known
 * contact is answered from here; a new person, or keys naming
 * two contacts, go through identity stitching (`resolveContact`) as a webhook's would.
 */
class BatchContacts {
  private readonly byCustomer = new Map<string, Contact>();
  private readonly byEmail = new Map<string, Contact>();

  private constructor(
    private readonly tx: Tx,
    private readonly shopId: string,
  ) {}

  static async load(tx: Tx, shopId: string, keys: Keys[]) {
    const batch = new BatchContacts(tx, shopId);
    const customerIds = keys.flatMap((k) =>
      k.customerId ? [k.customerId] : [],
    );
    const emails = keys.flatMap((k) => (k.email ? [k.email] : []));
    const rows = await tx.contact.findMany({
      where: {
        shopId,
        OR: [
          { shopifyCustomerId: { in: customerIds } },
          { email: { in: emails } },
        ],
      },
    });
    rows.forEach((c) => batch.remember(c));
    return batch;
  }

  private remember(contact: Contact) {
    if (contact.shopifyCustomerId)
      this.byCustomer.set(contact.shopifyCustomerId, contact);
    if (contact.email) this.byEmail.set(contact.email, contact);
  }

  async resolve(keys: Keys): Promise<Contact | null> {
    const byCustomer = keys.customerId
      ? this.byCustomer.get(keys.customerId)
      : undefined;
    const byEmail = keys.email ? this.byEmail.get(keys.email) : undefined;
    if (byCustomer && (!byEmail || byEmail.id === byCustomer.id)) {
      // The address is new to the shop: it becomes the customer's, as resolveContact would do.
      if (keys.email && !byCustomer.email && !byEmail) {
        await updateContact(this.tx, byCustomer, { email: keys.email });
        this.remember(byCustomer);
      }
      return byCustomer;
    }
    if (!keys.customerId && byEmail) return byEmail;
    const { contactId } = await resolveContact(this.tx, this.shopId, keys, {
      proof: true,
    });
    if (!contactId) return null;
    // A merge may have removed a contact the maps hold: they name the survivor from now on.
    if (byEmail && keys.email) this.byEmail.delete(keys.email);
    const contact = await this.tx.contact.findUniqueOrThrow({
      where: { id: contactId },
    });
    this.remember(contact);
    return contact;
  }
}

const keysOfCustomer = (line: Line): Keys => {
  const email = normalizeEmail(line.email as string | null);
  return {
    customerId: legacyId(String(line.id)),
    ...(email ? { email } : {}),
  };
};

const keysOfOrder = (order: Line): Keys => {
  const customer = order.customer as { id?: string } | null;
  const email = normalizeEmail(order.email as string | null);
  return {
    ...(customer?.id ? { customerId: legacyId(customer.id) } : {}),
    ...(email ? { email } : {}),
  };
};

async function applyCustomers(
  tx: Tx,
  shopId: string,
  lines: Line[],
  now: Date,
): Promise<void> {
  const contacts = await BatchContacts.load(
    tx,
    shopId,
    lines.map(keysOfCustomer),
  );
  for (const line of lines) {
    const contact = await contacts.resolve(keysOfCustomer(line));
    if (contact) await applyCustomer(tx, contact, line, now);
  }
}

async function applyCustomer(
  tx: Tx,
  contact: Contact,
  line: Line,
  now: Date,
): Promise<void> {
  // Shopify's customer record is the authority on its fields, as the customers webhooks are.
  const wanted: Partial<Contact> = {};
  for (const key of ["firstName", "lastName", "phone", "locale"] as const) {
    const value = text(line[key]);
    if (value) wanted[key] = value;
  }
  wanted.tags = asStrings(line.tags);
  const consent = line.emailMarketingConsent as
    | { marketingState?: string; consentUpdatedAt?: string | null }
    | null
    | undefined;
  const state = consentState(consent?.marketingState);
  if (state) {
    const at = date(consent?.consentUpdatedAt);
    // A newer consent change the app already knows (a webhook, an unsubscribe) stands.
    const newer =
      contact.consentUpdatedAt && (!at || contact.consentUpdatedAt > at);
    if (!newer) {
      if (at) {
        wanted.emailConsent = state;
        wanted.consentUpdatedAt = at;
      } else if (state === "SUBSCRIBED" || contact.emailConsent === "UNKNOWN") {
        // Shopify shows the state without its date: the state is taken, dated when seen.
        wanted.emailConsent = state;
        if (state === "SUBSCRIBED") wanted.consentUpdatedAt = now;
      }
    }
  }
  const orders = Number(line.numberOfOrders ?? 0);
  if (Number.isFinite(orders) && orders > contact.orderCount)
    wanted.orderCount = orders;
  const last = date(
    (line.lastOrder as { createdAt?: string } | null)?.createdAt,
  );
  const lastOrderAt = later(contact.lastOrderAt, last);
  if (lastOrderAt) wanted.lastOrderAt = lastOrderAt;
  // An order was a visit to the store: no_visit silence counts from it too.
  const lastVisitAt = later(contact.lastVisitAt, last);
  if (lastVisitAt) wanted.lastVisitAt = lastVisitAt;
  const createdAt = date(line.createdAt);
  if (createdAt && createdAt < contact.createdAt) wanted.createdAt = createdAt;
  await updateContact(tx, contact, wanted);
}

type ImportedOrder = NormalizedEvent & {
  derived: Derived;
  lineItems: {
    productId: string | null;
    title: string;
    quantity: number;
    price: string | null;
  }[];
};

async function applyOrders(
  tx: Tx,
  shopId: string,
  units: Line[][],
  now: Date,
  keepSince: Date,
): Promise<void> {
  const contacts = await BatchContacts.load(
    tx,
    shopId,
    units.map(([order]) => keysOfOrder(order!)),
  );
  const stored = new Set(
    (
      await tx.contactEvent.findMany({
        where: {
          shopId,
          source: HISTORY_SOURCE,
          sourceId: { in: units.map(([order]) => legacyId(String(order!.id))) },
        },
        select: { sourceId: true },
      })
    ).map((e) => e.sourceId),
  );
  const events: Prisma.ContactEventCreateManyInput[] = [];
  for (const [order, ...items] of units) {
    const createdAt = date(order!.createdAt);
    const keys = keysOfOrder(order!);
    if (!createdAt || (!keys.customerId && !keys.email)) continue;
    const contact = await contacts.resolve(keys);
    if (!contact) continue;
    await updateContact(tx, contact, {
      lastOrderAt: later(contact.lastOrderAt, createdAt),
      // An order was a visit to the store: no_visit silence counts from it too.
      lastVisitAt: later(contact.lastVisitAt, createdAt),
      orderCount: Math.max(contact.orderCount, 1),
    });
    // Older orders would be pruned at once (the shop's event retention): they count on the contact only.
    const orderId = legacyId(String(order!.id));
    if (createdAt < keepSince || stored.has(orderId)) continue;
    stored.add(orderId);
    events.push({
      shopId,
      contactId: contact.id,
      type: "order_placed",
      source: HISTORY_SOURCE,
      sourceId: orderId,
      occurredAt: createdAt,
      payload: orderEvent(
        order!,
        items,
        keys,
        createdAt,
        contact.id,
      ) as unknown as Prisma.InputJsonValue,
      stale: true,
      processedAt: now,
    });
  }
  if (events.length) await tx.contactEvent.createMany({ data: events });
}

function orderEvent(
  order: Line,
  items: Line[],
  keys: Keys,
  createdAt: Date,
  contactId: string,
): ImportedOrder {
  const total = (
    order.totalPriceSet as {
      shopMoney?: { amount?: string; currencyCode?: string };
    } | null
  )?.shopMoney;
  return {
    type: "order_placed",
    occurredAt: createdAt.toISOString(),
    identity: keys,
    order: {
      id: legacyId(String(order.id)),
      name: text(order.name),
      totalPrice: total?.amount ?? null,
      currency: total?.currencyCode ?? text(order.currencyCode),
      createdAt: createdAt.toISOString(),
    },
    lineItems: items.map((item) => {
      const product = item.product as { id?: string } | null;
      const price = item.originalUnitPriceSet as {
        shopMoney?: { amount?: string };
      } | null;
      return {
        productId: product?.id ? legacyId(product.id) : null,
        title: String(item.title ?? ""),
        quantity: Number(item.quantity ?? 1),
        price: price?.shopMoney?.amount ?? null,
      };
    }),
    // What processing would have found: the simulator replays it as the order it was. It is
    // stored processed and stale, never queued, so nothing live starts from it.
    derived: {
      contactId,
      newVisit: false,
      emailCaptured: false,
      unsubscribed: false,
      superseded: false,
    },
  };
}
