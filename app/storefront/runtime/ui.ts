// The storefront UI module (assets/trigger-map-ui.js), loaded only when a rule fires: popups and
// the chat bubble, drawn in a shadow root fixed over the page (the theme's CSS cannot break them,
// and they shift nothing), in the theme's own font. Every text, the merchant's and the shopper's,
// is set as text, never as HTML. Popups are dialogs: labelled, focus kept inside, Esc closes, focus
// returns where it was; motion only for those who did not ask for less. A link or an image whose
// address is not a web address or a page of the shop (safeUrl) is left out, whoever set it.
import { safeUrl } from "../../security/safe-url";
import {
  CART_EVENT,
  type EmbedSettings,
  type Runtime,
  type StorefrontRule,
  type UI,
} from "./types";
import { STYLES } from "./ui-styles";

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === false) continue;
    el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

let host: HTMLElement | undefined;
let root: ShadowRoot;
let sequence = 0;

function layer(settings: EmbedSettings | undefined): ShadowRoot {
  if (!host) {
    host = h("div", { id: "trigger-map-root" });
    root = host.attachShadow({ mode: "open" });
    root.append(h("style", {}, STYLES));
    document.body.append(host);
  }
  const s = settings || {};
  host.style.cssText = `--tm-accent:${s.accent || "#1f2937"};--tm-bg:${s.background || "#fff"};--tm-text:${s.text || "#111"}`;
  return root;
}

/** Fills {{placeholders}}: the shopper's first name, the code; otherwise the rule's fallback. */
function fill(
  text: string,
  rule: StorefrontRule,
  rt: Runtime,
  values: Record<string, string | null>,
): string {
  return text.replace(
    /\{\{\s*(\w+)\s*\}\}/g,
    (_, name: string) =>
      values[name] || rule.fallbacks[name]?.[rt.language] || "",
  );
}

const money = (amount: number, rt: Runtime) =>
  rt.currency
    ? new Intl.NumberFormat(rt.language, {
        style: "currency",
        currency: rt.currency,
      }).format(amount)
    : amount.toFixed(2);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** A code for this shopper and rule, issued by the app when the message is shown. */
async function offer(
  rule: StorefrontRule,
  rt: Runtime,
): Promise<string | null> {
  const response = await rt.post("/offer", {
    visitorId: rt.visitorId,
    rule: rule.id,
  });
  return response.ok
    ? ((await response.json()) as { code: string | null }).code
    : null;
}

interface Product {
  title: string;
  url: string;
  image: string | null;
  price: number;
}

/** Shopify's product JSON gives images as "//cdn.shopify.com/…": the storefront is https. */
const shopifyImage = (src: string | null) =>
  src && src.slice(0, 2) === "//" ? `https:${src}` : src;

async function products(rule: StorefrontRule, rt: Runtime): Promise<Product[]> {
  if (rule.content === "cart_items") {
    const cart = (await (await fetch("/cart.js")).json()) as {
      items: {
        title: string;
        url: string;
        image: string | null;
        final_line_price: number;
      }[];
    };
    return cart.items.slice(0, 4).map((i) => ({
      title: i.title,
      url: i.url,
      image: shopifyImage(i.image),
      price: i.final_line_price / 100,
    }));
  }
  if (rule.content === "viewed_products") {
    const handles = rt.memory.viewed.slice(0, 4);
    const found = await Promise.all(
      handles.map((handle) =>
        fetch(`/products/${encodeURIComponent(handle)}.js`).then(
          (r) => (r.ok ? r.json() : null),
          () => null,
        ),
      ),
    );
    return found
      .filter(
        (
          p,
        ): p is {
          title: string;
          url?: string;
          handle: string;
          featured_image: string | null;
          price: number;
        } => Boolean(p),
      )
      .map((p) => ({
        title: p.title,
        url: p.url || `/products/${p.handle}`,
        image: shopifyImage(p.featured_image),
        price: p.price / 100,
      }));
  }
  const response = await fetch(`${rt.proxy}/products?list=popular`);
  return response.ok
    ? ((await response.json()) as { products: Product[] }).products
    : [];
}

function productList(
  items: Product[],
  rule: StorefrontRule,
  rt: Runtime,
): HTMLElement {
  return h(
    "ul",
    { class: "products" },
    ...items.map((p) => {
      const href = safeUrl(p.url);
      const src = safeUrl(p.image);
      const parts = [
        src
          ? h("img", {
              src,
              alt: "",
              width: "64",
              height: "64",
              loading: "lazy",
            })
          : null,
        h("span", {}, p.title),
        h("span", { class: "price" }, money(p.price, rt)),
      ];
      if (!href) return h("li", {}, h("span", { class: "item" }, ...parts));
      const link = h("a", { href }, ...parts);
      link.addEventListener("click", () => rt.report("clicked", rule));
      return h("li", {}, link);
    }),
  );
}

