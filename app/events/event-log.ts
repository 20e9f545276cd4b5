// The event log's interface, apart from its implementation (ingest.server.ts), so modules that
// are handed an event log (storefront endpoints) do not import the event pipeline.
import type { NormalizedEvent } from "./normalize";

export interface WebhookMeta {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string;
  triggeredAt?: string;
}

export type IngestOutcome = "stored" | "duplicate" | "not_installed";

export interface EventLog {
  webhook(
    meta: WebhookMeta,
    event: NormalizedEvent,
    now?: Date,
  ): Promise<IngestOutcome>;
  storefront(
    shopId: string,
    source: "pixel" | "storefront",
    sourceId: string,
    event: NormalizedEvent,
  ): Promise<"stored" | "duplicate">;
}
