// The shop's own SMTP server through nodemailer: pooled connections, TLS as the server offers it
// (or required), and SMTP's reply codes turned into transient (4xx, network) or permanent (5xx,
// authentication) failures, told in the merchant's words. Every connection goes to an address
// checked to be public (see security/outbound-host.server.ts), unless the operator allows private hosts.
import net from "node:net";
import nodemailer from "nodemailer";
import { logger } from "../../logger.server";
import {
  BlockedHostError,
  resolvePublicAddress,
  type OutboundPolicy,
} from "../../security/outbound-host.server";
import {
  emailFailureWords,
  type EmailFailure,
} from "../../ui/words/email-failures";
import { OUTBOUND_TIMEOUT_MS } from "../../outbound/timeouts";
import { EmailError, type EmailProvider, type OutgoingEmail } from "./types";

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send without STARTTLS. */
  requireTls?: boolean;
  user?: string;
  password?: string;
  /** For a server with its own certificate authority (tests, private relays). */
  ca?: string | Buffer;
  /** Whether private addresses are allowed, and the resolver (tests inject one). */
  network?: OutboundPolicy;
}

export function createSmtpProvider(settings: SmtpSettings): EmailProvider {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls ?? false,
    pool: true,
    maxConnections: 3,
    connectionTimeout: OUTBOUND_TIMEOUT_MS.smtpConnection,
    greetingTimeout: OUTBOUND_TIMEOUT_MS.smtpGreeting,
    socketTimeout: OUTBOUND_TIMEOUT_MS.smtpSocket,
    getSocket: (options, callback) =>
      connectChecked(settings.network, options, callback),
    ...(settings.user
      ? { auth: { user: settings.user, pass: settings.password ?? "" } }
      : {}),
    ...(settings.ca ? { tls: { ca: settings.ca } } : {}),
  });
  return {
    name: "smtp",
    // A shop's own relay: a polite pace most hosts accept.
    perSecond: 10,
    async send(email: OutgoingEmail) {
      try {
        const info = await transport.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          messageId: email.messageId,
        });
        return {
          providerMessageId:
            typeof info.response === "string"
              ? (/queued as (\S+)/i.exec(info.response)?.[1] ?? null)
              : null,
        };
      } catch (error) {
        throw classify(error);
      }
    },
    close: async () => transport.close(),
  };
}

/**
 * The pool's connections, made here rather than by nodemailer: the host is resolved once, every
 * address checked, and the socket opened to the checked address (nodemailer keeps the host's name
 * for TLS, so the certificate is still verified against it). Nagle's algorithm is off: against a
 * server that delays its ACKs, each message's last packet waited ~40 ms (measured on one machine:
 * 65 messages/s over 3 connections, 720/s with no delay).
 */
function connectChecked(
  network: OutboundPolicy | undefined,
  options: { host?: string; port?: number },
  callback: (error: Error | null, socket?: { connection: net.Socket }) => void,
): void {
  let answered = false;
  let socket: net.Socket | undefined;
  const answer = (error: Error | null, connected?: net.Socket) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    callback(error, connected ? { connection: connected } : undefined);
  };
  const timer = setTimeout(() => {
    const error = Object.assign(new Error("Connection timeout"), {
      code: "ETIMEDOUT",
    });
    if (socket) socket.destroy(error);
    else answer(error);
  }, OUTBOUND_TIMEOUT_MS.smtpConnection);
  resolvePublicAddress(options.host ?? "localhost", network).then(
    ({ address }) => {
      if (answered) return;
      socket = net.connect({
        host: address,
        port: options.port ?? 25,
        noDelay: true,
      });
      socket.once("connect", () => answer(null, socket));
      socket.once("error", (error) => answer(error));
    },
    (error: Error) => answer(error),
  );
}

const fail = (failure: EmailFailure, kind: "transient" | "permanent") =>
  new EmailError(emailFailureWords.en[failure], kind, failure);
const TLS_TROUBLE =
  /certificate|self[- ]signed|altnames|\b(ssl|tls)\b|handshake|wrong version/i;

/** nodemailer's error as what went wrong, in our words; the server's own text only in the debug log. */
function classify(error: unknown): EmailError {
  const e = error as {
    code?: string;
    responseCode?: number;
    response?: string;
    command?: string;
    message?: string;
  };
  logger.debug("SMTP send failed", {
    code: e.code,
    command: e.command,
    responseCode: e.responseCode,
    response: e.response ?? e.message,
  });
  if (error instanceof BlockedHostError)
    return fail("blocked_address", "permanent");
  if (e.code === "EAUTH" || e.code === "ENOAUTH")
    return fail("sign_in_refused", "permanent");
  const code = e.responseCode;
  const byCode =
    typeof code === "number"
      ? code >= 500
        ? "permanent"
        : "transient"
      : "transient";
  // A TLS library's own error (no server reply) names the certificate or the handshake.
  if (
    e.code === "ETLS" ||
    (code === undefined && TLS_TROUBLE.test(e.message ?? ""))
  )
    return fail("tls", byCode);
  if (e.code === "ETIMEDOUT") return fail("timed_out", "transient");
  if (typeof code === "number" && code >= 400) {
    if (code < 500) return fail("try_later", "transient");
    if (e.command === "MAIL FROM") return fail("sender_refused", "permanent");
    if (e.command === "RCPT TO") return fail("recipient_refused", "permanent");
    if (e.command === "CONN" || e.command === "EHLO" || e.command === "HELO")
      return fail("unreachable", "permanent");
    return fail("message_refused", "permanent");
  }
  // Connection refused, DNS, a dropped connection: the server may be back in a moment.
  return fail("unreachable", "transient");
}
