// The engine's inputs and outputs: plain data, so a run's state can be stored as JSON and every
// decision replayed in a test.
import type { Channel, Message, PageType, TriggerEvent } from "../model";
import type { QuietHours } from "./policies";

/** What the engine may know about the contact when it decides. */
export interface ContactSnapshot {
  id: string;
  email: string | null;
  emailConsent: boolean;
  pushSubscribed: boolean;
  /** Browsing the store now: on-site messages (popup, chat) can reach them. */
  onSite: boolean;
  timeZone: string | null;
  isTest: boolean;
  visitCount: number;
  tags: string[];
  cartTotal: number | null;
  pageType: PageType | null;
  lastOrderAt: Date | null;
  /** Message keys the contact already received, from any scenario. */
  receivedMessageKeys: string[];
  /** When the contact's marketing messages went out, for the daily budget. */
  marketingSentAt: Date[];
  /** Personalization values (first_name, code, shop_name...); null when unknown. */
  values: Record<string, string | null>;
}

export interface ShopPolicy {
  dailyCap: number;
  quietHours: QuietHours;
  /** Used for contacts whose own zone is unknown. */
  timeZone: string;
}

export type RunStatus =
  "active" | "waiting" | "completed" | "exited" | "failed";

export interface RunState {
  status: RunStatus;
  /** The step the run is at (waiting on, or about to run); null before the first. */
  stepId: string | null;
  startedAt: string;
  /** When the waiting step is due (ISO). */
  dueAt: string | null;
  variant: string | null;
  /** Ids of events already taken, so a replayed event changes nothing. */
  processedEventIds: string[];
  reason: string | null;
  /**
   * Events a later wait_until waits for that came before the run got there (a shopper who leaves
   * an email while the run still waits out its delay): that wait takes them as happened.
   */
  early?: TriggerEvent[];
}

export type EngineInput =
  | { kind: "event"; eventId: string; event: TriggerEvent; at: Date }
  /** The waiting step's time has come (or a worker re-checks it). */
  | { kind: "due" };

export type Effect =
  | { type: "schedule"; stepId: string; at: Date; reason?: string }
  | {
      type: "send";
      stepId: string;
      channel: Channel;
      messageKey: string;
      marketing: boolean;
      content: Message["content"];
      title: string | null;
      body: string;
      cta: { label: string; url: string } | null;
      variant: string | null;
    }
  | { type: "skip"; stepId: string; reason: string }
  | { type: "exit"; reason: string }
  | { type: "complete" }
  | { type: "fail"; stepId: string; reason: string };

export interface DecideContext {
  now: Date;
  contact: ContactSnapshot;
  shop: ShopPolicy;
  /** The contact's language for copy; falls back to English. */
  language: string;
  /** Uniform in [0, 1), seeded per run so splits are reproducible. */
  random: () => number;
}

export interface Decision {
  state: RunState;
  effects: Effect[];
}
