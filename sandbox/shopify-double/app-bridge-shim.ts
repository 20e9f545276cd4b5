// The sandbox's stand-in for Shopify's App Bridge script (cdn.shopify.com, unreachable here). Like
// App Bridge it gives the page `shopify.idToken()` and adds a fresh session token to the app's own
// fetches; it draws <ui-nav-menu> links as a bar, since there is no Shopify admin around the app.
// <ui-save-bar> (what @shopify/app-bridge-react's SaveBar renders, then drives through the element's
// show() / hide() and its "show" / "hide" events) is drawn as Shopify's contextual save bar: a bar
// fixed at the top holding the element's own <button variant="primary"> (Save) and <button>
// (Discard), so clicking them runs the app's handlers; `shopify.saveBar.show/hide/toggle(id)` and
// `leaveConfirmation()` act on it by id as App Bridge's API does.
export function appBridgeShim(doubleUrl: string): string {
  return `(() => {
  const double = ${JSON.stringify(doubleUrl)};
  const params = new URLSearchParams(location.search);
  const shop = params.get("shop") || sessionStorage.getItem("tm-shop");
  if (shop) sessionStorage.setItem("tm-shop", shop);
  const apiKey = document.currentScript && document.currentScript.dataset.apiKey;
  const idToken = async () => {
    const r = await fetch(double + "/session-token?shop=" + encodeURIComponent(shop) + "&api_key=" + encodeURIComponent(apiKey || ""));
    return (await r.json()).token;
  };
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input.url, location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    const headers = new Headers(init.headers || (typeof input === "string" ? undefined : input.headers));
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await idToken()));
    return nativeFetch(input, { ...init, headers });
  };
  const saveBarById = (id) => {
    const bar = document.getElementById(id);
    if (!bar || bar.localName !== "ui-save-bar") throw new Error("no ui-save-bar with the id " + id);
    return bar;
  };
  const saveBar = {
    show: async (id) => saveBarById(id).show(),
    hide: async (id) => saveBarById(id).hide(),
    toggle: async (id) => saveBarById(id).toggle(),
    // Resolves at once when no save bar shows; else when the merchant confirms leaving (never if they stay).
    leaveConfirmation: () => [...document.querySelectorAll("ui-save-bar")].some((b) => b.showing) && !confirm("Leave page? Your unsaved changes will be lost.")
      ? new Promise(() => {}) : Promise.resolve(),
  };
  window.shopify = { config: { apiKey, shop }, idToken, saveBar, toast: { show: (m) => console.log("[toast]", m) } };
  const style = document.createElement("style");
  style.textContent = "ui-nav-menu{display:flex;gap:16px;padding:10px 16px;background:#1a1a1a;font:14px system-ui}" +
    "ui-nav-menu a{color:#fff;text-decoration:none}ui-nav-menu a:hover{text-decoration:underline}";
  document.head.appendChild(style);
  customElements.define("ui-nav-menu", class extends HTMLElement {});
  customElements.define("ui-save-bar", class extends HTMLElement {
    constructor() {
      super();
      this._showing = false;
      this.attachShadow({ mode: "open" }).innerHTML = "<style>:host{display:none}" +
        ":host([data-showing]){display:flex;position:fixed;top:0;left:0;right:0;z-index:1000;align-items:center;gap:8px;padding:10px 16px;background:#1a1a1a;color:#fff;font:14px system-ui}" +
        "::slotted(button){font:inherit;padding:6px 14px;border-radius:8px;border:1px solid #616161;background:#303030;color:#fff;cursor:pointer}" +
        "::slotted(button[variant=primary]){background:#fff;color:#1a1a1a;border-color:#fff}::slotted(button[disabled]){opacity:.5;cursor:default}</style>" +
        "<span>Unsaved changes</span><span style='flex:1'></span><slot></slot>";
    }
    get showing() { return this._showing; }
    get discardConfirmation() { return this.hasAttribute("discardConfirmation"); }
    set discardConfirmation(on) { this.toggleAttribute("discardConfirmation", Boolean(on)); }
    connectedCallback() {
      if (this._listening) return;
      this._listening = true;
      // Discard asks first when the app says so, as the admin's save bar does.
      this.addEventListener("click", (event) => {
        const button = event.target.closest && event.target.closest("button");
        if (button && !button.hasAttribute("variant") && this.discardConfirmation && !confirm("Discard all unsaved changes?")) event.stopImmediatePropagation();
      }, true);
    }
    async show() { if (!this._showing) { this._showing = true; this.setAttribute("data-showing", ""); this.dispatchEvent(new Event("show")); } }
    async hide() { if (this._showing) { this._showing = false; this.removeAttribute("data-showing"); this.dispatchEvent(new Event("hide")); } }
    async toggle() { return this._showing ? this.hide() : this.show(); }
  });
  customElements.define("ui-title-bar", class extends HTMLElement {
    connectedCallback() { document.title = this.getAttribute("title") || document.title; }
  });
})();`;
}
