// The push service worker's source run as a browser runs it (node:vm, with the browser's few
// objects it uses): what it shows for a push, what a click on the notification opens.
import { runInNewContext } from "node:vm";

interface Shown {
  title: string;
  options: { body: string; icon?: string; data: { url: string } };
}

export function runServiceWorker(source: string) {
  const listeners: Record<string, (event: object) => void> = {};
  const shown: Shown[] = [];
  const opened: string[] = [];
  const self = {
    addEventListener: (type: string, listener: (event: object) => void) =>
      (listeners[type] = listener),
    registration: {
      showNotification: (title: string, options: Shown["options"]) =>
        shown.push({ title, options }),
    },
    clients: { openWindow: (url: string) => opened.push(url) },
  };
  runInNewContext(source, { self, URL });
  const push = (data: object) =>
    listeners.push!({ data: { json: () => data }, waitUntil: () => {} });
  const click = (options: { data: { url: string } }) =>
    listeners.notificationclick!({
      notification: { data: options.data, close: () => {} },
      waitUntil: () => {},
    });
  return { shown, opened, push, click };
}
