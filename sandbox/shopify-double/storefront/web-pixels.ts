// Shopify's web pixels manager on the demo storefront. The app's pixel extension
// (extensions/trigger-map-pixel) is built as Shopify CLI builds it (esbuild, one script) and run
// as Shopify runs app pixels in the "strict" runtime context: in a sandboxed iframe
// (`sandbox="allow-scripts"`: an opaque origin, no reach into the page, its cookies or storage),
// through `register` (`shopify.extend("WebPixel::Render", ...)`) with `analytics.subscribe`,
// `init`, `settings` and `browser` (cookies and storage, done by the page on the pixel's behalf).
// The page publishes the standard events as Shopify's storefront does: page_viewed on every page,
// product_viewed, collection_viewed, search_submitted, cart_viewed, product_added_to_cart (the
// theme's AJAX call to /cart/add, seen by wrapping fetch; a form post's add, on the page it lands
// on) and checkout_started (the double's stand-in checkout page). Only for a visitor whose consent
// covers analytics and marketing, the purposes the extension's [customer_privacy] names.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the manager's files are served on the storefront's origin. */
export const WPM_PATH = "/wpm/";
export const SANDBOX_FILE = "sandbox.html";
export const PIXEL_FILE = "trigger-map-pixel.js";

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../..",
);
export const PIXEL_ENTRY = path.join(
  root,
  "extensions/trigger-map-pixel/src/index.ts",
);

let bundle: Promise<string> | undefined;

/** The pixel extension's script, built once per process from its sources as they are now. */
export function pixelBundle(): Promise<string> {
  return (bundle ??= build({
    entryPoints: [PIXEL_ENTRY],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    write: false,
    logLevel: "silent",
  }).then((result) => result.outputFiles[0]!.text));
}

export interface PixelEventInput {
  name: string;
  data: unknown;
}

export interface WebPixelsPage {
  currency: string;
  /** The pixel's settings, as the app set them with webPixelCreate / webPixelUpdate. */
  settings: Record<string, unknown>;
  /** Shopify's `init`: `data` (shop, cart, customer) and `context` are filled in the page. */
  init: { data: Record<string, unknown> };
  /** Standard events of this page, published once the page has loaded. */
  events: PixelEventInput[];
}

/**
 * The sandboxed iframe's document: the `shopify` global that `register` extends, then the pixel's
 * script, then "ready" to the page, which answers with `init` and the events.
 */
export const sandboxDocument = () => `<!doctype html>
<meta charset="utf-8">
<title>Web pixels sandbox</title>
<script>
(function () {
  var host = parent, extensions = [], subscribers = {}, calls = {}, seq = 0;
  function call(method, args) {
    return new Promise(function (resolve) {
      calls[++seq] = resolve;
      host.postMessage({ wpm: "call", id: seq, method: method, args: args }, "*");
    });
  }
  function storage(area) {
    return {
      getItem: function (key) { return call(area + ".getItem", [key]); },
      setItem: function (key, value) { return call(area + ".setItem", [key, value]); },
      removeItem: function (key) { return call(area + ".removeItem", [key]); },
    };
  }
  self.shopify = {
    extend: function (point, extend) {
      if (point === "WebPixel::Render") extensions.push(extend);
    },
  };
  addEventListener("message", function (message) {
    if (message.source !== host) return;
    var m = message.data || {};
    if (m.wpm === "init") {
      var api = {
        analytics: {
          subscribe: function (name, handler) {
            (subscribers[name] = subscribers[name] || []).push(handler);
          },
        },
        browser: {
          cookie: {
            get: function (name) { return call("cookie.get", [name]); },
            set: function (a, b) { return call("cookie.set", b === undefined ? [a] : [a, b]); },
          },
          localStorage: storage("localStorage"),
          sessionStorage: storage("sessionStorage"),
          sendBeacon: function (url, body) { return Promise.resolve(navigator.sendBeacon(url, body)); },
        },
        init: m.init,
        settings: m.settings,
        customerPrivacy: { subscribe: function () {} },
      };
      extensions.forEach(function (extend) {
        try { extend(api); } catch (error) { console.error("[web pixel]", error); }
      });
    } else if (m.wpm === "event") {
      var event = m.event;
      [].concat(subscribers[event.name] || [], subscribers.all_events || [], subscribers.all_standard_events || [])
        .forEach(function (handler) {
          try { handler(event); } catch (error) { console.error("[web pixel]", error); }
        });
    } else if (m.wpm === "result" && calls[m.id]) {
      calls[m.id](m.value);
      delete calls[m.id];
    }
  });
})();
</script>
<script src="${WPM_PATH}${PIXEL_FILE}"></script>
<script>parent.postMessage({ wpm: "ready" }, "*");</script>
`;