function codeBox(code: string, rt: Runtime): HTMLElement {
  const copy = h(
    "button",
    { type: "button", class: "secondary" },
    rt.strings.copy,
  );
  copy.addEventListener("click", () => {
    navigator.clipboard?.writeText(code).then(
      () => (copy.textContent = rt.strings.copied),
      () => {},
    );
  });
  return h(
    "div",
    { class: "code" },
    h("span", { class: "label" }, rt.strings.your_code),
    h("output", { class: "value" }, code),
    copy,
  );
}

/** The email form (capture, quiz, "save my cart"): validates inline, then the app creates the customer. */
function captureForm(
  rule: StorefrontRule | null,
  rt: Runtime,
  after: (result: CaptureResult) => void,
): HTMLFormElement {
  const id = `tm-${++sequence}`;
  const choices = rule?.texts[rt.language]?.choices;
  const input = h("input", {
    id: `${id}-email`,
    type: "email",
    name: "email",
    autocomplete: "email",
    required: true,
    placeholder: rt.strings.email_placeholder,
    "aria-describedby": `${id}-msg`,
  });
  const message = h("p", {
    id: `${id}-msg`,
    class: "message",
    "aria-live": "polite",
  });
  const form = h(
    "form",
    { novalidate: true },
    choices?.length
      ? h(
          "fieldset",
          {},
          h("legend", {}, rt.strings.answer_label),
          ...choices.map((choice, i) =>
            h(
              "label",
              { class: "choice" },
              h("input", {
                type: "radio",
                name: "answer",
                value: choice,
                required: i === 0,
              }),
              choice,
            ),
          ),
        )
      : null,
    h("label", { for: `${id}-email` }, rt.strings.email_label),
    h(
      "div",
      { class: "row" },
      input,
      h("button", { type: "submit" }, rt.strings.submit),
    ),
    h("p", { class: "consent" }, rt.strings.consent),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const email = input.value.trim();
    if (!EMAIL.test(email)) {
      input.setAttribute("aria-invalid", "true");
      message.textContent = rt.strings.email_invalid;
      input.focus();
      return;
    }
    input.removeAttribute("aria-invalid");
    const answer = (
      form.querySelector<HTMLInputElement>("input[name=answer]:checked") ||
      undefined
    )?.value;
    const result = await capture(rt, { email, rule: rule?.id, answer });
    if (!result) {
      message.textContent = rt.strings.error;
      return;
    }
    rt.remember("email");
    after(result);
  });
  return form;
}

interface CaptureResult {
  status: "subscribed" | "pending";
  code: string | null;
}

async function capture(
  rt: Runtime,
  body: { email: string; rule?: string; answer?: string },
): Promise<CaptureResult | null> {
  try {
    const response = await rt.post("/capture", {
      visitorId: rt.visitorId,
      locale: rt.language,
      ...body,
    });
    return response.ok ? ((await response.json()) as CaptureResult) : null;
  } catch {
    return null;
  }
}

const pushWorks = () =>
  "serviceWorker" in navigator &&
  "PushManager" in window &&
  "Notification" in window &&
  Notification.permission !== "denied" &&
  // iOS delivers web push only to a web app added to the home screen.
  !(
    /iP(hone|ad|od)/.test(navigator.userAgent) &&
    !(navigator as Navigator & { standalone?: boolean }).standalone
  );

async function subscribePush(rt: Runtime): Promise<boolean> {
  if ((await Notification.requestPermission()) !== "granted") return false;
  const registration = await navigator.serviceWorker.register(
    `${rt.proxy}/sw.js`,
    { scope: `${rt.proxy}/` },
  );
  const { publicKey } = (await (
    await fetch(`${rt.proxy}/push/key`)
  ).json()) as { publicKey: string };
  const key = Uint8Array.from(
    atob(publicKey.replace(/-/g, "+").replace(/_/g, "/")),
    (c) => c.charCodeAt(0),
  );
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  const saved = await rt.post("/push/subscribe", {
    visitorId: rt.visitorId,
    subscription: subscription.toJSON(),
  });
  if (saved.ok) rt.remember("push");
  return saved.ok;
}

