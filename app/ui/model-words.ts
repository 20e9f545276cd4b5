// The scenario model in the merchant's words (English and Russian): triggers, steps, channels and
// durations, as the templates' cards and the scenario page draw a path.
import type {
  Channel,
  Duration,
  Step,
  Trigger,
  TriggerEvent,
} from "../scenarios/model";
import type { Locale } from "./i18n";

type Both = { en: string; ru: string };

export const CHANNEL_WORDS: Record<Channel, Both> = {
  popup: { en: "Popup", ru: "Попап" },
  chat: { en: "Chat message", ru: "Сообщение в чате" },
  email: { en: "Email", ru: "Email" },
  web_push: { en: "Web push", ru: "Web push" },
};

const TRIGGER_WORDS: Record<Trigger["type"], Both> = {
  site_visit: { en: "Visits the site", ru: "Заходит на сайт" },
  page_viewed: { en: "Views a page", ru: "Смотрит страницу" },
  exit_intent: { en: "Is about to leave", ru: "Собирается уйти" },
  product_viewed: { en: "Views a product", ru: "Смотрит товар" },
  added_to_cart: { en: "Adds to cart", ru: "Добавляет в корзину" },
  cart_viewed: { en: "Views the cart", ru: "Смотрит корзину" },
  checkout_started: { en: "Starts checkout", ru: "Начинает оформление" },
  cart_abandoned: { en: "Abandons the cart", ru: "Бросает корзину" },
  checkout_abandoned: { en: "Abandons checkout", ru: "Бросает оформление" },
  order_placed: { en: "Places an order", ru: "Делает заказ" },
  order_paid: { en: "Pays an order", ru: "Оплачивает заказ" },
  order_shipped: { en: "Order is shipped", ru: "Заказ отправлен" },
  order_out_for_delivery: {
    en: "Order is out for delivery",
    ru: "Заказ передан курьеру",
  },
  order_delivered: { en: "Order is delivered", ru: "Заказ доставлен" },
  email_captured: { en: "Leaves an email", ru: "Оставляет email" },
  push_subscribed: { en: "Allows web push", ru: "Подписывается на push" },
  no_visit: {
    en: "Has not visited for {days} days",
    ru: "Не заходил {days} дн.",
  },
  no_order: {
    en: "Has not ordered for {days} days",
    ru: "Не заказывал {days} дн.",
  },
  date: { en: "A date", ru: "Дата" },
  segment_entered: { en: "Enters a segment", ru: "Попадает в сегмент" },
  article_published: { en: "A new blog article", ru: "Новая статья в блоге" },
};

export const EVENT_WORDS: Record<TriggerEvent, Both> = {
  order_placed: TRIGGER_WORDS.order_placed,
  order_paid: TRIGGER_WORDS.order_paid,
  order_shipped: TRIGGER_WORDS.order_shipped,
  order_out_for_delivery: TRIGGER_WORDS.order_out_for_delivery,
  order_delivered: TRIGGER_WORDS.order_delivered,
  checkout_started: TRIGGER_WORDS.checkout_started,
  added_to_cart: TRIGGER_WORDS.added_to_cart,
  cart_abandoned: TRIGGER_WORDS.cart_abandoned,
  checkout_abandoned: TRIGGER_WORDS.checkout_abandoned,
  site_visit: TRIGGER_WORDS.site_visit,
  email_captured: TRIGGER_WORDS.email_captured,
  push_subscribed: TRIGGER_WORDS.push_subscribed,
  message_opened: { en: "Opens the message", ru: "Открывает сообщение" },
  message_clicked: { en: "Clicks the message", ru: "Переходит по ссылке" },
  unsubscribed: { en: "Unsubscribes", ru: "Отписывается" },
};

const UNITS: Record<Duration["unit"], Both> = {
  seconds: { en: "s", ru: "с" },
  minutes: { en: "min", ru: "мин" },
  hours: { en: "h", ru: "ч" },
  days: { en: "d", ru: "дн." },
  weeks: { en: "wk", ru: "нед." },
};

export function durationWords(d: Duration, locale: Locale): string {
  return `${d.amount} ${UNITS[d.unit][locale]}`;
}

/** Whom a silence trigger reaches: new silences only, or past customers too, ramped. */
const REACH_WORDS = {
  newOnly: {
    en: "only customers who fall silent after it is turned on",
    ru: "только те, кто замолчит после включения",
  },
  past: {
    en: "also past customers, at most {n} a day",
    ru: "также прежние покупатели, не больше {n} в день",
  },
} satisfies Record<string, Both>;

export function triggerWords(trigger: Trigger, locale: Locale): string {
  const text = TRIGGER_WORDS[trigger.type][locale];
  if (!("days" in trigger)) return text;
  const reach = trigger.pastPerDay
    ? REACH_WORDS.past[locale].replace("{n}", String(trigger.pastPerDay))
    : REACH_WORDS.newOnly[locale];
  return `${text.replace("{days}", String(trigger.days))} (${reach})`;
}

export function channelWords(channels: Channel[], locale: Locale): string {
  return channels
    .map((c) => CHANNEL_WORDS[c][locale])
    .join(locale === "ru" ? " → " : " → ");
}

/** One line for a step: "Wait 1 min", "Email", "Wait for: Leaves an email (30 min at most)"… */
export function stepWords(step: Step, locale: Locale): string {
  const ru = locale === "ru";
  switch (step.type) {
    case "wait":
      return `${ru ? "Ждать" : "Wait"} ${durationWords(step.duration, locale)}`;
    case "wait_until":
      return `${ru ? "Ждать: " : "Wait for: "}${EVENT_WORDS[step.event][locale]} (${ru ? "не дольше" : "at most"} ${durationWords(step.timeout, locale)})`;
    case "wait_for_hours":
      return `${ru ? "Ждать часов" : "Wait for hours"} ${step.from}:00–${step.to}:00`;
    case "branch":
      return ru ? "Условие" : "Condition";
    case "split":
      return ru
        ? `A/B: ${step.variants.map((v) => `${v.key} ${v.weight}%`).join(", ")}`
        : `A/B split: ${step.variants.map((v) => `${v.key} ${v.weight}%`).join(", ")}`;
    case "send":
      return channelWords(step.channels, locale);
  }
}
