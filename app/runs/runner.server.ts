// Carries the engine's decisions out: an event reaches the contact's open runs and starts the
// scenarios it triggers; a due run moves on. Each decision is saved with its effects in one
// transaction (run state, pending deliveries); a wait is kept on the run (see scheduler.server.ts). Replays change nothing: the
// engine remembers event ids, a run remembers the event that started it, and a write based on a
// stale read of a run fails (optimistic lock) and is retried by the job. A version that cannot be
// read pauses its scenario (versions.server.ts) and its runs keep their place until it is resumed.
import {
  isUniqueViolation,
  retryOnConflict,
  TX_OPTIONS,
  type Db,
  type Prisma,
  type ScenarioRun,
  type Shop,
} from "../db.server";
import type { JobQueue } from "../jobs/types";
import {
  durationMs,
  type PageType,
  type TriggerEvent,
} from "../scenarios/model";
import {
  admit,
  decide,
  initialState,
  seededRandom,
  type Decision,
  type RunState,
  type TriggerInput,
} from "../scenarios/engine";
import { enqueueSend } from "../deliveries/send.server";
import { decisionContext } from "./snapshot.server";
import {
  definitionOrPause,
  pauseUnreadable,
  readVersion,
  republish,
} from "./versions.server";
import { DIRECT_ENQUEUE_MS, holdRun, scheduleDue } from "./scheduler.server";

export interface RunnerDeps {
  db: Db;
  queue: JobQueue;
  now: () => Date;
}

export interface EngineEvent {
  /** Stable across retries and replays of the same event. */
  id: string;
  occurredAt: Date;
  /** Starts the scenarios it matches; absent for a stale event. */
  trigger?: TriggerInput;
  /** Reaches the contact's open runs (goals, waits). */
  event?: TriggerEvent;
  /** Starts only these scenarios (the win-back pass admits each scenario's silences on its own terms). */
  scenarioIds?: string[];
  pageType?: PageType;
}

const ENDED = new Set(["completed", "exited", "failed"]);
export async function feedEvent(
  deps: RunnerDeps,
  shop: Shop,
  contactId: string,
  input: EngineEvent,
): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  // Read once, and again only after a decision sent something (received keys, daily budget).
  let cached: Awaited<ReturnType<typeof decisionContext>> | undefined;
  const context = async () =>
    cached === undefined
      ? (cached = await decisionContext(db, shop, contactId, now, {
          pageType: input.pageType,
        }))
      : cached;
  const saveAndRefresh = async (run: ScenarioRun, decision: Decision) => {
    await save(deps, run, decision);
    if (decision.effects.some((e) => e.type === "send")) cached = undefined;
  };

  const open = await db.scenarioRun.findMany({
    where: { contactId, activeKey: { not: null } },
  });
  if (input.event) {
    for (const run of open) {
      // Unreadable: the scenario is paused and the run left where it is, to go on once resumed.
      const definition = await definitionOrPause(
        db,
        run.scenarioId,
        run.scenarioVersion,
        republish(deps.queue, shop.id),
      );
      const ctx = await context();
      if (!definition || !ctx) continue;
      const decision = decide(
        definition,
        run.state as unknown as RunState,
        {
          kind: "event",
          eventId: input.id,
          event: input.event,
          at: input.occurredAt,
        },
        { ...ctx, random: seededRandom(run.id) },
      );
      await saveAndRefresh(run, decision);
    }
  }
  if (!input.trigger || shop.uninstalledAt) return;

  const scenarios = await db.scenario.findMany({
    where: {
      shopId: shop.id,
      status: "ACTIVE",
      ...(input.scenarioIds ? { id: { in: input.scenarioIds } } : {}),
    },
  });
  for (const scenario of scenarios) {
    const definition = await definitionOrPause(
      db,
      scenario.id,
      scenario.currentVersion,
      republish(deps.queue, shop.id),
    );
    if (!definition || definition.trigger.type !== input.trigger.type) continue;
    const ctx = await context();
    if (!ctx) continue;
    if (
      await db.scenarioRun.findFirst({
        where: { scenarioId: scenario.id, contactId, triggerEventId: input.id },
        select: { id: true },
      })
    )
      continue;
    const last = await db.scenarioRun.findFirst({
      where: { scenarioId: scenario.id, contactId },
      orderBy: { startedAt: "desc" },
      select: { startedAt: true },
    });
    const admission = admit({
      definition,
      scenarioKey: scenario.id,
      trigger: input.trigger,
      contact: ctx.contact,
      now,
      hasActiveRun: open.some((r) => r.scenarioId === scenario.id),
      lastStartedAt: last?.startedAt ?? null,
    });
    if (!admission.enter) continue;
    const state = initialState(input.occurredAt);
    const run = await openRun(
      db,
      {
        shopId: shop.id,
        scenarioId: scenario.id,
        scenarioVersion: scenario.currentVersion,
        contactId,
        triggerEventId: input.id,
        startedAt: input.occurredAt,
      },
      state,
    );
    if (!run) continue;
    await saveAndRefresh(
      run,
      decide(
        definition,
        state,
        { kind: "start" },
        { ...ctx, random: seededRandom(run.id) },
      ),
    );
  }
}

