// A popup or chat message as the storefront shows it, for the admin's preview: one HTML document
// that inlines the built UI module (assets/trigger-map-ui.js) and hands it the message at once, as
// the loader would when a rule fires, with no trigger, no storage and no network. The rule comes
// from the same compiler the published config does; the app proxy and Shopify's cart and product
// endpoints are answered inside the document with sample data. Pure.
import { escapeHtml } from "../http/escape-html";
import {
  SCHEMA_VERSION,
  type Channel,
  type Message,
  type ScenarioDefinition,
} from "../scenarios/model";
import { buildStorefrontConfig, type StorefrontRule } from "./config";

export type OnSiteChannel = Extract<Channel, "popup" | "chat">;

/** What a preview shows where the shop's real data would be. */
export const SAMPLE_CODE = "SAMPLE-10";
const SAMPLE_THRESHOLD = 50;
const SAMPLE_CART_TOTAL = 30;

const swatch = (color: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="${color}"/></svg>`)}`;
const SAMPLE_PRODUCTS = [
  {
    title: "Linen shirt",
    handle: "linen-shirt",
    price: 49,
    image: swatch("#c9b79c"),
  },
  {
    title: "Canvas tote",
    handle: "canvas-tote",
    price: 15.5,
    image: swatch("#8aa39b"),
  },
  {
    title: "Ceramic mug",
    handle: "ceramic-mug",
    price: 18,
    image: swatch("#d9a38f"),
  },
];

/** The message as the one rule a published scenario with only this step would carry. */
export function previewRule(
  message: Message,
  channel: OnSiteChannel,
  language: string,
): StorefrontRule {
  const definition: ScenarioDefinition = {
    schemaVersion: SCHEMA_VERSION,
    trigger: { type: "site_visit", visitor: "any" },
    start: "preview",
    steps: [
      {
        id: "preview",
        type: "send",
        channels: [channel],
        message,
        marketing: true,
        oncePerContact: true,
      },
    ],
    goal: { events: [] },
    reentryCooldown: { amount: 1, unit: "days" },
    testMode: false,
    rolloutPercent: 100,
  };
  const rule = buildStorefrontConfig(
    [{ id: "preview", definition }],
    [language],
  ).rules[0]!;
  // "Add N more" needs the threshold a scenario's cart condition gives; a sample one here.
  return message.content === "progress_to_threshold"
    ? { ...rule, threshold: SAMPLE_THRESHOLD }
    : rule;
}

export interface OnSitePreviewInput {
  message: Message;
  channel: OnSiteChannel;
  language: string;
  /** The theme extension's runtime strings in that language (its locales' `runtime` keys). */
  strings: Record<string, string>;
  currency: string;
  shopName: string;
  /** The sample shopper's first name; null shows the message's fallbacks. */
  firstName: string | null;
  /** The built assets/trigger-map-ui.js. */
  uiScript: string;
}

/** Text safe inside an inline <script>: nothing in it can close the element or open a comment. */
const inlineScript = (code: string) =>
  code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
export function onSitePreviewDocument(input: OnSitePreviewInput): string {
  const data = {
    rule: previewRule(input.message, input.channel, input.language),
    language: input.language,
    strings: input.strings,
    currency: input.currency,
    firstName: input.firstName,
    code: SAMPLE_CODE,
    cartTotal: SAMPLE_CART_TOTAL,
    products: SAMPLE_PRODUCTS.map((p) => ({
      title: p.title,
      url: `/products/${p.handle}`,
      image: p.image,
      price: p.price,
    })),
  };
  // JSON in a data block: "<" escaped so no copy can end the element.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${escapeHtml(input.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(input.shopName)}</title>
<style>${PAGE_STYLES}</style>
</head>
<body>
<header class="shop">${escapeHtml(input.shopName)}</header>
<main class="page" aria-hidden="true"><div class="hero"></div><div class="grid"><div></div><div></div><div></div></div></main>
<script type="application/json" id="trigger-map-preview">${json}</script>
<script>${inlineScript(input.uiScript)}</script>
<script>${BOOT}</script>
</body>
</html>`;
}

/** A storefront page's outline behind the message, so it reads as it will over the shop. */
const PAGE_STYLES = `
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111;background:#fff}
.shop{padding:16px 24px;font-weight:700;border-bottom:1px solid #e5e5e5}
.page{padding:24px;display:grid;gap:24px}
.hero{height:160px;background:#f1f1f1;border-radius:8px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:16px}
.grid div{height:140px;background:#f6f6f6;border-radius:8px}
`;

// The loader's part, in the browser's own JavaScript (the UI module's targets): a Runtime whose
// requests are answered here, then the message shown as a fired rule would be.
const BOOT = `(function(){
var d=JSON.parse(document.getElementById("trigger-map-preview").textContent);
function json(body){return Promise.resolve(new Response(JSON.stringify(body),{status:200,headers:{"Content-Type":"application/json"}}));}
var cart=d.products.slice(0,2).map(function(p){return {title:p.title,url:p.url,image:p.image,final_line_price:Math.round(p.price*100)};});
window.fetch=function(input){
  var url=String(input&&input.url||input);
  if(/\\/products\\?list=popular/.test(url))return json({products:d.products});
  if(/\\/cart\\.js/.test(url))return json({items:cart,total_price:Math.round(d.cartTotal*100)});
  var m=/\\/products\\/([^/?]+)\\.js/.exec(url);
  if(m){var p=d.products.filter(function(x){return x.url==="/products/"+m[1];})[0];
    return p?json({title:p.title,url:p.url,handle:m[1],featured_image:p.image,price:Math.round(p.price*100)}):Promise.resolve(new Response("",{status:404}));}
  return Promise.reject(new TypeError("a preview makes no requests"));
};
// A browser that can take push, whatever this frame may do: the opt-in shows as shoppers see it.
if(!("Notification" in window)||Notification.permission==="denied")window.Notification={permission:"default",requestPermission:function(){return Promise.resolve("denied");}};
if(!("PushManager" in window))window.PushManager=function(){};
if(!("serviceWorker" in navigator))try{Object.defineProperty(navigator,"serviceWorker",{value:{}});}catch(e){}
// Links and buttons lead nowhere from a preview.
document.addEventListener("click",function(e){if(e.composedPath().some(function(n){return n.tagName==="A";}))e.preventDefault();},true);
var runtime={language:d.language,strings:d.strings,visitorId:"preview",proxy:"/apps/trigger-map",currency:d.currency,page:"home",
  firstName:d.firstName,settings:{popups:{},chat:{}},memory:{visits:1,last:0,start:0,shown:{},visit:[],viewed:d.products.map(function(p){return p.url.slice(10);})},
  cartTotal:function(){return d.cartTotal;},emailKnown:function(){return false;},remember:function(){},report:function(){},
  post:function(path){
    if(path==="/offer")return json({code:d.code});
    if(path==="/capture")return json({status:"subscribed",code:d.rule.offersCode?d.code:null});
    return json({ok:true});
  }};
var ui=window.__triggerMapUI;
var shown=ui?ui.show(d.rule,runtime):false;
document.documentElement.setAttribute("data-preview",shown?"shown":"not-shown");
})();`;
