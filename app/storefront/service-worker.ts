// The service worker the storefront registers for web push, served at /apps/trigger-map/sw.js:
// shows what the app pushes and opens its link when the notification is clicked. Plain ES2019,
// no imports: browsers load it as is. The link rule (safeUrl) travels as its own source text, so
// a link or icon that breaks it is never shown or opened, whatever the payload says.
import { safeUrl } from "../security/safe-url";

export const SERVICE_WORKER = `"use strict";
var safeUrl = ${safeUrl.toString()};
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = typeof data.title === "string" ? data.title : "";
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof data.body === "string" ? data.body : "",
    icon: safeUrl(data.icon) || undefined,
    data: { url: safeUrl(data.url) || "/" }
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = event.notification.data && event.notification.data.url;
  event.waitUntil(self.clients.openWindow(safeUrl(url) || "/"));
});
`;
