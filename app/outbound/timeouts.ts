// How long the app waits for each outside service, in one place. A call past its limit is a
// transient failure (tried again later) with a reason that names the service and the limit. Every
// job has a time limit too, longer than the calls one job makes, so a job cut off by it is rare
// (see JOB_TIME_LIMIT_MS).
export const OUTBOUND_TIMEOUT_MS = {
  /** A browser's push service (web-push's socket timeout: no byte for this long). */
  push: 10_000,
  /** Shopify's Admin API and OAuth endpoints, each request. */
  shopify: 20_000,
  /** An HTTP email API (SendGrid, Postmark, Mailgun, SES), each request. */
  emailApi: 30_000,
  /**
   * Amazon SNS, while its webhook request waits for our answer: a signing certificate, or the
   * confirmation of a subscription. Short, as SNS itself waits only briefly before it retries.
   */
  sns: 10_000,
  /** SMTP: the TCP connection, the server's greeting, then any silence on the socket. */
  smtpConnection: 10_000,
  smtpGreeting: 10_000,
  smtpSocket: 30_000,
  /**
   * A bulk operation's result file on Shopify's storage: until its headers, then any silence
   * while it streams (the history import reads it in slices, see HISTORY_SLICE_MS).
   */
  shopifyBulkFile: 30_000,
  /**
   * A DNS lookup (the setup checklist's sender domain checks, read on every dashboard request, so
   * short: a slow resolver shows as "couldn't check", not as a slow page).
   */
  dns: 2_000,
} as const;

/**
 * How long one run of the history import applies lines before it saves its place and queues the
 * next run: with a few Shopify calls and the file's limit it stays within the job's time limit.
 */
export const HISTORY_SLICE_MS = 60_000;

/**
 * A job's time limit (WORKER_JOB_TIMEOUT_SECONDS overrides it): past it the job fails and is retried
 * like any failure, and its worker slot is free. A send makes at most a few Shopify calls and one
 * provider call, well within this; it is also under the 5 minutes after which the sweep calls a
 * SENDING delivery UNKNOWN, so a delivery whose job was cut off mid-send is never sent again.
 */
export const JOB_TIME_LIMIT_MS = 4 * 60_000;

/** "10 s", "0.3 s": a limit as a reason says it. */
export const seconds = (ms: number) => `${ms / 1000} s`;