function content(
  rule: StorefrontRule,
  rt: Runtime,
  setText: (values: Record<string, string | null>) => void,
  close: () => void,
): HTMLElement | null {
  const box = h("div", { class: "content" });
  const withCode = (code: string | null) => {
    setText({ code });
    if (code) box.append(codeBox(code, rt));
  };
  switch (rule.content) {
    case "email_capture":
    case "qualification":
      box.append(
        captureForm(rule, rt, (result) => {
          box.replaceChildren(
            h(
              "p",
              { class: "done", role: "status" },
              result.status === "pending"
                ? rt.strings.pending
                : rt.strings.thanks,
            ),
          );
          withCode(result.code);
        }),
      );
      return box;
    case "discount_code":
      offer(rule, rt).then(withCode, () => {});
      return box;
    case "viewed_products":
    case "popular_products":
    case "cart_items":
      if (rule.offersCode) offer(rule, rt).then(withCode, () => {});
      products(rule, rt).then(
        (items) => box.prepend(productList(items, rule, rt)),
        () => {},
      );
      return box;
    case "progress_to_threshold": {
      const threshold = rule.threshold ?? 0;
      const bar = h("progress", { max: String(threshold) });
      const label = h("p", { class: "progress-label", "aria-live": "polite" });
      const update = () => {
        const total = rt.cartTotal();
        bar.value = Math.min(total, threshold);
        label.textContent =
          total >= threshold
            ? rt.strings.unlocked
            : rt.strings.left_for_discount.replace(
                "[amount]",
                money(threshold - total, rt),
              );
      };
      update();
      addEventListener(CART_EVENT, update);
      box.append(label, bar);
      return box;
    }
    case "push_opt_in": {
      if (!pushWorks()) return null;
      const allow = h("button", { type: "button" }, rt.strings.allow);
      const later = h(
        "button",
        { type: "button", class: "secondary" },
        rt.strings.not_now,
      );
      allow.addEventListener("click", () => {
        rt.report("clicked", rule);
        subscribePush(rt).then(close, close);
      });
      later.addEventListener("click", close);
      box.append(h("div", { class: "row" }, allow, later));
      return box;
    }
    default:
      // Plain copy may still carry {{code}}: the rule's discount is issued when it shows.
      if (rule.offersCode) offer(rule, rt).then(withCode, () => {});
      return box;
  }
}

