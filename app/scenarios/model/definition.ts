// A scenario definition: trigger → conditions → steps, with its goal, re-entry cooldown, test mode
// and rollout. Definitions are data (stored as JSON, one row per version); this schema is both
// their validation and their type.
import { z } from "zod";
import { safeUrl, UNSAFE_URL_MESSAGE } from "../../security/safe-url";
import { Condition } from "./conditions";
import { TriggerEvent } from "./events";
import { Duration, StepId } from "./primitives";
import { Step, type Message } from "./steps";
import { Trigger } from "./triggers";

export const SCHEMA_VERSION = 1;

/** The graph checks' words, which the editor (editor/graph.ts) replaces with issues on each step. */
export const LOOP_MESSAGE = "steps loop:";
export const UNREACHABLE_MESSAGE = "can never be reached";
export const DEAD_END_MESSAGE = "nothing is sent after this step";

export const ScenarioDefinition = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    trigger: Trigger,
    entry: Condition.optional().describe(
      "Who may start the scenario when the trigger fires.",
    ),
    start: StepId.describe("The first step."),
    steps: z.array(Step).min(1).max(50),
    goal: z
      .object({ events: z.array(TriggerEvent).default([]) })
      .default({ events: [] })
      .describe(
        "Events that end the scenario for the contact as 'goal reached' (e.g. order_placed).",
      ),
    reentryCooldown: Duration.default({ amount: 1, unit: "days" }).describe(
      "A contact does not start the scenario again within this time.",
    ),
    testMode: z
      .boolean()
      .default(false)
      .describe("Only the shop's test contacts enter."),
    rolloutPercent: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(100)
      .describe("The share of contacts who enter."),
  })
  .superRefine((definition, ctx) => {
    const index = new Map<string, number>();
    definition.steps.forEach((step, i) => {
      if (index.has(step.id))
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "id"],
          message: `step id "${step.id}" is used twice`,
        });
      index.set(step.id, i);
    });
    if (!index.has(definition.start)) {
      ctx.addIssue({
        code: "custom",
        path: ["start"],
        message: `no step has the id "${definition.start}"`,
      });
    }
    definition.steps.forEach((step, i) => {
      for (const [field, target] of nextSteps(step)) {
        if (!index.has(target))
          ctx.addIssue({
            code: "custom",
            path: ["steps", i, ...field],
            message: `no step has the id "${target}"`,
          });
      }
      if (
        step.type === "send" &&
        !step.message.discount &&
        !step.message.fallbacks.code &&
        messageTexts(step.message).some((t) => t.includes("{{code}}"))
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "message", "discount"],
          message: "{{code}} needs the discount its code gives (or a fallback)",
        });
      }
      if (step.type === "send" && !step.oncePerContact && step.marketing)
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "oncePerContact"],
          message:
            "only a transactional message (not marketing) may go to a contact more than once",
        });
      if (step.type === "split") {
        const total = step.variants.reduce((sum, v) => sum + v.weight, 0);
        if (total !== 100)
          ctx.addIssue({
            code: "custom",
            path: ["steps", i, "variants"],
            message: `variant weights add up to ${total}, not 100`,
          });
      }
    });
    const cycle = findCycle(definition.start, definition.steps, index);
    if (cycle)
      ctx.addIssue({
        code: "custom",
        path: ["steps"],
        message: `${LOOP_MESSAGE} ${cycle.join(" → ")}`,
      });
    const reachable = reachableFrom(definition.start, definition.steps, index);
    definition.steps.forEach((step, i) => {
      if (!reachable.has(step.id))
        ctx.addIssue({
          code: "custom",
          path: ["steps", i],
          message: `step "${step.id}" ${UNREACHABLE_MESSAGE}`,
        });
    });
  });

export type ScenarioDefinition = z.infer<typeof ScenarioDefinition>;

/** Every text of a message, in every language. */
function messageTexts(message: Message): string[] {
  return [message.title, message.body, message.cta?.label]
    .flatMap((t) => (t ? Object.values(t) : []))
    .filter((t): t is string => typeof t === "string");
}
export type ScenarioDefinitionInput = z.input<typeof ScenarioDefinition>;

/** The steps a step can lead to, with the field that names each. */
export function nextSteps(step: Step): [Array<string | number>, string][] {
  const out: [Array<string | number>, string][] = [];
  const add = (field: Array<string | number>, target: string | undefined) =>
    target && out.push([field, target]);
  switch (step.type) {
    case "wait":
    case "wait_for_hours":
    case "send":
      add(["next"], step.next);
      break;
    case "wait_until":
      add(["onEvent"], step.onEvent);
      add(["onTimeout"], step.onTimeout);
      break;
    case "branch":
      add(["then"], step.then);
      add(["else"], step.else);
      break;
    case "split":
      step.variants.forEach((v, i) => add(["variants", i, "next"], v.next));
      break;
  }
  return out;
}