/**
 * The storefront showed a scenario's on-site message by itself (its rules run in the browser):
 * the contact's run of that scenario is its own, or starts now with the message recorded as
 * shown, and goes on from the step after it. Returns the run, or null when none can start.
 */
export async function runAfterOnSiteMessage(
  deps: RunnerDeps,
  shop: Shop,
  contactId: string,
  shown: {
    scenarioId: string;
    version: number;
    stepId: string;
    next: string | null;
    eventId: string;
    at: Date;
  },
): Promise<ScenarioRun | null> {
  const { db } = deps;
  const open = await db.scenarioRun.findFirst({
    where: {
      scenarioId: shown.scenarioId,
      contactId,
      activeKey: { not: null },
    },
  });
  if (open) return open;
  // The server started the scenario from the same moment (RE1 on an order) and went past this
  // step, which waited to be shown: the browser showed that run's message; no second run.
  const queued = await db.delivery.findFirst({
    where: {
      contactId,
      stepId: shown.stepId,
      status: "PENDING",
      run: { scenarioId: shown.scenarioId },
    },
    orderBy: { createdAt: "desc" },
    select: { run: true },
  });
  if (queued?.run) return queued.run;
  const definition = await definitionOrPause(
    db,
    shown.scenarioId,
    shown.version,
    republish(deps.queue, shop.id),
  );
  const ctx = await decisionContext(db, shop, contactId, deps.now());
  if (!definition || !ctx || shop.uninstalledAt) return null;
  // The browser keeps its own frequency; the server keeps the scenario's re-entry cooldown.
  const last = await db.scenarioRun.findFirst({
    where: { scenarioId: shown.scenarioId, contactId },
    orderBy: { startedAt: "desc" },
    select: { startedAt: true },
  });
  if (
    last &&
    shown.at.valueOf() - last.startedAt.valueOf() <
      durationMs(definition.reentryCooldown)
  )
    return null;
  const state = initialState(shown.at);
  const run = await openRun(
    db,
    {
      shopId: shop.id,
      scenarioId: shown.scenarioId,
      scenarioVersion: shown.version,
      contactId,
      triggerEventId: shown.eventId,
      startedAt: shown.at,
    },
    { ...state, stepId: shown.stepId },
  );
  if (!run)
    return db.scenarioRun.findFirst({
      where: {
        scenarioId: shown.scenarioId,
        contactId,
        activeKey: { not: null },
      },
    });
  if (!shown.next) {
    const completed = {
      ...state,
      status: "completed" as const,
      stepId: shown.stepId,
    };
    await save(deps, run, {
      state: completed,
      effects: [{ type: "complete" }],
    });
  } else {
    await save(
      deps,
      run,
      decide(
        definition,
        state,
        { kind: "start", from: shown.next },
        { ...ctx, random: seededRandom(run.id) },
      ),
    );
  }
  return run;
}

