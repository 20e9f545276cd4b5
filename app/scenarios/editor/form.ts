// The scenario page's form: the definition itself as the merchant edits it. A number field keeps
// what was typed when it is not a number, so the server's validation names that very field
// (`steps.2.duration.amount`) instead of the form silently dropping it. Copy left empty in a
// language other than English is dropped (the contact then reads English), never saved as "".
import {
  SCHEMA_VERSION,
  type Channel,
  type ScenarioDefinition,
  type Step,
  type TriggerEvent,
} from "../model";

/** The definition being edited: a number field may hold the text typed until the server refuses it. */
export type EditorForm = ScenarioDefinition;

type Json = unknown;
type Container = Record<string, Json> | Json[];

export function toForm(definition: ScenarioDefinition): EditorForm {
  return structuredClone(definition);
}

/**
 * What the form submits: empty optional copy dropped, everything else as edited, in the schema
 * version the app writes (a version saved by another app version is saved again as this one's).
 */
export function fromForm(form: EditorForm): unknown {
  const out = {
    ...structuredClone(form),
    schemaVersion: SCHEMA_VERSION,
  } as unknown as {
    trigger?: Record<string, unknown>;
    steps: Array<Record<string, unknown>>;
  };
  // A trigger's optional numbers left empty mean "none".
  for (const key of ["minVisits", "pastPerDay"])
    if (out.trigger && String(out.trigger[key] ?? "").trim() === "")
      delete out.trigger[key];
  for (const step of Array.isArray(out.steps) ? out.steps : []) {
    if (
      step.type !== "send" ||
      typeof step.message !== "object" ||
      step.message === null
    )
      continue;
    const message = step.message as Record<string, unknown>;
    message.body = withoutEmpty(message.body, true);
    const title = withoutEmpty(message.title, false);
    if (title) message.title = title;
    else delete message.title;
    const cta = message.cta as { label?: unknown; url?: string } | undefined;
    if (cta) {
      const label = withoutEmpty(cta.label, false);
      if (!label && !cta.url?.trim()) delete message.cta;
      else message.cta = { ...cta, label: label ?? { en: "" } };
    }
  }
  return out;
}

/** Text per language without the empty ones; English stays (even empty: it is required) when `keepEn`. */
function withoutEmpty(
  text: unknown,
  keepEn: boolean,
): Record<string, string> | undefined {
  if (typeof text !== "object" || text === null)
    return keepEn ? { en: "" } : undefined;
  const kept = Object.fromEntries(
    Object.entries(text as Record<string, string>).filter(
      ([lang, t]) => t.trim() !== "" || (keepEn && lang === "en"),
    ),
  );
  return Object.keys(kept).length ? kept : undefined;
}

const segments = (path: string) =>
  path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));

export function getAt(form: EditorForm, path: string): Json {
  let node: Json = form;
  for (const key of segments(path)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node;
}

/** A copy of the form with one field set (objects on the way made as needed). */
export function setAt(form: EditorForm, path: string, value: Json): EditorForm {
  const next = structuredClone(form);
  const keys = segments(path);
  let node = next as unknown as Container;
  keys.slice(0, -1).forEach((key, i) => {
    const child = (node as Record<string | number, Json>)[key];
    if (typeof child !== "object" || child === null)
      (node as Record<string | number, Json>)[key] =
        typeof keys[i + 1] === "number" ? [] : {};
    node = (node as Record<string | number, Json>)[key] as Container;
  });
  const last = keys[keys.length - 1]!;
  if (value === undefined && !Array.isArray(node))
    delete (node as Record<string, Json>)[last as string];
  else (node as Record<string | number, Json>)[last] = value;
  return next;
}

/** A number field: the number typed, or the text as typed for the server to refuse on that field. */
export function setNumber(
  form: EditorForm,
  path: string,
  typed: string,
): EditorForm {
  const trimmed = typed.trim();
  return setAt(
    form,
    path,
    /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : typed,
  );
}

/** A send step's channel cascade: first reachable channel sends. */
export function moveChannel(
  form: EditorForm,
  stepIndex: number,
  from: number,
  to: number,
): EditorForm {
  const channels = [...sendAt(form, stepIndex).channels];
  if (to < 0 || to >= channels.length) return form;
  const [moved] = channels.splice(from, 1);
  channels.splice(to, 0, moved!);
  return setAt(form, `steps.${stepIndex}.channels`, channels);
}

export function addChannel(
  form: EditorForm,
  stepIndex: number,
  channel: Channel,
): EditorForm {
  const channels = sendAt(form, stepIndex).channels;
  return channels.includes(channel)
    ? form
    : setAt(form, `steps.${stepIndex}.channels`, [...channels, channel]);
}

/** Removing the last channel is allowed here: the server says a send needs one, on that field. */
export function removeChannel(
  form: EditorForm,
  stepIndex: number,
  channel: Channel,
): EditorForm {
  return setAt(
    form,
    `steps.${stepIndex}.channels`,
    sendAt(form, stepIndex).channels.filter((c) => c !== channel),
  );
}

export function toggleGoalEvent(
  form: EditorForm,
  event: TriggerEvent,
  on: boolean,
): EditorForm {
  const events = form.goal.events.filter((e) => e !== event);
  return setAt(form, "goal.events", on ? [...events, event] : events);
}

function sendAt(
  form: EditorForm,
  stepIndex: number,
): Extract<Step, { type: "send" }> {
  const step = form.steps[stepIndex];
  if (step?.type !== "send")
    throw new RangeError(`step ${stepIndex} is not a send step`);
  return step;
}

/** Errors by field path, and the step each belongs to (to open the step that needs fixing). */
export function errorsByField(
  errors: { field: string; message: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= e.message;
  return out;
}

export function stepIndexOfField(field: string): number | null {
  const match = /^steps\.(\d+)(\.|$)/.exec(field);
  return match ? Number(match[1]) : null;
}
