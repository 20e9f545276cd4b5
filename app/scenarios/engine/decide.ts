// The engine: given a run's state and an input (an event, or "due"), decide the next state and
// the effects to carry out. Pure: time, randomness and the contact's facts come in `ctx`.
import type { Channel, ScenarioDefinition, Step } from "../model";
import { durationMs, isLinkPlaceholder } from "../model";
import { safeUrl } from "../../security/safe-url";
import { holds } from "./conditions";
import { addLocalDays, localParts, zonedInstant } from "./local-time";
import { personalize } from "./personalize";
import { nextAllowedSend } from "./policies";
import type {
  DecideContext,
  Decision,
  Effect,
  EngineInput,
  RunState,
} from "./types";

/** Steps run back to back within one decision before a wait; guards against a runaway definition. */
const MAX_STEPS_PER_DECISION = 100;
const REMEMBERED_EVENTS = 200;

export function initialState(now: Date): RunState {
  return {
    status: "active",
    stepId: null,
    startedAt: now.toISOString(),
    dueAt: null,
    variant: null,
    processedEventIds: [],
    reason: null,
  };
}

/**
 * `start` begins at the definition's first step, or at `from`: the step after an on-site message
 * the storefront already showed (the browser ran the scenario's head itself).
 */
export function decide(
  definition: ScenarioDefinition,
  state: RunState,
  input: { kind: "start"; from?: string } | EngineInput,
  ctx: DecideContext,
): Decision {
  if (
    state.status === "completed" ||
    state.status === "exited" ||
    state.status === "failed"
  )
    return { state, effects: [] };
  const effects: Effect[] = [];
  let run: RunState = { ...state };

  if (input.kind === "event") {
    if (run.processedEventIds.includes(input.eventId))
      return { state, effects: [] };
    run.processedEventIds = [...run.processedEventIds, input.eventId].slice(
      -REMEMBERED_EVENTS,
    );
    if (input.event === "unsubscribed")
      return finish(run, effects, "exited", "unsubscribed");
    if (definition.goal.events.includes(input.event))
      return finish(run, effects, "exited", "goal_reached");
    const waiting = run.stepId ? stepById(definition, run.stepId) : undefined;
    if (waiting?.type !== "wait_until" || waiting.event !== input.event) {
      const awaited = definition.steps.some(
        (s) => s.type === "wait_until" && s.event === input.event,
      );
      if (awaited && !run.early?.includes(input.event))
        run.early = [...(run.early ?? []), input.event];
      return { state: run, effects };
    }
    run = {
      ...run,
      status: "active",
      dueAt: null,
      stepId: waiting.onEvent ?? null,
    };
    if (!run.stepId) return finish(run, effects, "completed", null);
  } else if (input.kind === "due") {
    if (run.status !== "waiting" || !run.dueAt || new Date(run.dueAt) > ctx.now)
      return { state, effects: [] };
    const waiting = stepById(definition, run.stepId!);
    run = { ...run, status: "active", dueAt: null };
    // A finished wait moves on; a deferred send (budget, quiet hours) runs again where it was.
    if (
      waiting &&
      waiting.type !== "send" &&
      waiting.type !== "wait_for_hours"
    ) {
      const next =
        waiting.type === "wait_until"
          ? waiting.onTimeout
          : "next" in waiting
            ? waiting.next
            : undefined;
      run.stepId = next ?? null;
      if (!run.stepId) return finish(run, effects, "completed", null);
    }
  } else {
    run.stepId = input.from ?? definition.start;
  }

  for (let i = 0; i < MAX_STEPS_PER_DECISION; i++) {
    const step = stepById(definition, run.stepId!);
    if (!step)
      return fail(
        run,
        effects,
        run.stepId ?? "?",
        `step "${run.stepId}" does not exist in this version`,
      );
    const outcome = runStep(definition, step, run, ctx, effects);
    if (outcome.kind === "wait") {
      effects.push({
        type: "schedule",
        stepId: step.id,
        at: outcome.at,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      });
      return {
        state: {
          ...run,
          status: "waiting",
          stepId: step.id,
          dueAt: outcome.at.toISOString(),
        },
        effects,
      };
    }
    if (outcome.kind === "stop") return outcome.decision;
    if (!outcome.next) return finish(run, effects, "completed", null);
    run.stepId = outcome.next;
  }
  return fail(
    run,
    effects,
    run.stepId ?? "?",
    "too many steps in one decision",
  );
}

