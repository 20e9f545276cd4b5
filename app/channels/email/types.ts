// The email channel's one interface: every provider (the shop's SMTP server, or an HTTP API)
// sends an OutgoingEmail and says, when it fails, whether trying again may help.
import type { EmailFailure } from "../../ui/words/email-failures";

export interface Address {
  name?: string;
  address: string;
}

export interface OutgoingEmail {
  from: Address;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers: List-Unsubscribe and List-Unsubscribe-Post on marketing email. */
  headers: Record<string, string>;
  /** Our own Message-ID (`<id@domain>`), so a provider's log and ours name the same message. */
  messageId: string;
  /** The delivery this message is: attached where the provider echoes it back in its events (DELIVERY_TAG). */
  deliveryId?: string;
}

export interface SentEmail {
  /** The provider's id for the message, when it gives one. */
  providerMessageId: string | null;
}

/**
 * `transient`: the provider or the network failed for now (retry with backoff); `permanent`: this
 * message will never go (bad address, refused, wrong credentials), so the run stops with the reason;
 * `unknown`: the request reached the provider but no answer came (a timeout, a dropped connection),
 * so it may have been sent: never retried, lest it go twice.
 * `failure`, when given, says what went wrong in the merchant's words (the message is then those
 * words in English, never the remote server's text).
 */
export class EmailError extends Error {
  override name = "EmailError";
  constructor(
    message: string,
    readonly kind: "transient" | "permanent" | "unknown",
    readonly failure?: EmailFailure,
  ) {
    super(message);
  }
}

export interface EmailProvider {
  readonly name: string;
  /** Messages a second this provider accepts from one shop (its documented default sending rate). */
  readonly perSecond: number;
  send(email: OutgoingEmail): Promise<SentEmail>;
  close(): Promise<void>;
}
