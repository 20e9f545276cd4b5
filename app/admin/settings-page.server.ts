// The merchant's settings page: each section saved on its own, validated against the one settings
// schema and written in one update (a wrong field is named and nothing is written); the email
// provider's form described from its own schema; the test email recorded for the setup checklist.
import { z } from "zod";
import {
  EmailProviderInput,
  SECRET_FIELDS,
  sendTestEmail,
  type ProviderOptions,
} from "../channels/email/provider.server";
import { isFreeMailAddress } from "../channels/email/free-mail";
import type { Db } from "../db.server";
import {
  decryptSecrets,
  encryptionKeyFromEnv,
} from "../security/secrets.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import type { EmailFailure } from "../ui/words/email-failures";
import { publishStorefrontConfig } from "../storefront/publish.server";
import { settingsWords } from "../ui/words/settings";
import {
  SETTINGS_SECTIONS,
  ShopSettings,
  fieldErrors,
  readShopSettings,
  type FieldError,
  type SettingsSection,
} from "../shops/settings";

export type SaveResult =
  { ok: true; warning?: string } | { ok: false; errors: FieldError[] };

/** A section's fields as the form must send them all: no default fills a field the form left out. */
function sectionSchema(section: SettingsSection) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of SETTINGS_SECTIONS[section]) {
    const schema = ShopSettings.shape[field] as z.ZodType;
    shape[field] =
      schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  }
  return z.object(shape);
}

/** What a form sends for "none": an empty sender or address is no sender or address; test contacts trimmed, lower case, once each. */
function normalize(
  section: SettingsSection,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const values = { ...input };
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : v);
  if (section === "sender") {
    const sender = (values.sender ?? {}) as Record<string, unknown>;
    const name = text(sender.name),
      email = text(sender.email);
    values.sender = name === "" && email === "" ? undefined : { name, email };
    values.physicalAddress =
      text(values.physicalAddress) === ""
        ? undefined
        : text(values.physicalAddress);
    // Pasted whole ("s1._domainkey.shop.com"), the selector is the part before ._domainkey.
    const selector = text(values.dkimSelector);
    values.dkimSelector =
      typeof selector === "string"
        ? selector.replace(/\._domainkey(\..*)?$/i, "") || undefined
        : selector;
  }
  if (section === "testContacts" && Array.isArray(values.testContacts)) {
    values.testContacts = [
      ...new Set(
        values.testContacts.map((e) =>
          typeof e === "string" ? e.trim().toLowerCase() : e,
        ),
      ),
    ];
  }
  return values;
}

/**
 * A sender at a free mailbox (gmail.com, yahoo.*, …) is refused when saved: those domains' DMARC
 * policies reject their mail sent through the shop's provider. Checked here, not in ShopSettings, so
 * a shop saved earlier with one keeps reading its sender and the setup checklist can name it.
 */
function freeMailSenderError(
  values: Record<string, unknown>,
  errors: FieldError[],
): FieldError | null {
  const email = (values.sender as { email?: unknown } | undefined)?.email;
  if (
    typeof email !== "string" ||
    errors.some((e) => e.field === "sender.email") ||
    !isFreeMailAddress(email)
  )
    return null;
  return {
    field: "sender.email",
    rule: "freeMail",
    message: settingsWords.en.err_freeMail,
  };
}

/**
 * Saves one section of the shop's settings. A change of languages republishes the storefront's
 * config (its copy is per language) when an Admin API client is given; a failed publish keeps the
 * saved settings and says so.
 */
export async function updateShopSettings(
  db: Db,
  domain: string,
  section: SettingsSection,
  input: unknown,
  options: { graphql?: AdminGraphql } = {},
): Promise<SaveResult> {
  if (!Object.hasOwn(SETTINGS_SECTIONS, section))
    return {
      ok: false,
      errors: [
        {
          field: "section",
          rule: "invalid",
          message: `No settings section "${section}"`,
        },
      ],
    };
  const given =
    typeof input === "object" && input !== null
      ? (input as Record<string, unknown>)
      : {};
  const values = normalize(section, given);
  const parsed = sectionSchema(section).safeParse(values);
  const errors = parsed.success ? [] : fieldErrors(parsed.error.issues);
  const freeMail = freeMailSenderError(values, errors);
  if (freeMail) errors.push(freeMail);
  if (!parsed.success || errors.length) return { ok: false, errors };
  // Compare-and-set on the row's update time: two sections saved at once both land.
  for (let attempt = 0; ; attempt++) {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
    const before = readShopSettings(shop.settings);
    const settings = { ...before, ...parsed.data };
    const { count } = await db.shop.updateMany({
      where: { domain, updatedAt: shop.updatedAt },
      data: { settings: JSON.parse(JSON.stringify(settings)) },
    });
    if (count === 0 && attempt < 5) continue;
    if (count === 0)
      throw new Error(`the settings of ${domain} kept changing while saving`);
    if (
      section === "consent" &&
      options.graphql &&
      before.languages.join() !== settings.languages.join()
    ) {
      try {
        await publishStorefrontConfig(db, options.graphql, shop.id);
      } catch (error) {
        return {
          ok: true,
          warning: `The storefront still shows the previous languages: ${(error as Error).message}`,
        };
      }
    }
    return { ok: true };
  }
}