type Outcome =
  | { kind: "next"; next: string | undefined }
  | { kind: "wait"; at: Date; reason?: string }
  | { kind: "stop"; decision: Decision };

function runStep(
  definition: ScenarioDefinition,
  step: Step,
  run: RunState,
  ctx: DecideContext,
  effects: Effect[],
): Outcome {
  const startedAt = new Date(run.startedAt);
  switch (step.type) {
    case "wait":
      return {
        kind: "wait",
        at: new Date(ctx.now.valueOf() + durationMs(step.duration)),
      };
    case "wait_until":
      if (run.early?.includes(step.event)) {
        run.early = run.early.filter((e) => e !== step.event);
        return { kind: "next", next: step.onEvent };
      }
      return {
        kind: "wait",
        at: new Date(ctx.now.valueOf() + durationMs(step.timeout)),
      };
    case "wait_for_hours": {
      const at = nextLocalHourWindow(ctx.now, zoneOf(ctx), step.from, step.to);
      return at.valueOf() === ctx.now.valueOf()
        ? { kind: "next", next: step.next }
        : { kind: "wait", at };
    }
    case "branch":
      return {
        kind: "next",
        next: holds(step.condition, ctx.contact, startedAt)
          ? step.then
          : step.else,
      };
    case "split": {
      const roll = ctx.random() * 100;
      if (roll < step.holdoutPercent) {
        run.variant = "holdout";
        return {
          kind: "stop",
          decision: finish(run, effects, "exited", "holdout"),
        };
      }
      const scaled =
        ((roll - step.holdoutPercent) / (100 - step.holdoutPercent)) * 100;
      let acc = 0;
      const variant =
        step.variants.find((v) => (acc += v.weight) > scaled) ??
        step.variants[step.variants.length - 1];
      run.variant = variant.key;
      return { kind: "next", next: variant.next };
    }
    case "send":
      return send(definition, step, run, ctx, effects, startedAt);
  }
}

