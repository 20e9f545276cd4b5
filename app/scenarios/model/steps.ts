// The steps of a scenario after its trigger: waits, branches, splits and actions. Each points to
// the next step by id; a step with no next ends the scenario ("completed").
import { z } from "zod";
import { Condition } from "./conditions";
import { Channel, Duration, LocalizedText, StepId } from "./primitives";
import { TriggerEvent } from "./events";

const step = <T extends string, S extends z.ZodRawShape>(
  type: T,
  description: string,
  shape: S,
) =>
  z
    .object({ id: StepId, type: z.literal(type), ...shape })
    .describe(description);

const next = StepId.optional().describe(
  "The step after this one; none ends the scenario.",
);

export const Message = z
  .object({
    /** Stable key: "already received this message" is checked on it. */
    key: z.string().regex(/^[a-z0-9_.-]{1,60}$/),
    title: LocalizedText.optional(),
    body: LocalizedText,
    cta: z
      .object({ label: LocalizedText, url: z.string().max(2000) })
      .optional(),
    /** What the message carries beyond text; the channel renders it. */
    content: z
      .enum([
        "none",
        "email_capture",
        "qualification",
        "discount_code",
        "viewed_products",
        "cart_items",
        "popular_products",
        "latest_articles",
        "push_opt_in",
        "progress_to_threshold",
      ])
      .default("none"),
    /** The discount a code in this message gives: one unique, single-use code per contact. */
    discount: z
      .object({
        percent: z.number().int().min(1).max(90),
        validDays: z.number().int().min(1).max(365).default(14),
      })
      .optional()
      .describe(
        "The offer behind {{code}}: a percentage off, valid for some days after it is issued.",
      ),
    /** A qualification question's answers (content "qualification"). */
    choices: z
      .array(LocalizedText)
      .max(6)
      .optional()
      .describe("Answers the contact picks from; kept as a customer tag."),
    /** Values for placeholders that may be missing, e.g. { first_name: { en: "there", ru: "друг" } }. */
    fallbacks: z
      .record(z.string(), z.union([z.string(), LocalizedText]))
      .default({}),
  })
  .describe(
    "A message's copy and content; `{{first_name}}` style placeholders need a value or a fallback.",
  );
export type Message = z.infer<typeof Message>;

export const Step = z.discriminatedUnion("type", [
  step("wait", "Wait a fixed time.", { duration: Duration, next }),
  step(
    "wait_until",
    "Wait until an event happens or a timeout passes, whichever is first.",
    {
      event: TriggerEvent,
      timeout: Duration,
      onEvent: next,
      onTimeout: next,
    },
  ),
  step(
    "wait_for_hours",
    "Wait until the contact's local time is within allowed hours.",
    {
      from: z.number().int().min(0).max(23),
      to: z.number().int().min(0).max(23),
      next,
    },
  ),
  step("branch", "Go one way if a condition holds, another if not.", {
    condition: Condition,
    then: next,
    else: next,
  }),
  step(
    "split",
    "Send contacts down random variants (A/B) or hold some out (receive nothing).",
    {
      variants: z
        .array(
          z.object({
            key: z.string().regex(/^[a-z0-9_-]{1,20}$/),
            weight: z.number().int().min(0).max(100),
            next,
          }),
        )
        .min(1)
        .max(5),
      holdoutPercent: z.number().int().min(0).max(50).default(0),
    },
  ),
  step(
    "send",
    "Send a message on the first channel of the cascade that can reach the contact.",
    {
      channels: z
        .array(Channel)
        .min(1)
        .max(4)
        .describe("Cheapest first: on-site, then push, then email."),
      message: Message,
      marketing: z
        .boolean()
        .default(true)
        .describe(
          "Marketing counts against caps and needs consent; a transactional message does not.",
        ),
      oncePerContact: z
        .boolean()
        .default(true)
        .describe(
          "Skip the message for a contact who already received it, from any scenario. Off only for a transactional message about one event (an order's shipment), which goes each time its event comes.",
        ),
      next,
    },
  ),
]);
export type Step = z.infer<typeof Step>;
export type StepType = Step["type"];
