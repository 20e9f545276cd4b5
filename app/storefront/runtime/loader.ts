// The storefront loader (assets/trigger-map.js, async; budget 5,000 bytes gzipped). It reads
// the configuration the theme embed inlined, evaluates the shop's on-site rules in the browser and
// sends nothing until one fires; only then does it load the UI module. Without the visitor's
// consent (where Shopify's privacy API says it is required) it stores and reports nothing and
// shows no message, until consent is given. Any error leaves the theme untouched and is logged once.
// A rule's delay outlives the page (waits.ts): the next page finishes it.
import {
  PENDING_COOKIE,
  ORDERED_COOKIE,
} from "../../../extensions/trigger-map-pixel/src/pixel";
import type { Condition, PageType } from "../../scenarios/model";
import type { PendingMessage } from "../pending.server";
import {
  CART_EVENT,
  SHOWN_EVENT,
  type EmbedData,
  type Memory,
  type Runtime,
  type StorefrontRule,
  type UI,
} from "./types";
import { cartGrew, dueAt, keptWaits } from "./waits";

const PROXY = "/apps/trigger-map";
const KEY = "trigger-map";
const VISIT_GAP_MS = 30 * 60_000;
/** After the shopper acted, scenarios may queue on-site messages for a while (see pending.server.ts). */
const PENDING_MS = 30 * 60_000;

const w = window;
const d = document;
let warned = false;
const warn = (error: unknown) => {
  if (!warned) console.warn("[trigger-map] off for this page:", error);
  warned = true;
};