/**
 * The manager in the page (inline, in the head, before the theme's scripts): publishes the page's
 * events and the theme's AJAX adds into the pixel's iframe, and does its cookie and storage calls.
 */
export function managerScript(page: WebPixelsPage): string {
  const config = JSON.stringify({
    ...page,
    sandbox: `${WPM_PATH}${SANDBOX_FILE}`,
  }).replace(/</g, "\\u003c");
  return `(function (config) {
  var frame, ready = false, started = false, queue = [], seq = 0;
  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
  }
  function context() {
    var l = location;
    return {
      document: { location: { href: l.href, pathname: l.pathname, search: l.search, hash: l.hash, host: l.host, hostname: l.hostname, origin: l.origin, protocol: l.protocol, port: l.port }, referrer: document.referrer, title: document.title, characterSet: document.characterSet },
      navigator: { language: navigator.language, userAgent: navigator.userAgent, cookieEnabled: navigator.cookieEnabled },
      window: { innerWidth: innerWidth, innerHeight: innerHeight },
    };
  }
  // The visitor token as it is when the pixel runs (consent given after the page loaded sets it).
  function send(event) {
    event.clientId = cookie("_shopify_y");
    frame.contentWindow.postMessage({ wpm: "event", event: event }, "*");
  }
  function publish(name, data) {
    var event = { id: "sh-" + Math.random().toString(16).slice(2) + "-" + (++seq), name: name, type: "standard", seq: seq, timestamp: new Date().toISOString(), context: context(), data: data || {} };
    if (ready) send(event); else queue.push(event);
  }
  function allowed() {
    var p = window.Shopify && Shopify.customerPrivacy;
    return !p || (p.analyticsProcessingAllowed() && p.marketingAllowed());
  }
  function answer(m) {
    var a = m.args || [], value = null, area = /^(local|session)Storage\\./.test(m.method) ? window[m.method.split(".")[0]] : null;
    if (m.method === "cookie.get") value = a[0] ? cookie(a[0]) : document.cookie;
    else if (m.method === "cookie.set") document.cookie = a.length > 1 ? a[0] + "=" + a[1] + "; path=/" : a[0];
    else if (area && /getItem$/.test(m.method)) value = area.getItem(a[0]);
    else if (area && /setItem$/.test(m.method)) area.setItem(a[0], a[1]);
    else if (area && /removeItem$/.test(m.method)) area.removeItem(a[0]);
    frame.contentWindow.postMessage({ wpm: "result", id: m.id, value: value }, "*");
  }
  function start() {
    if (started || !allowed()) return;
    started = true;
    frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = "Web pixels";
    frame.style.cssText = "position:absolute;width:0;height:0;border:0;visibility:hidden";
    frame.src = config.sandbox;
    addEventListener("message", function (message) {
      if (!frame || message.source !== frame.contentWindow) return;
      var m = message.data || {};
      if (m.wpm === "ready") {
        frame.contentWindow.postMessage({ wpm: "init", settings: config.settings, init: { data: config.init.data, context: context() } }, "*");
        ready = true;
        queue.splice(0).forEach(send);
      } else if (m.wpm === "call") answer(m);
    });
    document.body.appendChild(frame);
  }
  function money(cents, currency) { return { amount: cents / 100, currencyCode: currency }; }
  // Shopify's storefront sees the theme's AJAX adds: /cart/add(.js) answered with the lines added.
  var fetch0 = window.fetch;
  window.fetch = function (input) {
    var url = String(typeof input === "string" || input instanceof URL ? input : input.url);
    var answered = fetch0.apply(this, arguments);
    if (/\\/cart\\/add(\\.js)?([?#]|$)/.test(url))
      answered.then(function (res) {
        if (!res.ok) return;
        res.clone().json().then(function (body) {
          (body.items || [body]).forEach(function (line) {
            publish("product_added_to_cart", { cartLine: {
              quantity: line.quantity,
              cost: { totalAmount: money(line.line_price, config.currency) },
              merchandise: { id: String(line.variant_id), title: line.variant_title || line.title, price: money(line.price, config.currency), product: { id: String(line.product_id), title: line.product_title || line.title, vendor: line.vendor, url: line.url } },
            } });
          });
        }, function () {});
      }, function () {});
    return answered;
  };
  config.events.forEach(function (e) { publish(e.name, e.data); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("visitorConsentCollected", start);
})(${config});`;
}
