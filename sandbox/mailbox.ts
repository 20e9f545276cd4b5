// The sandbox's email mailbox: a real SMTP server on 127.0.0.1 that the demo shop's email provider
// points at, keeping the last messages it accepts, and pages on their own port to read them, so a
// newcomer sees each email as the app sent it (headers, HTML and text) without a real mailbox.
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { messagePage, messagesPage } from "./mailbox-pages";

/** Plenty for a demo session; older messages are dropped. */
const KEPT = 200;

export interface MailboxMessage {
  /** Its number in the order received, stable while it is kept (its page is /messages/:n). */
  n: number;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  messageId: string | null;
  listUnsubscribe: string | null;
  listUnsubscribePost: string | null;
  html: string | null;
  text: string | null;
}

export interface Mailbox {
  /** Plain SMTP on 127.0.0.1, no authentication or STARTTLS. */
  smtpPort: number;
  /** The pages: `/`, `/messages/:n`, `/messages.json`. */
  url: string;
  /** Newest first. */
  messages(): MailboxMessage[];
  close(): Promise<void>;
}

/** A header as sent, unfolded (mailparser's structured form of List-Unsubscribe drops its order). */
function rawHeader(mail: ParsedMail, name: string): string | null {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line === undefined
    ? null
    : line
        .slice(line.indexOf(":") + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim();
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).map((x) => x.text).join(", ");

function toMessage(
  mail: ParsedMail,
  session: SMTPServerSession,
  n: number,
): MailboxMessage {
  return {
    n,
    receivedAt: new Date().toISOString(),
    from: addresses(mail.from),
    to:
      addresses(mail.to) ||
      session.envelope.rcptTo.map((r) => r.address).join(", "),
    subject: mail.subject ?? "",
    messageId: mail.messageId ?? null,
    listUnsubscribe: rawHeader(mail, "list-unsubscribe"),
    listUnsubscribePost: rawHeader(mail, "list-unsubscribe-post"),
    html: typeof mail.html === "string" ? mail.html : null,
    text: mail.text ?? null,
  };
}

// The email's own HTML is shown inside (srcdoc inherits this policy): nothing loads but loopback images.
const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src http://127.0.0.1:* data:",
  "X-Content-Type-Options": "nosniff",
};

function answer(
  list: MailboxMessage[],
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const path = new URL(request.url ?? "/", "http://mailbox").pathname;
  const match = /^\/messages\/(\d+)$/.exec(path);
  const message = match
    ? list.find((m) => m.n === Number(match[1]))
    : undefined;
  if (request.method !== "GET")
    response
      .writeHead(405, { "Content-Type": "text/plain" })
      .end("Method not allowed");
  else if (path === "/")
    response.writeHead(200, PAGE_HEADERS).end(messagesPage(list));
  else if (path === "/messages.json")
    response
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify(list));
  else if (message)
    response.writeHead(200, PAGE_HEADERS).end(messagePage(message));
  else
    response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
}

export async function startMailbox(
  options: { log?: (line: string) => void } = {},
): Promise<Mailbox> {
  const list: MailboxMessage[] = [];
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    // A sender's pooled connection (the worker's) would otherwise hold stop() for 30 s.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (list.unshift(toMessage(mail, session, received++)) > KEPT)
            list.pop();
          callback();
        },
        (error: Error) => {
          options.log?.(`[mailbox] could not read a message: ${error.message}`);
          callback(error);
        },
      );
    },
  });
  const http = createServer((request, response) =>
    answer(list, request, response),
  );
  // A sender that dies mid-message (the worker stopped) resets its connection: smtp-server reports
  // it as an 'error' event, which would end the sandbox with no listener.
  smtp.on("error", (error: Error) =>
    options.log?.(`[mailbox] a connection failed: ${error.message}`),
  );
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    messages: () => [...list],
    async close() {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => http.close(() => resolve())),
      ]);
    },
  };
}