/** `tracking`: the visitor consented (or no consent is required). Without it, only the signup form works. */
function start(tracking: boolean): void {
  const data: EmbedData[] = [
    ...d.querySelectorAll("script[data-trigger-map]"),
  ].map((el) => JSON.parse(el.textContent || ""));
  const main = data[0];
  if (!main) return;
  const config = data.find((x) => x.config)?.config;
  const rules: StorefrontRule[] =
    config?.v === 1 && Array.isArray(config.rules) ? config.rules : [];
  const settings = Object.fromEntries(
    data.map((x) => [x.embed, x.settings || {}]),
  );

  const now = Date.now();
  // One storage area, read once: each first touch of a browser storage costs milliseconds.
  const memory: Memory = {
    visits: 0,
    last: 0,
    start: now,
    shown: {},
    visit: [],
    viewed: [],
    ...(tracking ? read() : null),
  };
  if (now - memory.last > VISIT_GAP_MS) {
    memory.visits++;
    memory.start = now;
    memory.visit = [];
  }
  // What this visit already showed (rules, the order's messages, the test link).
  const session = memory.visit;
  memory.last = now;
  const page = pageTypeOf(main.page);
  if (main.product)
    memory.viewed = [
      main.product.handle,
      ...memory.viewed.filter((h) => h !== main.product!.handle),
    ].slice(0, 12);
  const cookies = document.cookie;
  const cookie = (name: string) =>
    cookies
      .split("; ")
      .find((c) => c.startsWith(name + "="))
      ?.slice(name.length + 1) || "";
  const ordered = Boolean(cookie(ORDERED_COOKIE));
  if (ordered) {
    memory.ordered = 1;
    d.cookie = `${ORDERED_COOKIE}=; path=/; max-age=0`;
  }
  if (cookie(PENDING_COOKIE)) {
    memory.pending = now;
    d.cookie = `${PENDING_COOKIE}=; path=/; max-age=0`;
  }
  const visitorId =
    cookie("_shopify_y") ||
    (memory.v ||= Math.random().toString(36).slice(2) + now.toString(36));
  const save = () => {
    if (tracking) write(memory);
  };
  // The cart as this page shows it: more items than last seen is an add (a theme's form post).
  const count = main.cart?.count || 0;
  const added = cartGrew(memory.cart, count);
  memory.cart = count;
  const waits = (memory.waits = keptWaits(memory.waits || {}, rules, now, {
    count,
    ordered,
  }));
  save();

  const language =
    config?.languages.find((l) => main.locale?.startsWith(l)) ||
    config?.languages[0] ||
    "en";
  let cartTotal = (main.cart?.total || 0) / 100;
  if (
    /[?&]trigger_map_test=1/.test(location.search) &&
    !session.includes("test")
  )
    session.push("test");
  const test = session.includes("test");

  const post = (path: string, body: object) =>
    fetch(PROXY + path, {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  const runtime: Runtime = {
    language,
    visitorId,
    page,
    settings,
    strings: main.strings || {},
    proxy: PROXY,
    currency: main.currency,
    firstName: main.customer?.firstName || null,
    memory,
    cartTotal: () => cartTotal,
    emailKnown: () => Boolean(main.customer?.emailKnown || memory.email),
    remember(fact) {
      memory[fact] = 1;
      memory.pending = Date.now();
      save();
    },
    post,
    report(type, rule) {
      memory.pending = Date.now();
      save();
      if (tracking)
        post("/events", {
          visitorId,
          events: [
            {
              id: `${rule.id}:${type}:${Date.now()}`,
              type,
              rule: rule.id,
              at: new Date().toISOString(),
            },
          ],
        }).catch(() => {});
    },
  };

  let ui: Promise<UI> | undefined;
  const loadUI = () =>
    (ui ||= new Promise<UI>((resolve, reject) => {
      const script = d.createElement("script");
      script.src = main.ui;
      script.async = true;
      script.onload = () =>
        w.__triggerMapUI
          ? resolve(w.__triggerMapUI)
          : reject(new Error("no UI"));
      script.onerror = reject;
      d.head.appendChild(script);
    }));

  // The inline signup form (app block) works whatever the rules say: the shopper asks for it.
  for (const form of d.querySelectorAll<HTMLFormElement>(
    "[data-trigger-map-form] form",
  )) {
    form.onsubmit = (event) => {
      event.preventDefault();
      loadUI().then((u) => u.submitForm(form, runtime), warn);
    };
  }
  if (!tracking) return;

  const facts: Record<string, () => unknown> = {
    email_known: runtime.emailKnown,
    push_subscribed: () => Boolean(memory.push),
    has_ordered: () => Boolean(main.customer?.orders || memory.ordered),
  };
  const holds = (c: Condition): boolean => {
    if ("all" in c) return c.all.every(holds);
    if ("any" in c) return c.any.some(holds);
    switch (c.type) {
      case "cart_total_below":
        return cartTotal < c.amount;
      case "cart_total_at_least":
        return cartTotal >= c.amount;
      case "visits_at_least":
        return memory.visits >= c.count;
      case "page_type":
        return page === c.is;
      default:
        // Facts the browser does not know are not in on-site rules; refuse rather than guess.
        return c.type in facts && "is" in c && facts[c.type]() === c.is;
    }
  };

  const phone = innerWidth < 750;
  const embedOn = (rule: StorefrontRule) => {
    const s = settings[rule.channel === "chat" ? "chat" : "popups"];
    if (!s || (phone && s.mobile === false)) return false;
    return !(s.hideOn || "")
      .split(",")
      .some((p) => p.trim() && location.pathname.startsWith(p.trim()));
  };
  let open = false;
  // The browser may see it at all (once a visit, frequency, test link, rollout)...
  const allowed = (rule: StorefrontRule) =>
    !session.includes(rule.id) &&
    Date.now() - (memory.shown[rule.id] || 0) >= rule.repeatAfterMs &&
    (!rule.test || test) &&
    hash(visitorId + rule.id.split(":")[0]) % 100 < rule.rollout;
  // ...and this page, now.
  const eligible = (rule: StorefrontRule) =>
    allowed(rule) &&
    embedOn(rule) &&
    rule.conditions.every(holds) &&
    !(open && rule.channel === "popup");

  const show = (rule: StorefrontRule) => {
    if (!eligible(rule)) return;
    if (rule.channel === "popup") open = true;
    session.push(rule.id);
    memory.shown[rule.id] = Date.now();
    save();
    loadUI().then((u) => {
      // Not shown here (push cannot work in this browser): not reported, and not tried again soon.
      if (!u.show(rule, runtime)) return void (open = false);
      runtime.report("shown", rule);
      d.dispatchEvent(
        new CustomEvent(SHOWN_EVENT, { detail: { rule: rule.id } }),
      );
    }, warn);
  };
  d.addEventListener("trigger-map:closed", () => (open = false));
  // A wait ends on whatever page the shopper is on then; one its page cannot show (the embed off
  // there, a condition, a popup open) stays for the next page, until waits.ts drops it.
  const timers: Record<string, ReturnType<typeof setTimeout>> = {};
  const wait = (rule: StorefrontRule) => {
    clearTimeout(timers[rule.id]);
    timers[rule.id] = setTimeout(
      () => {
        if (!(rule.id in waits) || !eligible(rule)) return;
        delete waits[rule.id];
        show(rule);
      },
      Math.max(0, waits[rule.id]! - Date.now()),
    );
  };
  const fire = (rule: StorefrontRule, delayMs = rule.delayMs) => {
    if (!allowed(rule)) return;
    if (rule.trigger.type === "exit_intent")
      return void setTimeout(() => show(rule), Math.max(0, delayMs));
    waits[rule.id] = dueAt(waits, rule.id, Date.now(), delayMs);
    save();
    wait(rule);
  };
  const on = (type: string) => rules.filter((r) => r.trigger.type === type);
  for (const rule of rules) if (rule.id in waits) wait(rule);
  if (added) on("added_to_cart").forEach((r) => fire(r));

  for (const rule of rules) {
    const t = rule.trigger;
    if (t.type === "site_visit") {
      const visitorOk =
        t.visitor === "first"
          ? memory.visits === 1
          : t.visitor === "returning"
            ? memory.visits > 1
            : true;
      // Time on site, not on this page: the delay runs from the visit's first page.
      if (visitorOk && memory.visits >= (t.minVisits || 1))
        fire(rule, rule.delayMs - (now - memory.start));
    } else if (
      t.type === "page_viewed"
        ? t.pageType === page
        : PAGE_TRIGGERS[t.type] === page
    ) {
      fire(rule);
    } else if (
      t.type === "order_placed" &&
      memory.ordered &&
      !session.includes("ordered")
    ) {
      fire(rule);
    }
  }
  if (memory.ordered) session.push("ordered");

  // Messages a scenario queued after the shopper acted: asked for only then, not on every page.
  if (memory.pending && now - memory.pending < PENDING_MS) {
    fetch(`${PROXY}/pending?visitorId=${encodeURIComponent(visitorId)}`)
      .then((r) => r.json())
      .then(({ messages }: { messages: PendingMessage[] }) => {
        if (!messages.length) delete memory.pending;
        save();
        for (const m of messages) {
          show({
            id: m.id,
            trigger: { type: "site_visit", visitor: "any" },
            conditions: [],
            delayMs: 0,
            channel: m.channel,
            content: m.content,
            repeatAfterMs: 0,
            test: false,
            rollout: 100,
            offersCode: false,
            texts: { [language]: m.text },
            fallbacks: {},
          });
        }
      })
      .catch(() => {});
  }

  const exits = on("exit_intent");
  if (exits.length) {
    const leave = () => exits.forEach((r) => fire(r));
    // Desktop: the pointer leaves through the top of the window. Phones: a fast scroll back up.
    d.addEventListener(
      "mouseout",
      (e) => !e.relatedTarget && e.clientY <= 0 && leave(),
    );
    let lastY = scrollY;
    let deepest = 0;
    let up = false;
    let top = 0;
    let topAt = 0;
    addEventListener(
      "scroll",
      () => {
        const y = scrollY;
        const at = Date.now();
        deepest = Math.max(deepest, y);
        if (y < lastY) {
          // An upward run starts where the page was: a third of a screen back within 0.6 s is a flick.
          if (!up) {
            up = true;
            top = lastY;
            topAt = at;
          }
          if (
            deepest > innerHeight &&
            top - y > innerHeight / 3 &&
            at - topAt < 600
          )
            leave();
        } else {
          up = false;
        }
        lastY = y;
      },
      { passive: true },
    );
  }

  // The cart changes through the theme's own calls to Shopify's cart API: watch them, then ask
  // /cart.js for the total (a request only after the shopper acted).
  if (w.PerformanceObserver) {
    new PerformanceObserver((list) => {
      const entry = list
        .getEntries()
        .find((e) => /\/cart\/(add|change|update|clear)/.test(e.name));
      if (!entry) return;
      fetch("/cart.js", { headers: { Accept: "application/json" } })
        .then((r) => r.json())
        .then((cart: { total_price: number; item_count: number }) => {
          cartTotal = cart.total_price / 100;
          w.dispatchEvent(new CustomEvent(CART_EVENT, { detail: cart }));
          // Counted, not matched on the URL: the next page must not take this add for a new one.
          const grew = cartGrew(memory.cart, cart.item_count);
          memory.cart = cart.item_count;
          if (!cart.item_count)
            for (const r of on("added_to_cart")) delete waits[r.id];
          save();
          if (grew) on("added_to_cart").forEach((r) => fire(r));
        })
        .catch(() => {});
    }).observe({ type: "resource" });
  }
}

const PAGE_TRIGGERS: Record<string, PageType> = {
  product_viewed: "product",
  cart_viewed: "cart",
};

export function pageTypeOf(shopifyPageType: string): PageType {
  if (shopifyPageType === "index") return "home";
  if (shopifyPageType === "list-collections") return "collection";
  return /^(product|collection|cart|search|blog|article)$/.test(shopifyPageType)
    ? (shopifyPageType as PageType)
    : "other";
}

/** FNV-1a: a stable share of browsers for a rollout, the same on every page. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++)
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function read(): Partial<Memory> | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) || "null");
  } catch {
    return null;
  }
}

function write(value: Memory) {
  try {
    localStorage.setItem(KEY, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the rules still run for this page.
  }
}

function boot(): void {
  if (w.__triggerMap) return;
  w.__triggerMap = { started: true };
  const privacy = () => w.Shopify?.customerPrivacy;
  const run = () => {
    const p = privacy();
    const tracking = !p?.userCanBeTracked || p.userCanBeTracked();
    safely(() => start(tracking));
    // Consent is required and not given: keep nothing meanwhile; start for real once given.
    if (!tracking)
      d.addEventListener(
        "visitorConsentCollected",
        () => p!.userCanBeTracked!() && safely(() => start(true)),
        { once: true },
      );
  };
  const loadFeatures = w.Shopify?.loadFeatures;
  const begin = () => {
    if (!privacy() && loadFeatures)
      loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], () =>
        safely(run),
      );
    else safely(run);
  };
  // Loaded async (it never holds up the page's parsing or first paint): wait for the whole
  // document, so every embed's configuration is there.
  if (d.readyState === "loading")
    d.addEventListener("DOMContentLoaded", begin, { once: true });
  else begin();
}

function safely(f: () => void): void {
  try {
    f();
  } catch (error) {
    warn(error);
  }
}

boot();
