// Pure edits of a scenario's step graph for the visual builder: insert on an edge, delete (a
// branching step keeps one chosen path), move within a linear path, undo/redo, and validation
// mapped to the steps it concerns. Each edit is (definition, address, …) ⇒ definition.
import {
  DEAD_END_MESSAGE,
  deadEnds,
  LOOP_MESSAGE,
  parseNewScenarioDefinition,
  Step as StepSchema,
  StepId,
  type ScenarioDefinition,
  type Step,
  type StepType,
  UNREACHABLE_MESSAGE,
} from "../model";

export type Port =
  "next" | "then" | "else" | "onEvent" | "onTimeout" | `variant:${string}`;

/** Where a "+" sits: before the first step, or on one outgoing pointer of a step. */
export type Edge = { from: "start" } | { from: string; port: Port };

export interface EdgeWithTarget {
  edge: Edge;
  /** The step the edge leads to; null ends the scenario. */
  target: string | null;
}

export type EditResult =
  { ok: true; definition: ScenarioDefinition } | { ok: false; reason: string };

const MAX_STEPS = 50;
const LINEAR = new Set<StepType>(["wait", "wait_for_hours", "send"]);
const isLinear = (step: Step) => LINEAR.has(step.type);

/** A step's outgoing ports, empty ones included. */
export function portsOf(step: Step): Port[] {
  switch (step.type) {
    case "wait_until":
      return ["onEvent", "onTimeout"];
    case "branch":
      return ["then", "else"];
    case "split":
      return step.variants.map((v) => `variant:${v.key}` as const);
    default:
      return ["next"];
  }
}

export function targetOf(step: Step, port: Port): string | undefined {
  switch (step.type) {
    case "wait_until":
      return port === "onEvent"
        ? step.onEvent
        : port === "onTimeout"
          ? step.onTimeout
          : undefined;
    case "branch":
      return port === "then"
        ? step.then
        : port === "else"
          ? step.else
          : undefined;
    case "split":
      return step.variants.find((v) => `variant:${v.key}` === port)?.next;
    default:
      return port === "next" ? step.next : undefined;
  }
}

function withTarget(step: Step, port: Port, target: string | undefined): Step {
  if (step.type === "split")
    return {
      ...step,
      variants: step.variants.map((v) =>
        `variant:${v.key}` === port ? { ...v, next: target } : v,
      ),
    };
  // An empty path is no key at all, as a stored definition writes it.
  const { [port as "next"]: _old, ...rest } = step as Step & { next?: string };
  return (target === undefined ? rest : { ...rest, [port]: target }) as Step;
}

/** Every pointer in the definition aimed at `from` now aims at `to` (start included). */
function redirect(
  definition: ScenarioDefinition,
  from: string,
  to: string | undefined,
  except?: string,
): { start: string | undefined; steps: Step[] } {
  return {
    start: definition.start === from ? to : definition.start,
    steps: definition.steps.map((step) =>
      step.id === except
        ? step
        : portsOf(step).reduce(
            (s, port) =>
              targetOf(s, port) === from ? withTarget(s, port, to) : s,
            step,
          ),
    ),
  };
}

export function edgesOf(definition: ScenarioDefinition): EdgeWithTarget[] {
  return [
    { edge: { from: "start" }, target: definition.start },
    ...definition.steps.flatMap((step) =>
      portsOf(step).map((port) => ({
        edge: { from: step.id, port },
        target: targetOf(step, port) ?? null,
      })),
    ),
  ];
}

const sourceOf = (definition: ScenarioDefinition, edge: Edge) =>
  "port" in edge ? definition.steps.find((s) => s.id === edge.from) : undefined;

