// The pre-launch simulation: a scenario run over a shop's stored history as the runner would have
// run it, with a virtual clock that moves to each event and to each due wait. Nothing is sent or
// written: decisions are only counted. Contacts are independent for one scenario, so each is
// replayed whole, one after the other, and the caller can hand them over in pages.
import { engineSignals } from "../../events/engine-inputs";
import {
  admit,
  decide,
  initialState,
  seededRandom,
  triggerMatches,
  type EngineInput,
  type RunState,
} from "../engine";
import type { PageType, Trigger } from "../model";
import { ContactFacts } from "./facts";
import { placeholderUse, walk, walkStart } from "./path";
import {
  SKIP_REASONS,
  type HistoryContact,
  type SimulationReport,
  type SimulationResult,
  type SimulationSetup,
  type SkipReason,
  type StepReach,
} from "./types";

/** Triggers no stored event stands for: the browser decides them, or a schedule would. */
const UNRECORDED: ReadonlySet<Trigger["type"]> = new Set([
  "exit_intent",
  "no_visit",
  "no_order",
  "date",
  "segment_entered",
  "article_published",
]);

export function triggerRecorded(trigger: Trigger): boolean {
  return !UNRECORDED.has(trigger.type);
}

function skipReason(reason: string): SkipReason {
  if (reason.startsWith("test mode")) return "test_mode";
  if (reason.includes("rollout")) return "rollout";
  if (reason === "re-entry cooldown") return "cooldown";
  if (reason === "already in this scenario") return "already_in";
  return "entry_conditions";
}

/** One contact's marks: every figure of the report counts a contact once. */
class Marks {
  private readonly keys = new Set<string>();
  add(key: string) {
    this.keys.add(key);
  }
  has(key: string) {
    return this.keys.has(key);
  }
  [Symbol.iterator]() {
    return this.keys[Symbol.iterator]();
  }
}

