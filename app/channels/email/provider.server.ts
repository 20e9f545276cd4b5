// The shop's email provider as the merchant connects it: which service and its non-secret settings
// in the shop's settings, its password or keys only in the shop's encrypted secrets (written in the
// same update, so nothing is half-saved). One schema validates the merchant's form and names the
// field that is wrong.
import { z } from "zod";
import type { Db } from "../../db.server";
import {
  isRefusedHost,
  type OutboundPolicy,
} from "../../security/outbound-host.server";
import {
  decryptSecrets,
  encryptSecrets,
  encryptionKeyFromEnv,
} from "../../security/secrets.server";
import {
  fieldErrors,
  readShopSettings,
  type FieldError,
  type ShopSettings,
} from "../../shops/settings";
import { escapeHtml } from "../../http/escape-html";
import { settingsWords } from "../../ui/words/settings";
import type { EmailFailure } from "../../ui/words/email-failures";
import { createMailgunProvider } from "./mailgun.server";
import { createPostmarkProvider } from "./postmark.server";
import { createSendGridProvider } from "./sendgrid.server";
import { createSesProvider } from "./ses.server";
import { createSmtpProvider } from "./smtp.server";
import { EmailError, type EmailProvider } from "./types";

const secret = z.string().min(1, "Required").max(500);
/** Every kind: the merchant's plan may allow another rate than the provider's documented default. */
const common = {
  sendRatePerSecond: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .optional()
    .describe(
      "Messages a second your plan allows, if not the provider's default",
    ),
};

export const EmailProviderInput = z.discriminatedUnion("kind", [
  z.object({
    ...common,
    kind: z.literal("smtp"),
    host: z.string().min(1, "Required").max(255),
    port: z.coerce.number().int().min(1).max(65_535),
    secure: z.boolean().describe("TLS from the first byte (port 465)"),
    requireTls: z
      .boolean()
      .default(true)
      .describe("Refuse to send without STARTTLS"),
    user: z.string().max(255).optional(),
    password: secret.optional(),
  }),
  z.object({
    ...common,
    kind: z.literal("sendgrid"),
    apiKey: secret,
    eventVerificationKey: z
      .string()
      .max(500)
      .optional()
      .describe("The Event Webhook's verification key (Signed Event Webhook)"),
  }),
  z.object({
    ...common,
    kind: z.literal("postmark"),
    serverToken: secret,
    broadcastStream: z.string().min(1).max(100).default("broadcast"),
  }),
  z.object({
    ...common,
    kind: z.literal("mailgun"),
    domain: z.string().min(3).max(255),
    region: z.enum(["us", "eu"]).default("us"),
    apiKey: secret,
    webhookSigningKey: secret
      .optional()
      .describe("The HTTP webhook signing key (Sending → Webhooks)"),
  }),
  z.object({
    ...common,
    kind: z.literal("ses"),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "An AWS region, e.g. eu-west-1"),
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "An AWS access key id"),
    secretAccessKey: secret,
    configurationSet: z.string().max(64).optional(),
  }),
]);
export type EmailProviderInput = z.input<typeof EmailProviderInput>;

/** The secret fields of each kind: kept encrypted, never in settings, never echoed to the admin. */
export const SECRET_FIELDS = [
  "password",
  "apiKey",
  "serverToken",
  "secretAccessKey",
  "webhookSigningKey",
] as const;
const SECRET_PREFIX = "email.";

/**
 * Saves the provider; a wrong field is reported by name and nothing is written. The admin never
 * sees a stored secret, so an empty secret for the same kind keeps the stored one; an empty
 * optional field is left out. A changed provider clears the record of the last test email. An SMTP
 * host on a private or internal network is refused on its field (checked again at every connection).
 */
