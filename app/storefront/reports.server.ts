// What the storefront runtime reports about a rule's message (shown, clicked, closed): stored as
// storefront events, each once (the browser's own id for it), and processed like every event.
import { z } from "zod";
import type { EventLog } from "../events/event-log";
import { browserTime } from "../events/pixel";

const ACTIONS = {
  shown: "message_shown",
  clicked: "message_clicked",
  closed: "message_closed",
} as const;

export const ReportRequest = z.object({
  visitorId: z.string().min(1).max(200),
  events: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        type: z.enum(["shown", "clicked", "closed"]),
        rule: z.string().min(3).max(100),
        at: z.iso.datetime({ offset: true }),
      }),
    )
    .min(1)
    .max(20),
});
export type ReportRequest = z.infer<typeof ReportRequest>;

export async function storeReports(
  events: EventLog,
  shopId: string,
  request: ReportRequest,
  now = new Date(),
): Promise<void> {
  for (const report of request.events) {
    const occurredAt = browserTime(new Date(report.at), now);
    await events.storefront(
      shopId,
      "storefront",
      `report:${request.visitorId}:${report.id}`,
      {
        type: ACTIONS[report.type],
        occurredAt: occurredAt.toISOString(),
        identity: { visitorId: request.visitorId },
        onSite: { rule: report.rule, action: report.type },
      },
    );
  }
}
