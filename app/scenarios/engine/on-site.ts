// The part of a scenario the browser runs itself: from an on-site trigger, short waits and facts
// the storefront knows, up to the first popup or chat message. Compiled into rules the storefront
// evaluates with no request to the app; everything after (emails, pushes, long waits) stays on
// the server.
import {
  durationMs,
  type Condition,
  type Message,
  type ScenarioDefinition,
  type Step,
  type Trigger,
} from "../model";

/**
 * Storefront activity this recent means on-site messages can still reach the contact; a pending
 * on-site message not shown within it is given up (the runner, the storefront and the simulator).
 */
export const ON_SITE_MS = 30 * 60_000;

/** On-site waits longer than this are server steps. */
export const MAX_ON_SITE_DELAY_MS = 5 * 60_000;

const ON_SITE_TRIGGERS = new Set<Trigger["type"]>([
  "site_visit",
  "page_viewed",
  "exit_intent",
  "product_viewed",
  "added_to_cart",
  "cart_viewed",
  "order_placed",
]);
const BROWSER_FACTS = new Set([
  "email_known",
  "push_subscribed",
  "cart_total_below",
  "cart_total_at_least",
  "visits_at_least",
  "page_type",
  "has_ordered",
]);

export interface OnSiteRule {
  id: string;
  scenarioKey: string;
  trigger: Trigger;
  /** Facts the storefront checks when the trigger fires and again before showing. */
  conditions: Condition[];
  delayMs: number;
  channel: "popup" | "chat";
  messageKey: string;
  content: Message["content"];
  message: Pick<Message, "title" | "body" | "cta" | "fallbacks">;
  /** The step the server continues from once the contact acts (e.g. leaves an email). */
  stepId: string;
}

export function compileOnSiteRules(
  scenarioKey: string,
  definition: ScenarioDefinition,
): OnSiteRule[] {
  if (!ON_SITE_TRIGGERS.has(definition.trigger.type)) return [];
  const steps = new Map(definition.steps.map((s) => [s.id, s]));
  const rules: OnSiteRule[] = [];
  const visit = (
    id: string | undefined,
    delayMs: number,
    conditions: Condition[],
  ) => {
    const step: Step | undefined = id ? steps.get(id) : undefined;
    if (!step) return;
    switch (step.type) {
      case "wait": {
        const total = delayMs + durationMs(step.duration);
        if (total <= MAX_ON_SITE_DELAY_MS) visit(step.next, total, conditions);
        return;
      }
      case "branch":
        if (!browserKnows(step.condition)) return;
        visit(step.then, delayMs, [...conditions, step.condition]);
        {
          const otherwise = negate(step.condition);
          if (otherwise) visit(step.else, delayMs, [...conditions, otherwise]);
        }
        return;
      case "send": {
        const channel = step.channels.find(
          (c): c is "popup" | "chat" => c === "popup" || c === "chat",
        );
        if (!channel || step.channels[0] !== channel) return;
        rules.push({
          id: `${scenarioKey}:${step.id}`,
          scenarioKey,
          trigger: definition.trigger,
          conditions,
          delayMs,
          channel,
          messageKey: step.message.key,
          content: step.message.content,
          message: {
            title: step.message.title,
            body: step.message.body,
            cta: step.message.cta,
            fallbacks: step.message.fallbacks,
          },
          stepId: step.id,
        });
        return;
      }
      default:
        return;
    }
  };
  visit(
    definition.start,
    0,
    definition.entry && browserKnows(definition.entry)
      ? [definition.entry]
      : [],
  );
  return rules;
}

function browserKnows(condition: Condition): boolean {
  if ("all" in condition) return condition.all.every(browserKnows);
  if ("any" in condition) return condition.any.every(browserKnows);
  return BROWSER_FACTS.has(condition.type);
}

/** The opposite condition, or null where the model has no way to say it (that side stays on the server). */
function negate(condition: Condition): Condition | null {
  if ("all" in condition || "any" in condition) {
    const parts = ("all" in condition ? condition.all : condition.any).map(
      negate,
    );
    if (parts.some((p) => p === null)) return null;
    return "all" in condition
      ? { any: parts as Condition[] }
      : { all: parts as Condition[] };
  }
  switch (condition.type) {
    case "cart_total_below":
      return { type: "cart_total_at_least", amount: condition.amount };
    case "cart_total_at_least":
      return { type: "cart_total_below", amount: condition.amount };
    case "visits_at_least":
    case "page_type":
    case "customer_tag":
      return null;
    default:
      return { ...condition, is: !condition.is };
  }
}