function reachableFrom(
  start: string,
  steps: Step[],
  index: Map<string, number>,
): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    const i = index.get(id);
    if (seen.has(id) || i === undefined) continue;
    seen.add(id);
    for (const [, target] of nextSteps(steps[i])) stack.push(target);
  }
  return seen;
}

function findCycle(
  start: string,
  steps: Step[],
  index: Map<string, number>,
): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const i = index.get(id);
    if (i === undefined || state.get(id) === "done") return null;
    if (state.get(id) === "visiting")
      return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const [, target] of nextSteps(steps[i])) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, "done");
    return null;
  };
  return visit(start);
}

export interface DefinitionError {
  /** Dotted path of the field, e.g. "steps.2.next". */
  field: string;
  message: string;
}

export function parseScenarioDefinition(
  input: unknown,
):
  | { ok: true; definition: ScenarioDefinition }
  | { ok: false; errors: DefinitionError[] } {
  const result = ScenarioDefinition.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      field: issue.path.join("."),
      message: issue.message,
    })),
  };
}

/**
 * A definition about to become a new version: parsed, and held to the rules added after versions
 * were first stored. Those rules are not in the schema, so an older version that breaks one still
 * parses and its runs go on; what it breaks is neutralized where it is used (a link: `safeUrl`).
 */
export function parseNewScenarioDefinition(
  input: unknown,
): ReturnType<typeof parseScenarioDefinition> {
  const parsed = parseScenarioDefinition(input);
  const errors = [
    ...(parsed.ok ? deadEndErrors(parsed.definition) : parsed.errors),
    ...linkErrors(input),
  ];
  return errors.length ? { ok: false, errors } : parsed;
}

/**
 * A wait, a condition or a split from which no message can follow: a branch left dangling, whose
 * contacts would wait or be sorted for nothing.
 */
export function deadEndErrors(
  definition: ScenarioDefinition,
): DefinitionError[] {
  const pointers = new Map(
    definition.steps.map((s) => [s.id, nextSteps(s).map(([, t]) => t)]),
  );
  const sends = new Set(
    definition.steps.filter((s) => s.type === "send").map((s) => s.id),
  );
  const ends = new Set(deadEnds(pointers, sends));
  return definition.steps.flatMap((step, i) =>
    ends.has(step.id)
      ? [
          {
            field: `steps.${i}`,
            message: `step "${step.id}": ${DEAD_END_MESSAGE}`,
          },
        ]
      : [],
  );
}

/**
 * The steps, messages aside, from which no message can follow, given where each step leads (the
 * editor's raw graph checks use it too).
 */
export function deadEnds(
  pointers: Map<string, string[]>,
  sends: Set<string>,
): string[] {
  // Walked back from the messages: every step something is sent after (loops included).
  const before = new Map<string, string[]>();
  for (const [id, targets] of pointers)
    for (const t of targets) before.set(t, [...(before.get(t) ?? []), id]);
  const leadsToSend = new Set<string>();
  const stack = [...sends];
  while (stack.length) {
    const id = stack.pop()!;
    for (const p of before.get(id) ?? []) {
      if (leadsToSend.has(p)) continue;
      leadsToSend.add(p);
      stack.push(p);
    }
  }
  return [...pointers.keys()].filter(
    (id) => !sends.has(id) && !leadsToSend.has(id),
  );
}

/** A message's button link must be a web address or a page of the shop (`field`: the message's path). */
export function messageLinkErrors(
  message: unknown,
  field: string,
): DefinitionError[] {
  const cta = (message as { cta?: { url?: unknown } } | null)?.cta;
  if (
    !cta ||
    typeof cta !== "object" ||
    safeUrl(cta.url) ||
    isLinkPlaceholder(cta.url)
  )
    return [];
  return [
    {
      field: `${field}${field ? "." : ""}cta.url`,
      message: UNSAFE_URL_MESSAGE,
    },
  ];
}

/**
 * Links known only when a message goes: the shipment's tracking page, the ordered product's page.
 * The value is held to `safeUrl` where it is filled, and a message without it uses its fallback.
 */
export const LINK_PLACEHOLDERS = ["tracking_url", "product_url"] as const;

export function isLinkPlaceholder(url: unknown): boolean {
  const name = /^\{\{\s*([a-z_]+)\s*\}\}$/.exec(
    typeof url === "string" ? url : "",
  )?.[1];
  return (LINK_PLACEHOLDERS as readonly string[]).includes(name ?? "");
}

function linkErrors(input: unknown): DefinitionError[] {
  const steps = (input as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  return steps.flatMap((step: { message?: unknown } | null, i) =>
    step && typeof step === "object" && "message" in step
      ? messageLinkErrors(step.message, `steps.${i}.message`)
      : [],
  );
}
