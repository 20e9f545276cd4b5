// What the storefront runtime is given in the page: the shop's on-site rules (compiled from its
// active scenarios) with their copy in the shop's languages. Published as an app-data metafield
// and inlined by the theme embed's Liquid, so the browser decides with no request to the app.
// Pure; kept small, since every page of the shop carries it.
import {
  durationMs,
  type Condition,
  type LocalizedText,
  type Message,
  type ScenarioDefinition,
  type Trigger,
} from "../scenarios/model";
import { compileOnSiteRules } from "../scenarios/engine";
import { safeUrl } from "../security/safe-url";

export const STOREFRONT_CONFIG_VERSION = 1;

export interface RuleText {
  title?: string;
  body: string;
  cta?: { label: string; url: string };
  choices?: string[];
}

export interface StorefrontRule {
  /** "<scenario id>:<step id>": what the runtime reports when it shows the message. */
  id: string;
  trigger: Trigger;
  conditions: Condition[];
  delayMs: number;
  channel: "popup" | "chat";
  content: Message["content"];
  /** Not shown again to the same browser within this time (the scenario's re-entry cooldown). */
  repeatAfterMs: number;
  /** Only for browsers that opened the shop's test link. */
  test: boolean;
  /** The share of browsers that see it (by a hash of the browser id). */
  rollout: number;
  /** Leaving an email (or opening the message) gets a unique discount code. */
  offersCode: boolean;
  /** For "add N more" progress: the cart total that unlocks the discount. */
  threshold?: number;
  /** Copy per language; placeholders such as {{first_name}} are filled in the browser. */
  texts: Record<string, RuleText>;
  /** Per placeholder and language, what stands in for a missing value. */
  fallbacks: Record<string, Record<string, string>>;
}

export interface StorefrontConfig {
  v: typeof STOREFRONT_CONFIG_VERSION;
  languages: string[];
  rules: StorefrontRule[];
}

export interface PublishedScenario {
  id: string;
  definition: ScenarioDefinition;
}

export function buildStorefrontConfig(
  scenarios: PublishedScenario[],
  languages: string[],
): StorefrontConfig {
  const rules = scenarios.flatMap(({ id, definition }) =>
    compileOnSiteRules(id, definition).map((rule): StorefrontRule => {
      const message = definition.steps.find((s) => s.id === rule.stepId);
      const full = message?.type === "send" ? message.message : undefined;
      const threshold = rule.conditions
        .flatMap(flatten)
        .find((c) => "type" in c && c.type === "cart_total_below");
      return {
        id: rule.id,
        trigger: rule.trigger,
        conditions: rule.conditions,
        delayMs: rule.delayMs,
        channel: rule.channel,
        content: rule.content,
        repeatAfterMs: durationMs(definition.reentryCooldown),
        test: definition.testMode,
        rollout: definition.rolloutPercent,
        offersCode: Boolean(full?.discount),
        ...(threshold &&
        "type" in threshold &&
        threshold.type === "cart_total_below"
          ? { threshold: threshold.amount }
          : {}),
        texts: Object.fromEntries(
          languages.map((language) => [
            language,
            textsIn(rule.message, full?.choices, language),
          ]),
        ),
        fallbacks: Object.fromEntries(
          Object.entries(rule.message.fallbacks).map(([name, value]) => [
            name,
            Object.fromEntries(
              languages.map((language) => [
                language,
                typeof value === "string" ? value : pick(value, language),
              ]),
            ),
          ]),
        ),
      };
    }),
  );
  return { v: STOREFRONT_CONFIG_VERSION, languages, rules };
}

const pick = (text: LocalizedText, language: string) =>
  text[language] ?? text.en;

function textsIn(
  message: Pick<Message, "title" | "body" | "cta">,
  choices: LocalizedText[] | undefined,
  language: string,
): RuleText {
  return {
    ...(message.title ? { title: pick(message.title, language) } : {}),
    body: pick(message.body, language),
    // A button whose link breaks the link rule (a version stored before it was checked) is left out.
    ...(message.cta && safeUrl(message.cta.url)
      ? {
          cta: {
            label: pick(message.cta.label, language),
            url: message.cta.url,
          },
        }
      : {}),
    ...(choices?.length
      ? { choices: choices.map((c) => pick(c, language)) }
      : {}),
  };
}

function flatten(condition: Condition): Condition[] {
  if ("all" in condition) return condition.all.flatMap(flatten);
  if ("any" in condition) return condition.any.flatMap(flatten);
  return [condition];
}

/** The rule a storefront request names, if the config still has it. */
export function ruleById(
  config: StorefrontConfig,
  id: string,
): StorefrontRule | undefined {
  return config.rules.find((r) => r.id === id);
}
