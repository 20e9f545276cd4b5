// What the engine would have known about a contact at a moment of the window, rebuilt from the
// contact as stored now and its events: a fact an event of the window brought was unknown before
// it (an email first captured, a name, consent given), a fact no event touched held all along.
import type { EmailConsentState } from "../../events/normalize";
import { ON_SITE_MS, type ContactSnapshot } from "../engine";
import type { PageType } from "../model";
import type { HistoryContact, HistoryEvent, SimulationSetup } from "./types";

/** Storefront activity this recent means on-site messages can reach the contact (as snapshot.server.ts). */
const STOREFRONT_SOURCES = new Set(["pixel", "storefront"]);

export class ContactFacts {
  private email: string | null;
  private consent: EmailConsentState;
  private firstName: string | null;
  private lastName: string | null;
  private visitCount: number;
  private lastSeenAt: Date | null;
  private lastOrderAt: Date | null;
  private cartTotal: number | null = null;
  private tags: string[];
  private pushSeen = false;
  /** The latest shipment's tracking page ({{tracking_url}} of the order-status messages). */
  private trackingUrl: string | null = null;
  readonly language: string;

  constructor(
    private readonly contact: HistoryContact,
    private readonly setup: SimulationSetup,
  ) {
    const start = setup.window.start;
    const events = contact.events;
    const before = (d: Date | null) => (d && d < start ? d : null);
    this.email = events.some((e) => e.payload.derived?.emailCaptured)
      ? null
      : contact.email;
    const consentEvents = events.some(
      (e) =>
        (e.payload.profile?.consent &&
          e.payload.profile.consent.state !== "UNKNOWN") ||
        e.payload.derived?.unsubscribed,
    );
    this.consent =
      !consentEvents || before(contact.consentUpdatedAt)
        ? contact.emailConsent
        : "UNKNOWN";
    this.firstName = events.some((e) => e.payload.profile?.firstName)
      ? null
      : contact.firstName;
    this.lastName = events.some((e) => e.payload.profile?.lastName)
      ? null
      : contact.lastName;
    this.visitCount = Math.max(
      0,
      contact.visitCount -
        events.filter((e) => e.payload.derived?.newVisit).length,
    );
    this.lastSeenAt = before(contact.lastSeenAt);
    this.lastOrderAt = before(contact.lastOrderAt);
    this.tags = contact.tags;
    const language = contact.locale?.slice(0, 2).toLowerCase();
    this.language =
      language && setup.shop.languages.includes(language)
        ? language
        : setup.shop.languages[0];
  }

  /** What processing learned from the event (profile, consent, visit, cart, order), before the engine sees it. */
  apply(event: HistoryEvent): void {
    const { payload } = event;
    const profile = payload.profile;
    if (payload.identity.email) this.email = payload.identity.email;
    else if (payload.derived?.emailCaptured) this.email = this.contact.email;
    if (profile?.firstName && (profile.authoritative || !this.firstName))
      this.firstName = profile.firstName;
    if (profile?.lastName && (profile.authoritative || !this.lastName))
      this.lastName = profile.lastName;
    if (profile?.authoritative && profile.tags) this.tags = profile.tags;
    if (profile?.consent && profile.consent.state !== "UNKNOWN")
      this.consent = profile.consent.state;
    if (payload.derived?.unsubscribed) this.consent = "UNSUBSCRIBED";
    if (payload.derived?.newVisit) this.visitCount++;
    if (STOREFRONT_SOURCES.has(event.source)) this.lastSeenAt = event.at;
    if (payload.type === "push_subscribed") this.pushSeen = true;
    if (payload.cart) {
      const total = Number(payload.cart.totalPrice);
      this.cartTotal =
        payload.cart.completedAt ||
        payload.cart.totalPrice === null ||
        !Number.isFinite(total)
          ? null
          : total;
    }
    if (
      payload.fulfillment &&
      (payload.type === "order_shipped" ||
        payload.type === "order_out_for_delivery" ||
        payload.type === "order_delivered")
    )
      this.trackingUrl = payload.fulfillment.trackingUrl;
    if (payload.type === "order_placed" && payload.order) {
      const at = new Date(payload.order.createdAt);
      if (!this.lastOrderAt || this.lastOrderAt < at) this.lastOrderAt = at;
      this.cartTotal = null;
    }
  }

  snapshot(
    now: Date,
    pageType: PageType | undefined,
    simulated: { keys: string[]; marketingAt: Date[] },
  ): ContactSnapshot {
    const { contact, setup } = this;
    const received = contact.received.filter((r) => r.at <= now);
    return {
      id: contact.id,
      email: this.email,
      emailConsent: this.consent === "SUBSCRIBED",
      pushSubscribed:
        this.pushSeen || contact.pushSubscribedAt.some((at) => at <= now),
      onSite: Boolean(
        this.lastSeenAt &&
        now.valueOf() - this.lastSeenAt.valueOf() < ON_SITE_MS,
      ),
      timeZone: contact.timezone,
      isTest:
        contact.isTest ||
        Boolean(
          this.email &&
          setup.shop.testContacts
            .map((e) => e.toLowerCase())
            .includes(this.email),
        ),
      visitCount: this.visitCount,
      tags: this.tags,
      cartTotal: this.cartTotal,
      pageType: pageType ?? null,
      lastOrderAt: this.lastOrderAt,
      receivedMessageKeys: [
        ...new Set([...received.map((r) => r.messageKey), ...simulated.keys]),
      ],
      marketingSentAt: [
        ...received.filter((r) => r.marketing).map((r) => r.at),
        ...simulated.marketingAt,
      ],
      values: {
        first_name: this.firstName,
        last_name: this.lastName,
        email: this.email,
        shop_name: setup.shop.name,
        tracking_url: this.trackingUrl,
      },
    };
  }
}
