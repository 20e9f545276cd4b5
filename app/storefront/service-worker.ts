// The service worker the storefront registers for web push, served at /apps/trigger-map/sw.js:
// shows what the app pushes and opens its link when the notification is clicked. Plain ES2017,
// no imports: browsers load it as is.
export const SERVICE_WORKER = `"use strict";
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = typeof data.title === "string" ? data.title : "";
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof data.body === "string" ? data.body : "",
    icon: typeof data.icon === "string" ? data.icon : undefined,
    data: { url: typeof data.url === "string" ? data.url : "/" }
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = event.notification.data && event.notification.data.url;
  if (url) event.waitUntil(self.clients.openWindow(url));
});
`;
