// The storefront runtime's shapes: what the theme embed's Liquid inlines in the page
// (extensions/trigger-map-theme/snippets/trigger-map-context.liquid), what the loader keeps in
// the browser, and what it hands the UI module; and the few names both bundles share.
import type { StorefrontConfig, StorefrontRule } from "../config";
import type { PageType } from "../../scenarios/model";
import type { Waits } from "./waits";

export type { StorefrontConfig, StorefrontRule };

export type Embed = "popups" | "chat" | "form";

export interface EmbedSettings {
  accent?: string;
  background?: string;
  text?: string;
  position?: "center" | "bottom-left" | "bottom-right";
  /** Path prefixes, comma separated, where the embed stays off. */
  hideOn?: string | null;
  mobile?: boolean;
}

/** One `<script type="application/json" data-trigger-map>` element of the page. */
export interface EmbedData {
  embed: Embed;
  settings: EmbedSettings;
  /** Shopify's `request.page_type` (index, product, collection, cart, ...). */
  page: string;
  path: string;
  locale: string;
  currency: string | null;
  /** `cart.total_price` is in the currency's minor unit. */
  cart: { total: number; count: number };
  customer?: {
    id: number;
    emailKnown: boolean;
    firstName: string | null;
    orders: number;
  };
  product?: { id: number; handle: string };
  config: StorefrontConfig | null;
  ui: string;
  strings: Record<string, string>;
}

/** What the browser remembers between pages (only with the visitor's consent). */
export interface Memory {
  /** A visitor id of our own, where Shopify's `_shopify_y` cookie is absent. */
  v?: string;
  visits: number;
  /** The last page view and the start of the current visit (ms). */
  last: number;
  start: number;
  /** When each rule was last shown. */
  shown: Record<string, number>;
  /** What the current visit showed (rule ids, "ordered", "test"): a rule shows once a visit. */
  visit: string[];
  email?: 1;
  push?: 1;
  ordered?: 1;
  /** Handles of products viewed, newest first. */
  viewed: string[];
  /** When the shopper last acted (a message shown, an email left): queued messages may wait. */
  pending?: number;
  /** When each fired rule's delay ends, across pages (waits.ts). */
  waits?: Waits;
  /** The cart's item count the last page or cart call saw: more is an add to the cart. */
  cart?: number;
}

export type ReportType = "shown" | "clicked" | "closed";

/** What the loader gives the UI module. */
export interface Runtime {
  language: string;
  strings: Record<string, string>;
  visitorId: string;
  /** The app proxy's path on the shop's domain. */
  proxy: string;
  currency: string | null;
  page: PageType;
  firstName: string | null;
  settings: Partial<Record<Embed, EmbedSettings>>;
  memory: Memory;
  /** The cart total in major units, kept current from the shop's cart API. */
  cartTotal(): number;
  emailKnown(): boolean;
  remember(fact: "email" | "push"): void;
  post(path: string, body: object): Promise<Response>;
  report(type: ReportType, rule: StorefrontRule): void;
}

export interface UI {
  /** False when the message cannot be shown here (e.g. push opt-in where push cannot work). */
  show(rule: StorefrontRule, runtime: Runtime): boolean;
  /** Handles a submit of the inline signup form (app block). */
  submitForm(form: HTMLFormElement, runtime: Runtime): void;
}

/** Dispatched on `window` when the cart changes; the progress popup follows it. */
export const CART_EVENT = "trigger-map:cart";
/** Dispatched on `document` when a message is shown (merchants' own analytics may listen). */
export const SHOWN_EVENT = "trigger-map:shown";

export interface ShopifyPrivacy {
  userCanBeTracked?(): boolean;
}

declare global {
  interface Window {
    __triggerMap?: { started: true };
    __triggerMapUI?: UI;
    Shopify?: {
      customerPrivacy?: ShopifyPrivacy;
      loadFeatures?(
        features: { name: string; version: string }[],
        callback: (error?: unknown) => void,
      ): void;
    };
  }
}