/** Puts `step` on `edge`: every outgoing path of the new step leads to the edge's old target. */
export function insertStep(
  definition: ScenarioDefinition,
  edge: Edge,
  step: Step,
): EditResult {
  if (definition.steps.some((s) => s.id === step.id))
    return { ok: false, reason: `step id "${step.id}" is already used` };
  if (definition.steps.length >= MAX_STEPS)
    return { ok: false, reason: `a scenario has at most ${MAX_STEPS} steps` };
  const source = sourceOf(definition, edge);
  if ("port" in edge && (!source || !portsOf(source).includes(edge.port)))
    return { ok: false, reason: "no such edge" };
  const oldTarget = source
    ? targetOf(source, (edge as { port: Port }).port)
    : definition.start;
  const inserted = portsOf(step).reduce(
    (s, port) => withTarget(s, port, oldTarget),
    step,
  );
  const steps = definition.steps.map((s) =>
    s === source ? withTarget(s, (edge as { port: Port }).port, step.id) : s,
  );
  // Placed after its source in the list, so the stored order reads roughly as the graph does.
  const at = source ? definition.steps.indexOf(source) + 1 : 0;
  steps.splice(at, 0, inserted);
  return {
    ok: true,
    definition: {
      ...definition,
      start: source ? definition.start : step.id,
      steps,
    },
  };
}

/**
 * Points one way of a step at another step, or ends it (`null`). Steps no longer reached stay, marked
 * unreachable, for the merchant to point a way at or delete; a way that would make a loop is refused.
 */
export function setTarget(
  definition: ScenarioDefinition,
  edge: { from: string; port: Port },
  target: string | null,
): EditResult {
  const source = definition.steps.find((s) => s.id === edge.from);
  if (!source || !portsOf(source).includes(edge.port))
    return { ok: false, reason: "no such edge" };
  if (target !== null && !definition.steps.some((s) => s.id === target))
    return { ok: false, reason: `no step has the id "${target}"` };
  const steps = definition.steps.map((s) =>
    s === source ? withTarget(s, edge.port, target ?? undefined) : s,
  );
  if (target !== null && reachable(target, pointersOf(steps)).has(edge.from))
    return { ok: false, reason: "that way would lead back to this step" };
  return { ok: true, definition: { ...definition, steps } };
}

/** The steps a way of `from` can point at without making a loop. */
export function targetsFor(
  definition: ScenarioDefinition,
  from: string,
): Step[] {
  const pointers = pointersOf(definition.steps);
  return definition.steps.filter(
    (s) => s.id !== from && !reachable(s.id, pointers).has(from),
  );
}

/** The first free id of the form `<type>-<n>`. */
function freshId(definition: ScenarioDefinition, type: StepType): string {
  const used = new Set(definition.steps.map((s) => s.id));
  const base = type.replace(/_/g, "-");
  let n = 1;
  while (used.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A new step of `type` with valid defaults and an id (and message key) unused in `definition`. */
export function newStep(type: StepType, definition: ScenarioDefinition): Step {
  const id = freshId(definition, type);
  switch (type) {
    case "wait":
      return { id, type, duration: { amount: 1, unit: "hours" } };
    case "wait_for_hours":
      return { id, type, from: 9, to: 21 };
    case "wait_until":
      return {
        id,
        type,
        event: "order_placed",
        timeout: { amount: 1, unit: "days" },
      };
    case "branch":
      return { id, type, condition: { type: "email_known", is: true } };
    case "split":
      return {
        id,
        type,
        variants: [
          { key: "a", weight: 50 },
          { key: "b", weight: 50 },
        ],
        holdoutPercent: 0,
      };
    case "send": {
      const keys = new Set(
        definition.steps.flatMap((s) =>
          s.type === "send" ? [s.message.key] : [],
        ),
      );
      let key = id;
      for (let n = 2; keys.has(key); n++) key = `${id}.${n}`;
      return {
        id,
        type,
        channels: ["email"],
        // Placeholder copy the merchant replaces; the message must have a text to be valid.
        message: {
          key,
          title: { en: "New message", ru: "Новое сообщение" },
          body: {
            en: "Write your message here.",
            ru: "Напишите здесь ваше сообщение.",
          },
          content: "none",
          fallbacks: {},
        },
        marketing: true,
        oncePerContact: true,
      };
    }
  }
}

/** The ids reachable from `start` along any pointer. */
function reachable(
  start: string | undefined,
  pointers: Map<string, string[]>,
): Set<string> {
  const seen = new Set<string>();
  const stack = start === undefined ? [] : [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || !pointers.has(id)) continue;
    seen.add(id);
    stack.push(...pointers.get(id)!);
  }
  return seen;
}

const pointersOf = (steps: Step[]) =>
  new Map(
    steps.map((s) => [s.id, portsOf(s).flatMap((p) => targetOf(s, p) ?? [])]),
  );

/** Whether deleting the step needs the path to keep (`deleteStep`'s `keep`): any branching step. */
export const needsPathChoice = (step: Step): boolean => !isLinear(step);

/**
 * Removes a step; its predecessors lead to its next step. A branching step needs `keep`, the path
 * that survives: steps that were reachable only through the other paths go with it.
 */
export function deleteStep(
  definition: ScenarioDefinition,
  stepId: string,
  keep?: Port,
): EditResult {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) return { ok: false, reason: `no step has the id "${stepId}"` };
  const port = isLinear(step) ? "next" : keep;
  if (!port) return { ok: false, reason: "choose which path to keep" };
  if (!portsOf(step).includes(port))
    return { ok: false, reason: `the step has no path "${port}"` };
  const kept = targetOf(step, port);
  const successor = kept === stepId ? undefined : kept;
  const rewired = redirect(definition, stepId, successor);
  if (rewired.start === undefined)
    return { ok: false, reason: "the scenario would have no step left" };
  const before = reachable(definition.start, pointersOf(definition.steps));
  const remaining = rewired.steps.filter((s) => s.id !== stepId);
  const after = reachable(rewired.start, pointersOf(remaining));
  // Steps that were already unreachable stay: a draft may hold them on purpose.
  const steps = remaining.filter((s) => after.has(s.id) || !before.has(s.id));
  return {
    ok: true,
    definition: { ...definition, start: rewired.start, steps },
  };
}

