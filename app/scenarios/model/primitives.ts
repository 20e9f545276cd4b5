// Small shared pieces of the scenario model. Every schema carries a description: it documents the
// model, and the admin editor shows it.
import { z } from "zod";

export const Channel = z
  .enum(["popup", "chat", "email", "web_push"])
  .describe(
    "Where a message reaches the contact: on the site (popup, chat message) or off it (email, web push).",
  );
export type Channel = z.infer<typeof Channel>;

export const PageType = z.enum([
  "home",
  "product",
  "collection",
  "cart",
  "search",
  "blog",
  "article",
  "checkout",
  "other",
]);
export type PageType = z.infer<typeof PageType>;

export const StepId = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,39}$/,
    "a step id is lowercase letters, digits, - or _, starting with a letter",
  )
  .describe("A step's id, unique within its scenario.");

/** A duration in seconds, written in the unit a merchant thinks in. */
export const Duration = z
  .object({
    amount: z.number().int().min(0).max(10_000),
    unit: z.enum(["seconds", "minutes", "hours", "days", "weeks"]),
  })
  .describe("A length of time, e.g. { amount: 3, unit: 'days' }.");
export type Duration = z.infer<typeof Duration>;

const SECONDS = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86_400,
  weeks: 604_800,
} as const;

export function durationMs(duration: Duration): number {
  return duration.amount * SECONDS[duration.unit] * 1000;
}

/** Copy in each language the shop uses; English is required so a message always has a text. */
export const LocalizedText = z
  .object({ en: z.string().min(1).max(2000) })
  .catchall(z.string().max(2000))
  .describe("Text per language code; `en` is required.");
export type LocalizedText = z.infer<typeof LocalizedText>;