export function createSimulation(setup: SimulationSetup) {
  const { definition, window } = setup;
  const recorded = triggerRecorded(definition.trigger);
  const report: SimulationReport = {
    window: {
      start: window.start.toISOString(),
      end: window.end.toISOString(),
    },
    triggerRecorded: recorded,
    contacts: 0,
    events: 0,
    unprocessedEvents: 0,
    entries: 0,
    entered: 0,
    skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<
      SkipReason,
      number
    >,
    steps: Object.fromEntries(
      definition.steps.map((s) => [
        s.id,
        {
          reached: 0,
          sent: {},
          noChannel: 0,
          alreadyReceived: 0,
          failed: 0,
          waiting: 0,
        } satisfies StepReach,
      ]),
    ),
    outcomes: {
      goal: 0,
      completed: 0,
      holdout: 0,
      failed: 0,
      unsubscribed: 0,
      waiting: 0,
    },
    variants: {},
    placeholders: {},
  };
  const entrants: string[] = [];
  // Counted per message, not per contact: each message that would go with (or fail for) a placeholder.
  const placeholder = (name: string) =>
    (report.placeholders[name] ??= { fallback: 0, missing: 0 });
  const recipients: string[] = [];

  function add(contact: HistoryContact): void {
    const events = contact.events.filter(
      (e) => e.at >= window.start && e.at <= window.end,
    );
    report.contacts++;
    report.events += events.length;
    if (!recorded) return;
    const facts = new ContactFacts({ ...contact, events }, setup);
    const simulated = { keys: [] as string[], marketingAt: [] as Date[] };
    const marks = new Marks();
    let run: { state: RunState; random: () => number } | null = null;
    let lastStartedAt: Date | null = null;

    const feed = (
      input: { kind: "start" } | EngineInput,
      now: Date,
      pageType?: PageType,
    ) => {
      if (!run) return;
      const ctx = {
        now,
        contact: facts.snapshot(now, pageType, simulated),
        shop: setup.shop,
        language: facts.language,
      };
      const from = walkStart(definition, run.state, input, now);
      const decision = decide(definition, run.state, input, {
        ...ctx,
        random: run.random,
      });
      if (from)
        for (const step of walk(definition, from, decision, ctx))
          marks.add(`reached:${step.id}`);
      for (const effect of decision.effects) {
        const step =
          "stepId" in effect
            ? definition.steps.find((s) => s.id === effect.stepId)
            : undefined;
        if (effect.type === "send") {
          marks.add(`sent:${effect.stepId}:${effect.channel}`);
          simulated.keys.push(effect.messageKey);
          if (effect.marketing) simulated.marketingAt.push(now);
          if (step?.type === "send")
            for (const name of placeholderUse(
              step.message,
              ctx.contact.values,
              ctx.language,
            ).fallback)
              placeholder(name).fallback++;
        } else if (effect.type === "skip") {
          marks.add(
            `${effect.reason === "already received this message" ? "already" : "nochannel"}:${effect.stepId}`,
          );
        } else if (effect.type === "fail") {
          marks.add(`failed:${effect.stepId}`);
          if (step?.type === "send")
            for (const name of placeholderUse(
              step.message,
              ctx.contact.values,
              ctx.language,
            ).missing)
              placeholder(name).missing++;
        }
      }
      run.state = decision.state;
      const { status, reason, variant } = decision.state;
      if (variant && variant !== "holdout") marks.add(`variant:${variant}`);
      if (status === "completed") marks.add("outcome:completed");
      if (status === "failed") marks.add("outcome:failed");
      if (status === "exited")
        marks.add(
          `outcome:${reason === "goal_reached" ? "goal" : reason === "holdout" ? "holdout" : "unsubscribed"}`,
        );
      if (status !== "waiting" && status !== "active") run = null;
    };

    // Waits due by `until` run at their own time, in order.
    const advance = (until: Date) => {
      for (
        let guard = 0;
        run &&
        run.state.status === "waiting" &&
        run.state.dueAt &&
        guard < 1000;
        guard++
      ) {
        const due = new Date(run.state.dueAt);
        if (due > until) return;
        feed({ kind: "due" }, due);
      }
    };

    for (const event of events) {
      advance(event.at);
      facts.apply(event);
      const derived = event.payload.derived;
      if (!derived) {
        report.unprocessedEvents++;
        continue;
      }
      for (const signal of engineSignals(event.payload, derived)) {
        const hadRun = run !== null;
        if (signal.event && run)
          feed(
            {
              kind: "event",
              eventId: `${event.id}:${signal.key}`,
              event: signal.event,
              at: event.at,
            },
            event.at,
            signal.pageType,
          );
        const trigger = signal.trigger;
        if (!trigger || trigger.type !== definition.trigger.type) continue;
        const contactNow = facts.snapshot(event.at, signal.pageType, simulated);
        if (!triggerMatches(definition.trigger, trigger, contactNow)) continue;
        const admission = admit({
          definition,
          scenarioKey: setup.scenarioKey,
          trigger,
          contact: contactNow,
          now: event.at,
          hasActiveRun: hadRun,
          lastStartedAt,
        });
        if (!admission.enter) {
          marks.add(`skipped:${skipReason(admission.reason)}`);
          continue;
        }
        run = {
          state: initialState(event.at),
          random: seededRandom(
            `${setup.scenarioKey}:${contact.id}:${event.id}:${signal.key}`,
          ),
        };
        lastStartedAt = event.at;
        report.entries++;
        marks.add("entered");
        feed({ kind: "start" }, event.at, signal.pageType);
      }
    }
    advance(window.end);
    const stillWaiting = run as { state: RunState } | null;
    if (stillWaiting?.state.stepId) {
      marks.add(`waiting:${stillWaiting.state.stepId}`);
      marks.add("outcome:waiting");
    }
    tally(marks, contact.id);
  }

  function tally(marks: Marks, contactId: string) {
    for (const mark of marks) {
      const [kind, a, b] = mark.split(":");
      const step = report.steps[a];
      switch (kind) {
        case "entered":
          report.entered++;
          entrants.push(contactId);
          break;
        case "reached":
          step.reached++;
          break;
        case "sent":
          step.sent[b as keyof StepReach["sent"]] =
            (step.sent[b as keyof StepReach["sent"]] ?? 0) + 1;
          break;
        case "already":
          step.alreadyReceived++;
          break;
        case "nochannel":
          step.noChannel++;
          break;
        case "failed":
          step.failed++;
          break;
        case "waiting":
          step.waiting++;
          break;
        case "skipped":
          report.skipped[a as SkipReason]++;
          break;
        case "variant":
          report.variants[a] = (report.variants[a] ?? 0) + 1;
          break;
        case "outcome":
          report.outcomes[a as keyof SimulationReport["outcomes"]]++;
          break;
      }
    }
    if ([...marks].some((m) => m.startsWith("sent:")))
      recipients.push(contactId);
  }

  return {
    add,
    result: (): SimulationResult => ({ report, entrants, recipients }),
  };
}