export async function saveEmailProvider(
  db: Db,
  domain: string,
  input: unknown,
  key = encryptionKeyFromEnv(),
  options: { network?: OutboundPolicy } = {},
): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const settings = readShopSettings(shop.settings);
  const secrets = shop.secretsCipher
    ? decryptSecrets(shop.secretsCipher, domain, key)
    : {};
  const parsed = EmailProviderInput.safeParse(
    withKeptSecrets(input, settings.emailProvider?.kind, secrets),
  );
  if (!parsed.success)
    return { ok: false, errors: fieldErrors(parsed.error.issues) };
  if (
    parsed.data.kind === "smtp" &&
    (await isRefusedHost(parsed.data.host, options.network))
  ) {
    return {
      ok: false,
      errors: [
        {
          field: "host",
          rule: "privateHost",
          message: settingsWords.en.err_privateHost,
        },
      ],
    };
  }
  const before = setupOf(settings.emailProvider ?? {}, secrets);
  for (const name of Object.keys(secrets))
    if (name.startsWith(SECRET_PREFIX)) delete secrets[name];
  const plain: Record<string, string | number | boolean> = {
    kind: parsed.data.kind,
  };
  for (const [field, value] of Object.entries(parsed.data)) {
    if ((SECRET_FIELDS as readonly string[]).includes(field))
      secrets[`${SECRET_PREFIX}${field}`] = String(value);
    else if (value !== undefined)
      plain[field] = value as string | number | boolean;
  }
  const changed = before !== setupOf(plain, secrets);
  // A saved provider may be subscribed to another SNS topic: the next verified message pins it.
  const { emailTestSentAt, sesTopicArn: _unpinned, ...rest } = settings;
  await db.shop.update({
    where: { domain },
    data: {
      settings: {
        ...rest,
        ...(changed || !emailTestSentAt ? {} : { emailTestSentAt }),
        emailProvider: plain as ShopSettings["emailProvider"],
      },
      secretsCipher: encryptSecrets(secrets, domain, key),
    },
  });
  return { ok: true };
}

/** The keys a provider gives back when its webhook is connected for the merchant, and the provider each belongs to. */
const EVENT_KEYS = {
  eventVerificationKey: "sendgrid",
  webhookSigningKey: "mailgun",
} as const;

/**
 * Stores one key the provider gave back ("Connect automatically"): every other setting and secret
 * kept, and the record of the last test email too (the sending setup did not change). False, and
 * nothing written, when the shop's provider is no longer the one the key belongs to.
 */
export async function saveEmailEventKey(
  db: Db,
  domain: string,
  field: keyof typeof EVENT_KEYS,
  value: string,
  key = encryptionKeyFromEnv(),
): Promise<boolean> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const settings = readShopSettings(shop.settings);
  const stored = settings.emailProvider;
  if (stored?.kind !== EVENT_KEYS[field]) return false;
  const secrets = shop.secretsCipher
    ? decryptSecrets(shop.secretsCipher, domain, key)
    : {};
  const secret = (SECRET_FIELDS as readonly string[]).includes(field);
  if (secret) secrets[`${SECRET_PREFIX}${field}`] = value;
  const next = {
    ...settings,
    emailProvider: secret ? stored : { ...stored, [field]: value },
  };
  const secretsCipher = encryptSecrets(secrets, domain, key);
  // The whole setup still reads back (a key too long for the schema throws here, nothing written).
  readEmailProvider({ domain, settings: next, secretsCipher }, key);
  await db.shop.update({
    where: { domain },
    data: { settings: next, secretsCipher },
  });
  return true;
}

/** A provider setup as one string, whatever order its keys were stored in (PostgreSQL's jsonb sorts them). */
const setupOf = (plain: object, secrets: Record<string, string>) =>
  JSON.stringify([
    Object.entries(plain).sort(),
    Object.entries(secrets)
      .filter(([name]) => name.startsWith(SECRET_PREFIX))
      .sort(),
  ]);