/**
 * Swaps a single-next step with the one before (up) or after (down) it on the same linear path.
 * Both must be single-next steps and the lower one must be reached only from the upper one.
 */
export function moveStep(
  definition: ScenarioDefinition,
  stepId: string,
  direction: "up" | "down",
): EditResult {
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  const step = byId.get(stepId);
  if (!step) return { ok: false, reason: `no step has the id "${stepId}"` };
  if (!isLinear(step))
    return {
      ok: false,
      reason: "only a step with a single next step can move",
    };
  const incoming = (id: string) => [
    ...(definition.start === id ? ["start"] : []),
    ...definition.steps.flatMap((s) =>
      portsOf(s).some((p) => targetOf(s, p) === id) ? [s.id] : [],
    ),
  ];
  let upper: Step | undefined;
  let lower: Step | undefined;
  if (direction === "up") {
    const from = incoming(stepId);
    if (from.length !== 1)
      return {
        ok: false,
        reason: from.length
          ? "the step is where paths join"
          : "the step is never reached",
      };
    upper = byId.get(from[0]);
    lower = step;
    if (!upper || !isLinear(upper))
      return { ok: false, reason: "the step is already first on its path" };
  } else {
    lower = byId.get(nextOf(step) ?? "");
    upper = step;
    if (!lower || !isLinear(lower))
      return { ok: false, reason: "the step is already last on its path" };
    if (incoming(lower.id).length !== 1)
      return { ok: false, reason: "the next step is where paths join" };
  }
  const after = nextOf(lower);
  if (after === upper.id)
    return { ok: false, reason: "the steps loop into each other" };
  // upper → lower → after becomes lower → upper → after; whatever led to upper leads to lower.
  const rewired = redirect(definition, upper.id, lower.id, lower.id);
  const upperId = upper.id;
  const lowerId = lower.id;
  const steps = rewired.steps.map((s) =>
    s.id === upperId
      ? withTarget(s, "next", after)
      : s.id === lowerId
        ? withTarget(s, "next", upperId)
        : s,
  );
  const i = steps.findIndex((s) => s.id === upperId);
  const j = steps.findIndex((s) => s.id === lowerId);
  [steps[i], steps[j]] = [steps[j], steps[i]];
  return {
    ok: true,
    definition: { ...definition, start: rewired.start!, steps },
  };
}

