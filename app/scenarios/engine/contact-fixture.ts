// A contact as the engine sees it, for tests and benchmarks: a subscribed shopper in Berlin with
// a cart, no order yet; callers override what their case is about.
import type { ContactSnapshot } from "./types";

export function testContact(
  over: Partial<ContactSnapshot> = {},
): ContactSnapshot {
  return {
    id: "c1",
    email: "ann@example.com",
    emailConsent: true,
    pushSubscribed: false,
    onSite: false,
    timeZone: "Europe/Berlin",
    isTest: false,
    visitCount: 1,
    tags: [],
    cartTotal: 40,
    pageType: null,
    lastOrderAt: null,
    receivedMessageKeys: [],
    marketingSentAt: [],
    values: {},
    ...over,
  };
}
