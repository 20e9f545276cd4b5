// Structured logs for the web and worker processes: one JSON object per line (time, level, msg,
// then fields), filtered by LOG_LEVEL (debug, info, warn, error, silent; default info).
// Everything passes through `redact` first, so no secret and no shopper's email or phone reaches a
// line whatever a call site hands over: known keys (passwords, tokens, secrets, emails...) are
// dropped by name, and strings (messages too: Prisma's errors echo the values they refused) lose
// what looks like an email, a phone number, a JWT, a Shopify token, a bearer credential, a URL's
// password or a signed query parameter, and the process's own secrets from its environment.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
type Env = Record<string, string | undefined>;

const RANK: Record<LogLevel | "silent", number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};
export const REDACTED = "[redacted]";

// Keys whose values never reach a line, whatever they hold.
const SECRET_KEY =
  /pass(word|wd|phrase)?$|secret|token|authorization|cookie|hmac|signature|api[-_]?key|private[-_]?key|encryption|credential|^key$|jwt|^auth$|email|phone|^dsn$/i;

const PATTERNS: [RegExp, string][] = [
  // URL credentials: postgres://user:password@host, redis://:password@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, `$1${REDACTED}@`],
  [
    /[\w.!#$%&'*+/=?^`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/gi,
    "[email]",
  ],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, "[jwt]"],
  [/\bshp[a-z]{2}_[a-z0-9]{8,}/gi, "[shopify-token]"],
  [/\b(bearer|basic)\s+[\w.~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // Signed or secret query parameters and form fields.
  [
    /\b(hmac|signature|id_token|session|token|access_token|password|secret|code)=[^&\s"']+/gi,
    `$1=${REDACTED}`,
  ],
  // Phone numbers as Shopify and shoppers write them: +<country><number>, or (555) 123-4567.
  [/\+\d[\d\s().-]{6,}\d/g, "[phone]"],
  [/\(\d{3}\)\s?\d{3}[\s.-]\d{4}/g, "[phone]"],
];

/** The process's own secrets (the API secret, the encryption key, passwords in its settings). */
function environmentSecrets(env: Env): string[] {
  return (
    Object.entries(env)
      .filter(
        ([name, value]) =>
          /SECRET|PASSWORD|ENCRYPTION|TOKEN|PRIVATE|_KEYS?$/i.test(name) &&
          value &&
          value.length >= 8,
      )
      // A list (TRIGGER_MAP_LINK_KEYS, SHOPIFY_API_SECRET_PREVIOUS) is redacted whole and item by item.
      .flatMap(([, value]) => [
        value as string,
        ...(value as string)
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item.length >= 8),
      ])
      // The longest first, so one containing another is replaced whole.
      .sort((a, b) => b.length - a.length)
  );
}

export function redactText(
  text: string,
  secrets: readonly string[] = [],
): string {
  let out = text;
  for (const secret of secrets)
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS)
    out = out.replace(pattern, replacement);
  return out;
}

/** A copy of `value` fit for a log line: secret keys dropped, strings cleaned, errors spelled out. */
export function redact(
  value: unknown,
  secrets: readonly string[] = [],
  depth = 0,
): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (value === null || typeof value === "number" || typeof value === "boolean")
    return value;
  if (typeof value === "bigint") return value.toString();
  if (
    value === undefined ||
    typeof value === "function" ||
    typeof value === "symbol"
  )
    return undefined;
  if (depth > 6) return "[…]";
  if (value instanceof Date)
    return Number.isNaN(value.valueOf()) ? null : value.toISOString();
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return redact(
      {
        name: value.name,
        message: value.message,
        ...(code !== undefined ? { code } : {}),
        stack: value.stack?.split("\n").slice(1, 6).join("\n"),
      },
      secrets,
      depth + 1,
    );
  }
  if (Array.isArray(value))
    return value.slice(0, 50).map((item) => redact(item, secrets, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(
      value as Record<string, unknown>,
    )) {
      out[key] =
        SECRET_KEY.test(key) &&
        item !== null &&
        item !== undefined &&
        item !== ""
          ? REDACTED
          : redact(item, secrets, depth + 1);
    }
    return out;
  }
  return redactText(String(value), secrets);
}

