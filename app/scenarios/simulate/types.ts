// The simulator's inputs (a contact's stored history) and its report. Plain data: the server module
// reads it from the database in pages, the pure simulation never touches I/O.
import type { Derived } from "../../events/engine-inputs";
import type {
  EmailConsentState,
  NormalizedEvent,
} from "../../events/normalize";
import type { ShopPolicy } from "../engine";
import type { Channel, ScenarioDefinition } from "../model";

export interface HistoryEvent {
  id: string;
  at: Date;
  /** webhook, pixel, storefront or derived (abandonment). */
  source: string;
  /** The stored event with what processing learned about it (`derived` is absent until processed). */
  payload: NormalizedEvent & { derived?: Derived };
}

/** A contact as stored now, with its events of the window in order. */
export interface HistoryContact {
  id: string;
  email: string | null;
  emailConsent: EmailConsentState;
  consentUpdatedAt: Date | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  timezone: string | null;
  isTest: boolean;
  visitCount: number;
  lastSeenAt: Date | null;
  lastOrderAt: Date | null;
  tags: string[];
  /** When each of the contact's push subscriptions was made. */
  pushSubscribedAt: Date[];
  /** Messages other scenarios really gave the contact: "already received" and the daily budget. */
  received: { messageKey: string; marketing: boolean; at: Date }[];
  events: HistoryEvent[];
}

export interface SimulationSetup {
  definition: ScenarioDefinition;
  /** Seeds the rollout share as the runner does (the scenario's id; a template's key before it has one). */
  scenarioKey: string;
  window: { start: Date; end: Date };
  shop: ShopPolicy & {
    name: string | null;
    languages: string[];
    testContacts: string[];
  };
}

export const SKIP_REASONS = [
  "test_mode",
  "rollout",
  "cooldown",
  "entry_conditions",
  "already_in",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Every figure counts contacts (a contact who enters twice counts once), except `entries`. */
export interface StepReach {
  reached: number;
  /** Contacts a send step would reach, by the channel of its cascade that reaches them. */
  sent: Partial<Record<Channel, number>>;
  /** A send step skipped: no channel of the cascade reaches the contact. */
  noChannel: number;
  /** A send step skipped: the contact already had this message. */
  alreadyReceived: number;
  /** The run would fail here (a placeholder with no value and no fallback). */
  failed: number;
  /** Still at this step when the window ends (a wait longer than what is left of it). */
  waiting: number;
}

export interface SimulationReport {
  window: { start: string; end: string };
  /** The trigger is not stored as an event (browser-only or scheduled): nothing can be counted. */
  triggerRecorded: boolean;
  contacts: number;
  events: number;
  /** Events not yet processed (no contact, visit or consent findings): left out. */
  unprocessedEvents: number;
  /** Runs that would start. */
  entries: number;
  entered: number;
  skipped: Record<SkipReason, number>;
  steps: Record<string, StepReach>;
  outcomes: {
    goal: number;
    completed: number;
    holdout: number;
    failed: number;
    unsubscribed: number;
    waiting: number;
  };
  variants: Record<string, number>;
  /** Per placeholder: messages that would use its fallback, and messages refused for a missing value. */
  placeholders: Record<string, { fallback: number; missing: number }>;
}

export interface SimulationResult {
  report: SimulationReport;
  /** Who would enter, and who would get at least one message: for the overlap with other scenarios. */
  entrants: string[];
  recipients: string[];
}