/** The form's input with empty optional fields left out and, for the stored kind, empty secrets taken from the store. */
function withKeptSecrets(
  input: unknown,
  storedKind: string | undefined,
  secrets: Record<string, string>,
): unknown {
  if (typeof input !== "object" || input === null) return input;
  const values = { ...(input as Record<string, unknown>) };
  const shape = EmailProviderInput.options.find(
    (o) => o.shape.kind.value === values.kind,
  )?.shape as Record<string, z.ZodType> | undefined;
  if (!shape) return values;
  for (const field of new Set([
    ...Object.keys(values),
    ...Object.keys(shape),
  ])) {
    const value = values[field];
    if (value !== "" && value !== undefined && value !== null) continue;
    const kept = secrets[`${SECRET_PREFIX}${field}`];
    if (
      (SECRET_FIELDS as readonly string[]).includes(field) &&
      values.kind === storedKind &&
      kept
    )
      values[field] = kept;
    else if (shape[field]?.safeParse(undefined).success) delete values[field];
  }
  return values;
}

/** How providers connect: a CA for a private relay's certificate (tests), and the outbound-host policy. */
export interface ProviderOptions {
  ca?: Buffer;
  network?: OutboundPolicy;
}

/** The shop's provider, ready to send; null when the merchant has not connected one. */
export async function emailProviderFor(
  db: Db,
  domain: string,
  key = encryptionKeyFromEnv(),
  options: ProviderOptions = {},
): Promise<EmailProvider | null> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const setup = readEmailProvider(shop, key);
  if (!setup) return null;
  const provider = createProvider(setup, options);
  const perSecond = setup.sendRatePerSecond ?? provider.perSecond;
  return perSecond === provider.perSecond
    ? provider
    : {
        name: provider.name,
        perSecond,
        send: (email) => provider.send(email),
        close: () => provider.close(),
      };
}

/** The shop's provider setup with its secrets; null when none is connected; throws when it cannot be read. */
export function readEmailProvider(
  shop: ProviderShop,
  key = encryptionKeyFromEnv(),
): z.output<typeof EmailProviderInput> | null {
  const stored = readShopSettings(shop.settings).emailProvider;
  if (!stored) return null;
  const secrets = shop.secretsCipher
    ? decryptSecrets(shop.secretsCipher, shop.domain, key)
    : {};
  const withSecrets = {
    ...stored,
    ...Object.fromEntries(
      SECRET_FIELDS.flatMap((f) =>
        secrets[`${SECRET_PREFIX}${f}`]
          ? [[f, secrets[`${SECRET_PREFIX}${f}`]]]
          : [],
      ),
    ),
  };
  const parsed = EmailProviderInput.safeParse(withSecrets);
  if (!parsed.success)
    throw new EmailError(
      `the shop's email provider settings are incomplete: ${parsed.error.issues[0]?.path.join(".")}`,
      "permanent",
    );
  return parsed.data;
}

function createProvider(
  p: z.output<typeof EmailProviderInput>,
  options: ProviderOptions,
): EmailProvider {
  switch (p.kind) {
    case "smtp":
      return createSmtpProvider({
        host: p.host,
        port: p.port,
        secure: p.secure,
        requireTls: p.requireTls,
        user: p.user,
        password: p.password,
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.network ? { network: options.network } : {}),
      });
    case "sendgrid":
      return createSendGridProvider({ apiKey: p.apiKey });
    case "postmark":
      return createPostmarkProvider({
        serverToken: p.serverToken,
        broadcastStream: p.broadcastStream,
      });
    case "mailgun":
      return createMailgunProvider({
        apiKey: p.apiKey,
        domain: p.domain,
        region: p.region,
      });
    case "ses":
      return createSesProvider({
        accessKeyId: p.accessKeyId,
        secretAccessKey: p.secretAccessKey,
        region: p.region,
        configurationSet: p.configurationSet,
      });
  }
}

/** Shops' providers kept open in a long-lived process (the worker), so an SMTP pool stays connected. */
/** What tells a shop's provider setup: the shop row as the caller has it (no extra read). */
export type ProviderShop = {
  domain: string;
  settings: unknown;
  secretsCipher: string | null;
};

