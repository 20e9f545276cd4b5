// A shop's settings: one zod schema is both the validation and the type. Missing fields take the
// defaults, so a shop row written by an older version still reads as complete settings.
import { z } from "zod";

const hour = z.number().int().min(0).max(23);

export const ShopSettings = z.object({
  /** At most this many marketing messages per contact per day, across all channels. */
  dailyMessageCap: z.number().int().min(1).max(20).default(2),
  /** No email or push between these local hours (contact's zone, else the shop's). */
  quietHours: z
    .object({ start: hour, end: hour })
    .default({ start: 21, end: 9 }),
  /** Ask new subscribers to confirm (Shopify consent PENDING until they do). */
  doubleOptIn: z.boolean().default(false),
  languages: z
    .array(z.enum(["en", "ru"]))
    .min(1)
    .default(["en"]),
  /** Emails of contacts that receive scenarios in test mode. */
  testContacts: z.array(z.email()).default([]),
  /** An order within this many days of a click counts as a conversion of that message. */
  attributionWindowDays: z.number().int().min(1).max(30).default(5),
  /** A cart or checkout with no order this long after its last change counts as abandoned. */
  abandonment: z
    .object({
      cartMinutes: z.number().int().min(1).max(4320),
      checkoutMinutes: z.number().int().min(1).max(4320),
    })
    .default({ cartMinutes: 60, checkoutMinutes: 60 }),
  /** Contact events older than this are deleted. */
  eventRetentionDays: z.number().int().min(30).max(730).default(365),
  sender: z
    .object({ name: z.string().min(1).max(100), email: z.email() })
    .optional(),
  /**
   * The DKIM selector of the sender's domain (the label before ._domainkey), for the setup
   * checklist when the provider's own is not known (Postmark, SES, an SMTP relay).
   */
  dkimSelector: z
    .string()
    .max(100)
    .regex(
      /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/i,
    )
    .optional(),
  /** Printed in every marketing email's footer (anti-spam laws require it). */
  physicalAddress: z.string().max(300).optional(),
  /** The connected email provider's non-secret settings; its keys live in the encrypted secrets (app/channels/email/provider.server.ts). */
  emailProvider: z
    .object({
      kind: z.enum(["smtp", "sendgrid", "postmark", "mailgun", "ses"]),
    })
    .catchall(z.union([z.string(), z.number(), z.boolean()]))
    .optional(),
  /** When the merchant's test email through the current provider last went out (the setup checklist's step); cleared when the provider changes. */
  emailTestSentAt: z.iso.datetime().optional(),
  /**
   * When the merchant marked Shopify's own abandoned checkout email off (the setup checklist's
   * step while SA3 or SA4 runs): the Admin API cannot tell, so the merchant's word is kept.
   */
  shopifyAbandonedEmailOffAt: z.iso.datetime().optional(),
  /**
   * The SNS topic the shop's SES events come from, pinned by the first verified message: SNS signs
   * anyone's topic alike, so a later message from another topic is refused. Cleared when the
   * provider settings are saved (app/deliveries/email-webhook.server.ts).
   */
  sesTopicArn: z.string().max(256).optional(),
});

export type ShopSettings = z.infer<typeof ShopSettings>;

/** Reads stored settings; an unreadable value falls back to the defaults field by field. */
export function readShopSettings(stored: unknown): ShopSettings {
  const parsed = ShopSettings.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const fields =
    typeof stored === "object" && stored !== null
      ? (stored as Record<string, unknown>)
      : {};
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return ShopSettings.parse(
    Object.fromEntries(Object.entries(fields).filter(([k]) => !bad.has(k))),
  );
}

/** The admin's settings sections, each saved by its own form: the fields it owns. */
export const SETTINGS_SECTIONS = {
  sender: ["sender", "physicalAddress", "dkimSelector"],
  limits: [
    "dailyMessageCap",
    "quietHours",
    "abandonment",
    "attributionWindowDays",
  ],
  consent: ["doubleOptIn", "languages"],
  testContacts: ["testContacts"],
  retention: ["eventRetentionDays"],
} as const satisfies Record<string, readonly (keyof ShopSettings)[]>;
export type SettingsSection = keyof typeof SETTINGS_SECTIONS;

/** What was wrong with a field, in words the admin can translate: `rule` picks the sentence, `limit` fills it. */
export type ErrorRule =
  | "required"
  | "number"
  | "whole"
  | "min"
  | "max"
  | "email"
  | "format"
  | "invalid"
  | "privateHost"
  | "freeMail";
export interface FieldError {
  field: string;
  message: string;
  rule: ErrorRule;
  limit?: number;
}

/** zod's issues as errors by field ("quietHours.start"), one per field, with plain English messages. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const issue of issues) {
    const field = issue.path.join(".");
    if (!byField.has(field)) byField.set(field, describeIssue(field, issue));
  }
  return [...byField.values()];
}

function describeIssue(field: string, issue: z.core.$ZodIssue): FieldError {
  switch (issue.code) {
    case "invalid_type":
      // zod names what it received only in its message.
      if (/received (undefined|null)$/.test(issue.message))
        return { field, rule: "required", message: "Required" };
      if (issue.expected === "int")
        return { field, rule: "whole", message: "Enter a whole number" };
      if (issue.expected === "number")
        return { field, rule: "number", message: "Enter a number" };
      return { field, rule: "invalid", message: issue.message };
    case "too_small": {
      const limit = Number(issue.minimum);
      if (issue.origin === "string" && limit === 1)
        return { field, rule: "required", message: "Required" };
      if (issue.origin === "array")
        return {
          field,
          rule: "min",
          limit,
          message: `Choose at least ${limit}`,
        };
      return { field, rule: "min", limit, message: `At least ${limit}` };
    }
    case "too_big": {
      const limit = Number(issue.maximum);
      return {
        field,
        rule: "max",
        limit,
        message:
          issue.origin === "string"
            ? `At most ${limit} characters`
            : `At most ${limit}`,
      };
    }
    case "invalid_format":
      return issue.format === "email"
        ? { field, rule: "email", message: "Enter a valid email address" }
        : { field, rule: "format", message: issue.message };
    default:
      return { field, rule: "invalid", message: issue.message };
  }
}