export interface Logger {
  debug(msg: string, fields?: LogFields | Error): void;
  info(msg: string, fields?: LogFields | Error): void;
  warn(msg: string, fields?: LogFields | Error): void;
  error(msg: string, fields?: LogFields | Error): void;
  enabled(level: LogLevel): boolean;
  /** The same logger with these fields on every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go (default: stdout for debug and info, stderr for warn and error). */
  write?: (line: string, level: LogLevel) => void;
  env?: Env;
  now?: () => Date;
  fields?: LogFields;
}

const defaultWrite = (line: string, level: LogLevel) =>
  (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(
    `${line}\n`,
  );

export function createLogger(options: LoggerOptions = {}): Logger {
  const name = (options.level ?? "info").toLowerCase();
  const threshold = name in RANK ? RANK[name as LogLevel] : RANK.info;
  const secrets = environmentSecrets(options.env ?? {});
  const write = options.write ?? defaultWrite;
  const now = options.now ?? (() => new Date());
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, extra?: LogFields | Error) => {
      if (RANK[level] < threshold) return;
      const fields = extra instanceof Error ? { error: extra } : extra;
      const record = {
        time: now().toISOString(),
        level,
        msg: redactText(String(msg), secrets),
        ...(redact({ ...base, ...fields }, secrets) as LogFields),
      };
      let line: string;
      try {
        line = JSON.stringify(record);
      } catch {
        line = JSON.stringify({
          time: record.time,
          level,
          msg: record.msg,
          note: "fields could not be serialized",
        });
      }
      write(line, level);
    };
    return {
      debug: (msg, fields) => emit("debug", msg, fields),
      info: (msg, fields) => emit("info", msg, fields),
      warn: (msg, fields) => emit("warn", msg, fields),
      error: (msg, fields) => emit("error", msg, fields),
      enabled: (level) => RANK[level] >= threshold,
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.fields ?? {});
}

// Kept on globalThis: the web process loads this module twice (its own import, and the Remix
// build's bundled copy), and both must write with the configured logger.
const SLOT = Symbol.for("trigger-map.log");
const slot = globalThis as { [SLOT]?: Logger };
slot[SLOT] ??= createLogger({
  // Modules under test stay quiet unless LOG_LEVEL says otherwise; the processes call configureLogger.
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  env: process.env,
});
const current = () => slot[SLOT]!;

/** The process's logger: call sites import it; the entry points configure it. */
export const logger: Logger = {
  debug: (msg, fields) => current().debug(msg, fields),
  info: (msg, fields) => current().info(msg, fields),
  warn: (msg, fields) => current().warn(msg, fields),
  error: (msg, fields) => current().error(msg, fields),
  enabled: (level) => current().enabled(level),
  child: (fields) => current().child(fields),
};

/** For `npm start` and `npm run worker`: LOG_LEVEL (default info), the process's name on each line. */
export function configureLogger(
  fields: LogFields,
  env: Env = process.env,
): void {
  slot[SLOT] = createLogger({ level: env.LOG_LEVEL ?? "info", env, fields });
}

/**
 * For the processes' entry points: what libraries print with console.* and Node's own warnings
 * become log lines too, so every line of the output is JSON and passes through the redaction.
 */
export function captureConsole(to: Logger = logger): void {
  const format = (args: unknown[]) =>
    args
      .map((arg) =>
        typeof arg === "string"
          ? arg
          : arg instanceof Error
            ? `${arg.name}: ${arg.message}`
            : safeJson(arg),
      )
      .join(" ");
  console.log = console.info = (...args: unknown[]) => to.info(format(args));
  console.debug = (...args: unknown[]) => to.debug(format(args));
  console.warn = (...args: unknown[]) => to.warn(format(args));
  console.error = (...args: unknown[]) => {
    const error = args.find((arg): arg is Error => arg instanceof Error);
    to.error(format(args), error ? { error } : undefined);
  };
  process.removeAllListeners("warning");
  process.on("warning", (warning) =>
    to.warn(warning.message, { warning: warning.name }),
  );
  // Node would print these raw (unredacted, not JSON) before exiting: say them as a line instead.
  process.on("uncaughtException", (error) => {
    to.error("uncaught exception: exiting", { error });
    process.exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    to.error("unhandled rejection: exiting", { error: reason });
    process.exit(1);
  });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(redact(value)) ?? String(value);
  } catch {
    return String(value);
  }
}
