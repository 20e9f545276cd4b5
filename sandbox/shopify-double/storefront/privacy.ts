// The storefront's `window.Shopify`: shop, locale, currency, routes, `loadFeatures`, and a stand-in
// for Shopify's Customer Privacy API (`customerPrivacy`). The visitor's region and decision come from
// cookies the double reads (see README: `shopify_double_consent`, `_tracking_consent`).

/** What the visitor decided through setTrackingConsent (the double's own cookie format). */
export interface ConsentDecision {
  analytics: boolean;
  marketing: boolean;
  preferences: boolean;
  sale_of_data: boolean;
}

export const CONSENT_REGION_COOKIE = "shopify_double_consent";
export const CONSENT_DECISION_COOKIE = "_tracking_consent";
/** Shopify's unique visitor token (the web pixel's clientId). */
export const VISITOR_COOKIE = "_shopify_y";

/** Parses the decision cookie; anything else is "no decision". */
export function parseDecision(raw: string | undefined): ConsentDecision | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<
      Record<keyof ConsentDecision, unknown>
    >;
    return {
      analytics: value.analytics === true,
      marketing: value.marketing === true,
      preferences: value.preferences === true,
      sale_of_data: value.sale_of_data === true,
    };
  } catch {
    return null;
  }
}

/** Whether the visitor may be measured (Shopify's analyticsProcessingAllowed). */
export const analyticsAllowed = (
  required: boolean,
  decision: ConsentDecision | null,
) => (decision ? decision.analytics : !required);

export interface ShopifyGlobalsState {
  shop: string;
  locale: string;
  currency: string;
  root: string;
  /** The visitor is where consent is required (GDPR-like) */
  consentRequired: boolean;
  decision: ConsentDecision | null;
}

/** The inline script; its JSON cannot close the script element (no raw "<"). */
export function shopifyGlobalsScript(state: ShopifyGlobalsState): string {
  const data = JSON.stringify(state).replace(/</g, "\\u003c");
  return `(function () {
  var state = ${data};
  var KEYS = ["analytics", "marketing", "preferences", "sale_of_data"];
  function allowed(key) { return state.decision ? state.decision[key] === true : !state.consentRequired; }
  function answer(key) { return state.decision ? (state.decision[key] ? "yes" : "no") : ""; }
  var privacy = {
    userCanBeTracked: function () { return allowed("analytics") && allowed("marketing"); },
    analyticsProcessingAllowed: function () { return allowed("analytics"); },
    marketingAllowed: function () { return allowed("marketing"); },
    firstPartyMarketingAllowed: function () { return allowed("marketing"); },
    thirdPartyMarketingAllowed: function () { return allowed("marketing"); },
    preferencesProcessingAllowed: function () { return allowed("preferences"); },
    saleOfDataAllowed: function () { return allowed("sale_of_data"); },
    shouldShowBanner: function () { return state.consentRequired && !state.decision; },
    shouldShowGDPRBanner: function () { return state.consentRequired && !state.decision; },
    getRegion: function () { return state.consentRequired ? "FR" : "US"; },
    getTrackingConsent: function () { return state.decision ? (state.decision.analytics && state.decision.marketing ? "yes" : "no") : "no_interaction"; },
    currentVisitorConsent: function () {
      var out = {}; KEYS.forEach(function (k) { out[k] = answer(k); }); return out;
    },
    // A boolean (the legacy form) decides everything; an object decides the purposes it names.
    setTrackingConsent: function (consent, callback) {
      var decision = {};
      KEYS.forEach(function (k) {
        var given = typeof consent === "boolean" ? consent : consent && typeof consent[k] === "boolean" ? consent[k] : allowed(k);
        decision[k] = given;
      });
      state.decision = decision;
      document.cookie = "${CONSENT_DECISION_COOKIE}=" + encodeURIComponent(JSON.stringify(decision)) + "; path=/; max-age=31536000; samesite=lax";
      // As the server does on a page view: the visitor token, once the visitor may be measured.
      if (decision.analytics && !/(^|; )${VISITOR_COOKIE}=/.test(document.cookie))
        document.cookie = "${VISITOR_COOKIE}=" + crypto.randomUUID() + "; path=/; max-age=31536000; samesite=lax";
      setTimeout(function () {
        document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: {
          analyticsAllowed: decision.analytics, marketingAllowed: decision.marketing, preferencesAllowed: decision.preferences,
          saleOfDataAllowed: decision.sale_of_data, firstPartyMarketingAllowed: decision.marketing, thirdPartyMarketingAllowed: decision.marketing
        } }));
        if (typeof callback === "function") callback();
      }, 0);
    }
  };
  var Shopify = window.Shopify = window.Shopify || {};
  Shopify.shop = state.shop;
  Shopify.locale = state.locale;
  Shopify.currency = { active: state.currency, rate: "1.0" };
  Shopify.country = privacy.getRegion().slice(0, 2);
  Shopify.routes = { root: state.root + "/" };
  Shopify.customerPrivacy = privacy;
  // Features load asynchronously on Shopify; the double knows only the consent API (already here).
  Shopify.loadFeatures = function (features, callback) {
    var unknown = (features || []).filter(function (f) { return !f || f.name !== "consent-tracking-api"; });
    setTimeout(function () {
      if (typeof callback === "function") callback(unknown.length ? [new Error("Unknown feature: " + unknown.map(function (f) { return f && f.name; }).join(", "))] : undefined);
    }, 0);
  };
})();`;
}