export interface EmailProviders {
  /** The shop's provider as now set up (a changed setup gets a new one); null when none is connected. Not to be closed by the caller. */
  get(shop: ProviderShop): Promise<EmailProvider | null>;
  close(): Promise<void>;
}

/** A replaced provider is closed this long after, when the sends already holding it are done. */
const RETIRE_AFTER_MS = 60_000;

export function emailProviders(
  db: Db,
  key = encryptionKeyFromEnv(),
  options: ProviderOptions = {},
): EmailProviders {
  const open = new Map<
    string,
    { setup: string; provider: Promise<EmailProvider | null> }
  >();
  const retire = (provider: Promise<EmailProvider | null>) =>
    setTimeout(
      () => void provider.then((p) => p?.close()).catch(() => {}),
      RETIRE_AFTER_MS,
    ).unref();
  return {
    async get(shop) {
      const { domain } = shop;
      const setup =
        JSON.stringify(readShopSettings(shop.settings).emailProvider ?? null) +
        (shop.secretsCipher ?? "");
      const cached = open.get(domain);
      if (cached?.setup === setup) return cached.provider;
      if (cached) retire(cached.provider);
      const provider = emailProviderFor(db, domain, key, options);
      open.set(domain, { setup, provider });
      // A setup that cannot be read now is read again next time.
      provider.catch(
        () => open.get(domain)?.provider === provider && open.delete(domain),
      );
      return provider;
    },
    async close() {
      const providers = [...open.values()].map((o) => o.provider);
      open.clear();
      await Promise.all(
        providers.map((p) =>
          p.then((provider) => provider?.close()).catch(() => {}),
        ),
      );
    },
  };
}

/** A failed test: `failure` names what went wrong when the provider said (then `reason` is its English words). */
export type TestSendResult =
  | { ok: true; providerMessageId: string | null }
  | {
      ok: false;
      reason: string;
      kind: "transient" | "permanent" | "unknown" | "setup";
      failure?: EmailFailure;
    };

/** Who the shop's emails are from: the sender the merchant set, else the shop's own name and address. */
export function shopSender(shop: {
  domain: string;
  name: string | null;
  email: string | null;
  settings: unknown;
}): { name: string; email: string } | null {
  return (
    readShopSettings(shop.settings).sender ??
    (shop.email ? { name: shop.name ?? shop.domain, email: shop.email } : null)
  );
}

/** The merchant's "send test email": the connected provider, the shop's sender, to one address. */
export async function sendTestEmail(
  db: Db,
  domain: string,
  to: string,
  key = encryptionKeyFromEnv(),
  options: ProviderOptions = {},
): Promise<TestSendResult> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const sender = shopSender(shop);
  if (!sender)
    return {
      ok: false,
      kind: "setup",
      reason: "Set the sender's name and address first",
    };
  let provider: EmailProvider | null;
  try {
    provider = await emailProviderFor(db, domain, key, options);
  } catch (error) {
    return { ok: false, kind: "setup", reason: (error as Error).message };
  }
  if (!provider)
    return {
      ok: false,
      kind: "setup",
      reason: "Connect an email provider first",
    };
  try {
    const shopName = shop.name ?? domain;
    const sent = await provider.send({
      from: { name: sender.name, address: sender.email },
      to,
      subject: `Test email from Trigger Map for ${shopName}`,
      text: `This test shows that ${shopName} can send email through ${provider.name}.`,
      html: `<p>This test shows that <strong>${escapeHtml(shopName)}</strong> can send email through ${provider.name}.</p>`,
      headers: {},
      messageId: `<test.${Date.now()}@${domain}>`,
    });
    return { ok: true, providerMessageId: sent.providerMessageId };
  } catch (error) {
    if (!(error instanceof EmailError))
      return { ok: false, kind: "transient", reason: (error as Error).message };
    return {
      ok: false,
      kind: error.kind,
      reason: error.message,
      ...(error.failure ? { failure: error.failure } : {}),
    };
  } finally {
    await provider.close();
  }
}