/** One field of a provider's form, read from its schema. */
export interface ProviderField {
  name: string;
  type: "text" | "number" | "boolean" | "select";
  options?: string[];
  required: boolean;
  /** Never sent to the browser: the form shows whether one is saved. */
  secret: boolean;
  defaultValue?: string | number | boolean;
  hint?: string;
}

export type ProviderKind = EmailProviderInput["kind"];

/** Each kind's fields, in the schema's order, from EmailProviderInput itself. */
export function providerForms(): Record<ProviderKind, ProviderField[]> {
  const forms = {} as Record<ProviderKind, ProviderField[]>;
  for (const option of EmailProviderInput.options) {
    const fields: ProviderField[] = [];
    for (const [name, outer] of Object.entries(
      option.shape as Record<string, z.ZodType>,
    )) {
      if (name === "kind") continue;
      let schema = outer;
      let required = true;
      let defaultValue: ProviderField["defaultValue"];
      for (;;) {
        if (schema instanceof z.ZodOptional) {
          required = false;
          schema = schema.unwrap() as z.ZodType;
        } else if (schema instanceof z.ZodDefault) {
          defaultValue = schema.def
            .defaultValue as ProviderField["defaultValue"];
          schema = schema.unwrap() as z.ZodType;
        } else break;
      }
      const type =
        schema instanceof z.ZodBoolean
          ? "boolean"
          : schema instanceof z.ZodNumber
            ? "number"
            : schema instanceof z.ZodEnum
              ? "select"
              : "text";
      fields.push({
        name,
        type,
        required,
        secret: (SECRET_FIELDS as readonly string[]).includes(name),
        ...(schema instanceof z.ZodEnum
          ? { options: schema.options.map(String) }
          : {}),
        ...(defaultValue !== undefined ? { defaultValue } : {}),
        ...(outer.description ? { hint: outer.description } : {}),
      });
    }
    // The kind's own fields first, then the rate every kind shares.
    forms[option.shape.kind.value] = [
      ...fields.filter((f) => f.name !== "sendRatePerSecond"),
      ...fields.filter((f) => f.name === "sendRatePerSecond"),
    ];
  }
  return forms;
}

export interface SettingsView {
  settings: Omit<ShopSettings, "emailProvider">;
  /** The connected provider's non-secret values, and which secrets are saved (names only). */
  provider: {
    kind: ProviderKind;
    values: Record<string, string | number | boolean>;
    savedSecrets: string[];
  } | null;
  shop: {
    domain: string;
    name: string | null;
    email: string | null;
    currencyCode: string;
    ianaTimezone: string;
  };
}

/** What the settings page shows: never a secret. */
export async function settingsView(
  db: Db,
  domain: string,
  key = encryptionKeyFromEnv(),
): Promise<SettingsView> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const { emailProvider, ...settings } = readShopSettings(shop.settings);
  const secrets =
    shop.secretsCipher && emailProvider
      ? decryptSecrets(shop.secretsCipher, domain, key)
      : {};
  const provider = emailProvider
    ? {
        kind: emailProvider.kind,
        values: Object.fromEntries(
          Object.entries(emailProvider).filter(
            ([name]) =>
              name !== "kind" &&
              !(SECRET_FIELDS as readonly string[]).includes(name),
          ),
        ),
        savedSecrets: SECRET_FIELDS.filter((name) => secrets[`email.${name}`]),
      }
    : null;
  return {
    settings,
    provider,
    shop: {
      domain: shop.domain,
      name: shop.name,
      email: shop.email,
      currencyCode: shop.currencyCode,
      ianaTimezone: shop.ianaTimezone,
    },
  };
}

const TestEmailInput = z.object({ to: z.email().max(254) });

export type TestEmailResult =
  | { ok: true; sentAt: string }
  | { ok: false; errors: FieldError[] }
  | {
      ok: false;
      failure: {
        kind: "setup" | "transient" | "permanent" | "unknown";
        reason: string;
        failure?: EmailFailure;
      };
    };

/** The merchant's test email; when it goes out, its time is kept for the setup checklist. */
export async function sendAndRecordTestEmail(
  db: Db,
  domain: string,
  input: unknown,
  options: ProviderOptions & { key?: Buffer; now?: () => Date } = {},
): Promise<TestEmailResult> {
  const parsed = TestEmailInput.safeParse(
    typeof input === "object" && input !== null
      ? { to: String((input as { to?: unknown }).to ?? "").trim() }
      : input,
  );
  if (!parsed.success)
    return { ok: false, errors: fieldErrors(parsed.error.issues) };
  const sent = await sendTestEmail(
    db,
    domain,
    parsed.data.to,
    options.key ?? encryptionKeyFromEnv(),
    { ca: options.ca, network: options.network },
  );
  if (!sent.ok)
    return {
      ok: false,
      failure: {
        kind: sent.kind,
        reason: sent.reason,
        ...(sent.failure ? { failure: sent.failure } : {}),
      },
    };
  const sentAt = (options.now ?? (() => new Date()))().toISOString();
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  await db.shop.update({
    where: { domain },
    data: {
      settings: { ...readShopSettings(shop.settings), emailTestSentAt: sentAt },
    },
  });
  return { ok: true, sentAt };
}