const nextOf = (step: Step) => targetOf(step, "next");

// ---- Undo / redo: snapshots of whole definitions, bounded.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  limit: number;
}

export function history<T>(initial: T, limit = 100): History<T> {
  return { past: [], present: initial, future: [], limit };
}

/** A new present; what could be redone is dropped, the oldest past beyond the limit too. */
export function push<T>(h: History<T>, next: T): History<T> {
  if (next === h.present) return h;
  return {
    ...h,
    past: [...h.past, h.present].slice(-h.limit),
    present: next,
    future: [],
  };
}

/** The present changed in place (typing that goes on): undone together with the edit before it. */
export function replace<T>(h: History<T>, next: T): History<T> {
  return { ...h, present: next, future: [] };
}

export const canUndo = <T>(h: History<T>) => h.past.length > 0;
export const canRedo = <T>(h: History<T>) => h.future.length > 0;

export function undo<T>(h: History<T>): History<T> {
  if (!canUndo(h)) return h;
  return {
    ...h,
    past: h.past.slice(0, -1),
    present: h.past[h.past.length - 1],
    future: [h.present, ...h.future],
  };
}

export function redo<T>(h: History<T>): History<T> {
  if (!canRedo(h)) return h;
  return {
    ...h,
    past: [...h.past, h.present],
    present: h.future[0],
    future: h.future.slice(1),
  };
}

// ---- Validation mapped to steps.

export interface Issue {
  code: string;
  /** The field within the step (e.g. "message.body.en"), or within the definition for general. */
  field?: string;
  message: string;
}

export interface Issues {
  byStep: Record<string, Issue[]>;
  general: Issue[];
}

type RawStep = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const STEP_TYPES = new Set<string>(
  StepSchema.options.map((o) => o.shape.type.value),
);

function collector() {
  const issues: Issues = { byStep: {}, general: [] };
  const onStep = (id: string, issue: Issue) =>
    (issues.byStep[id] ??= []).push(issue);
  return { issues, onStep };
}

/**
 * What a draft must be to be saved: an object whose steps each have a valid, unique id and a known
 * type. Everything else may be unfinished until publishing.
 */
export function validateDraft(input: unknown): Issues {
  const { issues, onStep } = collector();
  if (!isObject(input) || !Array.isArray(input.steps)) {
    issues.general.push({
      code: "no_steps",
      field: "steps",
      message: "the scenario has no list of steps",
    });
    return issues;
  }
  const seen = new Set<string>();
  input.steps.forEach((step: unknown, i) => {
    const id = isObject(step) ? step.id : undefined;
    if (!isObject(step) || !StepId.safeParse(id).success) {
      issues.general.push({
        code: "bad_id",
        field: `steps.${i}.id`,
        message:
          "a step id is lowercase letters, digits, - or _, starting with a letter",
      });
      return;
    }
    const stepId = id as string;
    if (seen.has(stepId))
      onStep(stepId, {
        code: "duplicate_id",
        field: "id",
        message: `step id "${stepId}" is used twice`,
      });
    seen.add(stepId);
    if (typeof step.type !== "string" || !STEP_TYPES.has(step.type))
      onStep(stepId, {
        code: "unknown_type",
        field: "type",
        message: `unknown step type "${String(step.type)}"`,
      });
  });
  if (typeof input.start !== "string")
    issues.general.push({
      code: "no_start",
      field: "start",
      message: "the scenario has no first step",
    });
  return issues;
}

/** Every pointer a raw step holds, whatever its type, for graph checks on unparsed input. */
function rawPointers(step: RawStep): string[] {
  const variants = Array.isArray(step.variants) ? step.variants : [];
  return [
    ...["next", "then", "else", "onEvent", "onTimeout"].map((k) => step[k]),
    ...variants.map((v: unknown) => (isObject(v) ? v.next : undefined)),
  ].filter((t): t is string => typeof t === "string");
}