/** A new open run of the scenario for the contact, or null when another event opened one a moment ago. */
async function openRun(
  db: Db,
  run: {
    shopId: string;
    scenarioId: string;
    scenarioVersion: number;
    contactId: string;
    triggerEventId: string;
    startedAt: Date;
  },
  state: RunState,
): Promise<ScenarioRun | null> {
  try {
    return await db.scenarioRun.create({
      data: {
        ...run,
        state: state as unknown as Prisma.InputJsonValue,
        stepId: state.stepId,
        activeKey: `${run.scenarioId}:${run.contactId}`,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** A waiting run's time has come: the job enqueued for its `nextDueAt`. */
export async function runDue(deps: RunnerDeps, runId: string): Promise<void> {
  const { db } = deps;
  const run = await db.scenarioRun.findUnique({
    where: { id: runId },
    include: {
      shop: true,
      scenario: { select: { status: true, pausedReason: true } },
    },
  });
  if (!run || !run.activeKey) return;
  const now = deps.now();
  // Paused by the app for a version it cannot read: the run keeps its place until resumed.
  if (
    !run.shop.uninstalledAt &&
    run.scenario.status === "PAUSED" &&
    run.scenario.pausedReason !== null
  ) {
    await holdRun(db, run);
    return;
  }
  if (run.shop.uninstalledAt || run.scenario.status !== "ACTIVE") {
    const reason = run.shop.uninstalledAt
      ? "app_uninstalled"
      : `scenario_${run.scenario.status.toLowerCase()}`;
    await end(db, run, "EXITED", reason, now);
    return;
  }
  const read = await readVersion(db, run.scenarioId, run.scenarioVersion);
  if (!read) {
    await end(
      db,
      run,
      "FAILED",
      `version ${run.scenarioVersion} of the scenario does not exist`,
      now,
    );
    return;
  }
  if (!read.ok) {
    // Every contact would fail on it: the scenario stops instead, and its runs wait for the fix.
    if (
      await pauseUnreadable(
        db,
        run.scenarioId,
        run.scenarioVersion,
        read.reason,
      )
    )
      await republish(deps.queue, run.shopId)();
    await holdRun(db, run);
    return;
  }
  const definition = read.definition;
  const ctx = await decisionContext(db, run.shop, run.contactId, now);
  if (!ctx) return;
  const decision = decide(
    definition,
    run.state as unknown as RunState,
    { kind: "due" },
    { ...ctx, random: seededRandom(run.id) },
  );
  await save(deps, run, decision);
}

async function end(
  db: Db,
  run: ScenarioRun,
  status: "EXITED" | "FAILED",
  reason: string,
  now: Date,
): Promise<void> {
  await db.scenarioRun.updateMany({
    where: { id: run.id, revision: run.revision },
    data: {
      status,
      activeKey: null,
      nextDueAt: null,
      endedAt: now,
      revision: { increment: 1 },
      ...(status === "EXITED"
        ? { exitReason: reason }
        : { errorReason: reason }),
    },
  });
}

async function save(
  deps: RunnerDeps,
  run: ScenarioRun,
  decision: Decision,
): Promise<void> {
  const { db, queue } = deps;
  const { state, effects } = decision;
  if (!effects.length && JSON.stringify(state) === JSON.stringify(run.state))
    return;
  const ended = ENDED.has(state.status);
  const exit = effects.find((e) => e.type === "exit");
  const failure = effects.find((e) => e.type === "fail");
  const toSend: string[] = [];
  await retryOnConflict(() =>
    db.$transaction(async (tx) => {
      toSend.length = 0;
      const updated = await tx.scenarioRun.updateMany({
        where: { id: run.id, revision: run.revision },
        data: {
          state: state as unknown as Prisma.InputJsonValue,
          status: state.status.toUpperCase() as ScenarioRun["status"],
          stepId: state.stepId,
          nextDueAt: state.dueAt ? new Date(state.dueAt) : null,
          variant: state.variant,
          revision: { increment: 1 },
          ...(ended ? { activeKey: null, endedAt: deps.now() } : {}),
          ...(exit?.type === "exit" ? { exitReason: exit.reason } : {}),
          ...(failure?.type === "fail"
            ? { errorReason: failure.reason, errorStepId: failure.stepId }
            : {}),
        },
      });
      // Rolls back: nothing of a decision made on a stale read is kept.
      if (updated.count === 0)
        throw new Error(
          `run ${run.id} changed while deciding; the job retries with a fresh read`,
        );
      for (const effect of effects) {
        if (effect.type !== "send") continue;
        const delivery = await tx.delivery.create({
          data: {
            shopId: run.shopId,
            runId: run.id,
            contactId: run.contactId,
            stepId: effect.stepId,
            channel: effect.channel.toUpperCase() as
              "POPUP" | "CHAT" | "EMAIL" | "WEB_PUSH",
            messageKey: effect.messageKey,
            marketing: effect.marketing,
            message: {
              title: effect.title,
              body: effect.body,
              cta: effect.cta,
              content: effect.content,
              variant: effect.variant,
            },
            statusHistory: [
              { status: "PENDING", at: deps.now().toISOString() },
            ],
            idempotencyKey: `${run.id}:${effect.stepId}`,
          },
        });
        // Popups and chat messages wait for the storefront; email and push go from the worker.
        if (effect.channel === "email" || effect.channel === "web_push")
          toSend.push(delivery.id);
      }
    }, TX_OPTIONS),
  );
  for (const id of toSend) await enqueueSend(queue, id);
  // A wait due soon is queued now; a later one is the dispatcher's (scheduler.server.ts).
  for (const effect of effects) {
    if (
      effect.type === "schedule" &&
      effect.at.valueOf() <= deps.now().valueOf() + DIRECT_ENQUEUE_MS
    )
      await scheduleDue(queue, run.id, effect.at);
  }
}