function send(
  definition: ScenarioDefinition,
  step: Extract<Step, { type: "send" }>,
  run: RunState,
  ctx: DecideContext,
  effects: Effect[],
  startedAt: Date,
): Outcome {
  const { contact } = ctx;
  // Goal re-check: an order since the trigger ends an order-goal scenario before any message.
  if (
    definition.goal.events.includes("order_placed") &&
    contact.lastOrderAt &&
    contact.lastOrderAt > startedAt
  ) {
    return {
      kind: "stop",
      decision: finish(run, effects, "exited", "goal_reached"),
    };
  }
  if (
    step.oncePerContact &&
    contact.receivedMessageKeys.includes(step.message.key)
  ) {
    effects.push({
      type: "skip",
      stepId: step.id,
      reason: "already received this message",
    });
    return { kind: "next", next: step.next };
  }
  const channel = step.channels.find((c) => reachable(c, ctx, step.marketing));
  if (!channel) {
    effects.push({
      type: "skip",
      stepId: step.id,
      reason: `no channel can reach the contact (${step.channels.join(", ")})`,
    });
    return { kind: "next", next: step.next };
  }
  if (step.marketing) {
    const offSite = channel === "email" || channel === "web_push";
    const at = nextAllowedSend({
      now: ctx.now,
      timeZone: zoneOf(ctx),
      quiet: offSite ? ctx.shop.quietHours : { start: 0, end: 0 },
      dailyCap: ctx.shop.dailyCap,
      sentAt: contact.marketingSentAt,
    });
    if (at > ctx.now)
      return {
        kind: "wait",
        at,
        reason: offSite ? "quiet hours or daily budget" : "daily budget",
      };
  }
  const text = (copy: Record<string, string> | undefined) =>
    copy ? (copy[ctx.language] ?? copy.en) : undefined;
  const fallbacks = Object.fromEntries(
    Object.entries(step.message.fallbacks).map(([name, f]) => [
      name,
      typeof f === "string" ? f : (f[ctx.language] ?? f.en),
    ]),
  );
  // A message with a discount carries the contact's own code: the channel that shows it issues the
  // code (or gives the one already issued), so the placeholder stays for it to fill.
  const values = step.message.discount
    ? { code: "{{code}}", ...contact.values }
    : contact.values;
  const rendered = [
    text(step.message.body),
    text(step.message.title),
    text(step.message.cta?.label),
  ].map((t) => (t === undefined ? null : personalize(t, values, fallbacks)));
  const missing = rendered.flatMap((r) => (r && !r.ok ? r.missing : []));
  if (missing.length) {
    return {
      kind: "stop",
      decision: fail(
        run,
        effects,
        step.id,
        `no value and no fallback for ${[...new Set(missing)].join(", ")}`,
      ),
    };
  }
  const value = (i: number) =>
    rendered[i] && rendered[i]!.ok
      ? (rendered[i] as { text: string }).text
      : null;
  effects.push({
    type: "send",
    stepId: step.id,
    channel,
    messageKey: step.message.key,
    marketing: step.marketing,
    content: step.message.content,
    title: value(1),
    body: value(0)!,
    cta:
      step.message.cta && value(2) !== null
        ? {
            label: value(2)!,
            url: linkOf(step.message.cta.url, values, fallbacks),
          }
        : null,
    variant: run.variant,
  });
  return { kind: "next", next: step.next };
}

/**
 * A button's link. A placeholder link takes the contact's value if it is a safe link, else its
 * fallback, else the shop's home page; {{product_url}} stays for the delivery to fill (the product's
 * page is read from Shopify when the message goes).
 */
function linkOf(
  url: string,
  values: Record<string, string | null>,
  fallbacks: Record<string, string>,
): string {
  if (!isLinkPlaceholder(url)) return url;
  const name = url.replace(/[{}\s]/g, "");
  if (name === "product_url") return "{{product_url}}";
  return safeUrl(values[name]) ?? safeUrl(fallbacks[name]) ?? "/";
}

function reachable(
  channel: Channel,
  ctx: DecideContext,
  marketing: boolean,
): boolean {
  switch (channel) {
    case "popup":
    case "chat":
      return ctx.contact.onSite;
    case "web_push":
      return ctx.contact.pushSubscribed;
    case "email":
      return (
        Boolean(ctx.contact.email) && (!marketing || ctx.contact.emailConsent)
      );
  }
}

function nextLocalHourWindow(
  now: Date,
  timeZone: string,
  from: number,
  to: number,
): Date {
  const local = localParts(now, timeZone);
  const inside =
    from <= to
      ? local.hour >= from && local.hour < to
      : local.hour >= from || local.hour < to;
  if (inside) return now;
  const day = local.hour < from ? local : addLocalDays(local, 1);
  return zonedInstant(day.year, day.month, day.day, from, timeZone);
}

const zoneOf = (ctx: DecideContext) =>
  ctx.contact.timeZone ?? ctx.shop.timeZone;

function stepById(
  definition: ScenarioDefinition,
  id: string,
): Step | undefined {
  return definition.steps.find((s) => s.id === id);
}

function finish(
  run: RunState,
  effects: Effect[],
  status: "completed" | "exited",
  reason: string | null,
): Decision {
  effects.push(
    status === "completed"
      ? { type: "complete" }
      : { type: "exit", reason: reason! },
  );
  return { state: { ...run, status, dueAt: null, reason }, effects };
}

function fail(
  run: RunState,
  effects: Effect[],
  stepId: string,
  reason: string,
): Decision {
  effects.push({ type: "fail", stepId, reason });
  return { state: { ...run, status: "failed", dueAt: null, reason }, effects };
}