/** The steps on some loop, each with the loop's members (strongly connected components, Tarjan). */
function loops(pointers: Map<string, string[]>): Map<string, string[]> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out = new Map<string, string[]>();
  const visit = (id: string) => {
    index.set(id, index.size);
    low.set(id, index.get(id)!);
    stack.push(id);
    onStack.add(id);
    for (const t of pointers.get(id) ?? []) {
      if (!pointers.has(t)) continue;
      if (!index.has(t)) {
        visit(t);
        low.set(id, Math.min(low.get(id)!, low.get(t)!));
      } else if (onStack.has(t))
        low.set(id, Math.min(low.get(id)!, index.get(t)!));
    }
    if (low.get(id) !== index.get(id)) return;
    const component: string[] = [];
    let top: string;
    do {
      top = stack.pop()!;
      onStack.delete(top);
      component.push(top);
    } while (top !== id);
    component.reverse();
    if (component.length > 1 || pointers.get(id)!.includes(id))
      for (const member of component) out.set(member, component);
  };
  for (const id of pointers.keys()) if (!index.has(id)) visit(id);
  return out;
}

/** The schema's own graph messages, replaced here by per-step issues with codes. */
const isSchemaGraphError = (field: string, message: string) =>
  (field === "steps" && message.startsWith(LOOP_MESSAGE)) ||
  (/^steps\.\d+$/.test(field) &&
    (message.endsWith(UNREACHABLE_MESSAGE) ||
      message.endsWith(DEAD_END_MESSAGE)));

/** What stops a definition from being published, on the steps it concerns where it has one. */
export function validateForPublish(input: unknown): Issues {
  const { issues, onStep } = collector();
  const rawSteps: unknown[] =
    isObject(input) && Array.isArray(input.steps) ? input.steps : [];
  const idAt = (i: number) => {
    const step = rawSteps[i];
    return isObject(step) && typeof step.id === "string" ? step.id : undefined;
  };
  const parsed = parseNewScenarioDefinition(input);
  for (const error of parsed.ok ? [] : parsed.errors) {
    if (isSchemaGraphError(error.field, error.message)) continue;
    const match = /^steps\.(\d+)(?:\.(.*))?$/.exec(error.field);
    const id = match ? idAt(Number(match[1])) : undefined;
    if (match && id !== undefined)
      onStep(id, {
        code: "invalid",
        ...(match[2] ? { field: match[2] } : {}),
        message: error.message,
      });
    else
      issues.general.push({
        code: "invalid",
        field: error.field,
        message: error.message,
      });
  }
  const graph = graphIssues(input);
  for (const [id, list] of Object.entries(graph.byStep))
    for (const issue of list) onStep(id, issue);
  return issues;
}

/**
 * The shape's problems alone, on the steps they concern: steps never reached, loops, and waits,
 * conditions or splits after which nothing is sent (a dangling branch). Cheap enough to run on
 * every edit; unparsed input is fine.
 */
export function graphIssues(input: unknown): Issues {
  const { issues, onStep } = collector();
  const rawSteps: unknown[] =
    isObject(input) && Array.isArray(input.steps) ? input.steps : [];
  const pointers = new Map<string, string[]>();
  const sendIds = new Set<string>();
  for (const step of rawSteps)
    if (
      isObject(step) &&
      typeof step.id === "string" &&
      !pointers.has(step.id)
    ) {
      pointers.set(step.id, rawPointers(step));
      if (step.type === "send") sendIds.add(step.id);
    }
  const start = isObject(input) ? input.start : undefined;
  if (typeof start === "string" && pointers.has(start)) {
    const seen = reachable(start, pointers);
    for (const id of pointers.keys())
      if (!seen.has(id))
        onStep(id, {
          code: "unreachable",
          message: `step "${id}" can never be reached`,
        });
  }
  for (const [id, loop] of loops(pointers))
    onStep(id, {
      code: "loop",
      message: `the step is on a loop of steps: ${loop.join(", ")}`,
    });
  for (const id of deadEnds(pointers, sendIds))
    onStep(id, { code: "dead_end", message: DEAD_END_MESSAGE });
  return issues;
}

/** Whether there is nothing to report. */
export const isClean = (issues: Issues) =>
  issues.general.length === 0 && Object.keys(issues.byStep).length === 0;
