// What an event means to the scenarios: triggers start runs, events reach runs, and a late or
// superseded event never starts anything.
import { describe, expect, it } from "vitest";
import { engineSignals, type Derived } from "./engine-inputs";
import type { NormalizedEvent } from "./normalize";

const derived = (over: Partial<Derived> = {}): Derived => ({
  contactId: "c",
  newVisit: false,
  emailCaptured: false,
  unsubscribed: false,
  superseded: false,
  ...over,
});
const event = (
  type: NormalizedEvent["type"],
  page?: NormalizedEvent["page"],
): NormalizedEvent => ({
  type,
  occurredAt: "2026-11-23T10:00:00Z",
  identity: {},
  page,
});

describe("engineSignals", () => {
  it("an order starts order scenarios and reaches runs waiting for it", () => {
    expect(engineSignals(event("order_placed"), derived())).toEqual([
      {
        key: "order_placed",
        trigger: { type: "order_placed" },
        event: "order_placed",
      },
    ]);
  });

  it("a shipment's statuses start order-status scenarios and reach runs waiting for them; other fulfillment changes do nothing", () => {
    for (const type of [
      "order_shipped",
      "order_out_for_delivery",
      "order_delivered",
    ] as const)
      expect(engineSignals(event(type), derived())).toEqual([
        { key: type, trigger: { type }, event: type },
      ]);
    expect(engineSignals(event("fulfillment_updated"), derived())).toEqual([]);
    // A status told again (fulfillments/update for another change) starts nothing.
    expect(
      engineSignals(event("order_delivered"), derived({ superseded: true })),
    ).toEqual([{ key: "order_delivered", event: "order_delivered" }]);
  });

  it("a page view is a page trigger; the first of a visit is also a site visit", () => {
    const signals = engineSignals(
      event("page_viewed", { pageType: "article" }),
      derived({ newVisit: true }),
    );
    expect(signals).toEqual([
      { key: "visit", trigger: { type: "site_visit" }, event: "site_visit" },
      {
        key: "page",
        trigger: { type: "page_viewed", pageType: "article" },
        pageType: "article",
      },
    ]);
  });

  it("a superseded event only ends runs whose goal it meets", () => {
    expect(
      engineSignals(event("order_placed"), derived({ superseded: true })),
    ).toEqual([{ key: "order_placed", event: "order_placed" }]);
    expect(
      engineSignals(event("cart_viewed"), derived({ superseded: true })),
    ).toEqual([]);
  });

  it("an email learned and consent withdrawn reach the runs", () => {
    const signals = engineSignals(
      event("customer_updated"),
      derived({ emailCaptured: true, unsubscribed: true }),
    );
    expect(signals.map((s) => s.event)).toEqual([
      "email_captured",
      "unsubscribed",
    ]);
  });
});
