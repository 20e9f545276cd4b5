// Shorthands for template copy: every text in English and Russian.
import type { Message } from "../model";

export type Copy = { en: string; ru: string };

/** Greets by name, or warmly without one: never "Hello, null". */
export const NAME_FALLBACK = { first_name: { en: "there", ru: "друг" } };

export function message(
  key: string,
  body: Copy,
  extra: {
    title?: Copy;
    cta?: { label: Copy; url: string };
    content?: Message["content"];
    discount?: { percent: number; validDays?: number };
    choices?: Copy[];
  } = {},
) {
  return { key, body, ...extra, fallbacks: NAME_FALLBACK };
}

export const wait = (
  id: string,
  amount: number,
  unit: "seconds" | "minutes" | "hours" | "days",
  next?: string,
) => ({
  id,
  type: "wait" as const,
  duration: { amount, unit },
  next,
});
