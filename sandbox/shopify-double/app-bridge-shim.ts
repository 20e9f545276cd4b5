// The sandbox's stand-in for Shopify's App Bridge script (cdn.shopify.com, unreachable here). Like
// App Bridge it gives the page `shopify.idToken()` and adds a fresh session token to the app's own
// fetches; it draws <ui-nav-menu> links as a bar, since there is no Shopify admin around the app.
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
  window.shopify = { config: { apiKey, shop }, idToken, toast: { show: (m) => console.log("[toast]", m) } };
  const style = document.createElement("style");
  style.textContent = "ui-nav-menu{display:flex;gap:16px;padding:10px 16px;background:#1a1a1a;font:14px system-ui}" +
    "ui-nav-menu a{color:#fff;text-decoration:none}ui-nav-menu a:hover{text-decoration:underline}";
  document.head.appendChild(style);
  customElements.define("ui-nav-menu", class extends HTMLElement {});
  customElements.define("ui-title-bar", class extends HTMLElement {
    connectedCallback() { document.title = this.getAttribute("title") || document.title; }
  });
})();`;
}
