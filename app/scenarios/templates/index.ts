// Every path of the trigger map as a ready-made template, by group.
import { LEAD_GENERATION } from "./lead-generation";
import { RETENTION } from "./retention";
import { SALES } from "./sales";
import type { Template } from "./template";
import { WIN_BACK } from "./win-back";

export * from "./template";

export const TEMPLATES: Template[] = [
  ...LEAD_GENERATION,
  ...SALES,
  ...RETENTION,
  ...WIN_BACK,
];

export function templateByKey(key: string): Template | undefined {
  return TEMPLATES.find((t) => t.key === key);
}