function showPopup(rule: StorefrontRule, rt: Runtime): boolean {
  const text = rule.texts[rt.language] || Object.values(rule.texts)[0];
  if (!text) return false;
  const settings = rt.settings.popups;
  const shadow = layer(settings);
  const id = `tm-${++sequence}`;
  const modal = (settings?.position || "center") === "center";
  const before = document.activeElement as HTMLElement | null;
  const title = text.title ? h("h2", { id: `${id}-title` }, "") : null;
  const body = h("p", { id: `${id}-body` }, "");
  let values: Record<string, string | null> = { first_name: rt.firstName };
  const setText = (more: Record<string, string | null>) => {
    values = { ...values, ...more };
    if (title) title.textContent = fill(text.title!, rule, rt, values);
    body.textContent = fill(text.body, rule, rt, values);
  };
  const closeButton = h(
    "button",
    { type: "button", class: "close", "aria-label": rt.strings.close },
    "×",
  );
  const dialog = h(
    "div",
    {
      class: `dialog ${settings?.position || "center"}`,
      role: "dialog",
      "aria-modal": modal ? "true" : "false",
      "aria-labelledby": title ? `${id}-title` : `${id}-body`,
      ...(title ? { "aria-describedby": `${id}-body` } : {}),
      tabindex: "-1",
    },
    closeButton,
    title,
    body,
  );
  const backdrop = modal ? h("div", { class: "backdrop" }) : null;
  const close = () => {
    backdrop?.remove();
    dialog.remove();
    document.removeEventListener("keydown", keys, true);
    before?.focus?.();
    document.dispatchEvent(new CustomEvent("trigger-map:closed"));
  };
  const extra = content(rule, rt, setText, close);
  // Push cannot work in this browser: nothing is shown (and nothing reported as shown).
  if (rule.content === "push_opt_in" && !extra) return false;
  if (extra) dialog.append(extra);
  const href = text.cta && safeUrl(text.cta.url);
  if (text.cta && href) {
    const cta = h("a", { class: "cta", href }, text.cta.label);
    cta.addEventListener("click", () => rt.report("clicked", rule));
    dialog.append(cta);
  }
  setText({});
  closeButton.addEventListener("click", () => {
    rt.report("closed", rule);
    close();
  });
  backdrop?.addEventListener("click", () => {
    rt.report("closed", rule);
    close();
  });
  function keys(event: KeyboardEvent) {
    if (event.key === "Escape") {
      rt.report("closed", rule);
      close();
    } else if (event.key === "Tab" && modal) {
      // Keep focus inside the dialog.
      const focusable = [
        ...dialog.querySelectorAll<HTMLElement>(
          "button, a[href], input, textarea, select",
        ),
      ].filter((el) => !el.hasAttribute("disabled"));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      const active = shadow.activeElement;
      if (event.shiftKey && (active === first || active === dialog)) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  }
  document.addEventListener("keydown", keys, true);
  shadow.append(
    ...[backdrop, dialog].filter((x): x is HTMLDivElement => x !== null),
  );
  (dialog.querySelector<HTMLElement>("input") || dialog).focus();
  return true;
}

function showChat(rule: StorefrontRule, rt: Runtime): boolean {
  const text = rule.texts[rt.language] || Object.values(rule.texts)[0];
  if (!text) return false;
  const settings = rt.settings.chat;
  const shadow = layer(settings);
  const id = `tm-${++sequence}`;
  const bubble = h("div", {
    class: `chat ${settings?.position || "bottom-right"}`,
    role: "complementary",
    "aria-label": rt.strings.chat_open,
  });
  const greeting = h(
    "p",
    { class: "greeting" },
    fill(text.body, rule, rt, { first_name: rt.firstName }),
  );
  if (rule.offersCode) {
    offer(rule, rt).then(
      (code) =>
        (greeting.textContent = fill(text.body, rule, rt, {
          first_name: rt.firstName,
          code,
        })),
      () => {},
    );
  }
  const close = h(
    "button",
    { type: "button", class: "close", "aria-label": rt.strings.close },
    "×",
  );
  const textarea = h("textarea", {
    id: `${id}-msg`,
    name: "message",
    rows: "3",
    required: true,
    maxlength: "2000",
  });
  const email = rt.emailKnown()
    ? null
    : h("input", {
        id: `${id}-email`,
        type: "email",
        name: "email",
        autocomplete: "email",
        required: true,
        placeholder: rt.strings.email_placeholder,
      });
  const status = h("p", { class: "message", "aria-live": "polite" });
  const form = h(
    "form",
    { novalidate: true },
    h("label", { for: `${id}-msg` }, rt.strings.chat_label),
    textarea,
    email && h("label", { for: `${id}-email` }, rt.strings.email_label),
    email,
    h("button", { type: "submit" }, rt.strings.chat_send),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = textarea.value.trim();
    if (!message) return textarea.focus();
    if (email && !EMAIL.test(email.value.trim())) {
      email.setAttribute("aria-invalid", "true");
      status.textContent = rt.strings.email_invalid;
      return email.focus();
    }
    const response = await rt
      .post("/chat", {
        visitorId: rt.visitorId,
        message,
        rule: rule.id,
        page: location.pathname,
        ...(email ? { email: email.value.trim() } : {}),
      })
      .catch(() => null);
    if (!response?.ok) {
      status.textContent = rt.strings.error;
      return;
    }
    rt.report("clicked", rule);
    form.replaceChildren(
      h("p", { class: "done", role: "status" }, rt.strings.chat_sent),
    );
  });
  close.addEventListener("click", () => {
    rt.report("closed", rule);
    bubble.remove();
  });
  // The greeting first, the reply box on request: a message, not a form in the shopper's way.
  const reply = h("button", { type: "button" }, rt.strings.chat_reply);
  reply.addEventListener("click", () => {
    reply.replaceWith(form);
    textarea.focus();
  });
  bubble.append(close, greeting, reply);
  shadow.append(bubble);
  return true;
}

const ui: UI = {
  show(rule, rt) {
    return rule.channel === "chat" ? showChat(rule, rt) : showPopup(rule, rt);
  },
  submitForm(form, rt) {
    const input = form.querySelector<HTMLInputElement>("input[type=email]");
    const message = form.querySelector<HTMLElement>(
      "[role=status], .trigger-map-signup__message",
    );
    const email = input?.value.trim() || "";
    const say = (text: string) => message && (message.textContent = text);
    if (!EMAIL.test(email)) {
      input?.setAttribute("aria-invalid", "true");
      input?.focus();
      return void say(rt.strings.email_invalid);
    }
    input?.removeAttribute("aria-invalid");
    capture(rt, { email }).then((result) => {
      if (!result) return void say(rt.strings.error);
      rt.remember("email");
      say(result.status === "pending" ? rt.strings.pending : rt.strings.thanks);
      form.querySelector("button")?.setAttribute("disabled", "");
    });
  },
};

window.__triggerMapUI = ui;
