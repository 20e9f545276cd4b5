// Retention: thank buyers, tell them where their order is, bring them back for the next one.
import { SCHEMA_VERSION } from "../model";
import { message, NAME_FALLBACK, wait, type Copy } from "./text";
import type { Template, TemplateParameter } from "./template";

/** Shopify emails shipping updates itself: email is the shop's choice, for customers without push. */
const ALSO_BY_EMAIL: TemplateParameter = {
  key: "email",
  label: {
    en: "Also by email to customers without notifications",
    ru: "Также по email тем, кто не разрешил уведомления",
  },
  unit: "switch",
  default: 0,
  min: 0,
  max: 1,
};

export const RETENTION: Template[] = [
  {
    key: "RE1",
    group: "RETENTION",
    setUpFirst: true,
    name: { en: "Thank you and what's next", ru: "Спасибо и что дальше" },
    description: {
      en: "Right after an order: a thank-you popup, and an email on what happens next with care tips and popular products. Shopify sends the order confirmation itself.",
      ru: "Сразу после заказа: попап с благодарностью и письмо о том, что будет дальше, с советами по уходу и популярными товарами. Письмо о самом заказе отправляет Shopify.",
    },
    parameters: [],
    build: () => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "order_placed" },
      reentryCooldown: { amount: 0, unit: "seconds" },
      start: "thanks",
      steps: [
        {
          id: "thanks",
          type: "send",
          channels: ["popup"],
          marketing: false,
          next: "whats-next",
          message: message("re1.thanks", {
            en: "Thank you for your order, {{first_name}}!",
            ru: "Спасибо за заказ, {{first_name}}!",
          }),
        },
        // Tips and products are marketing: they need consent and count in the daily budget.
        {
          id: "whats-next",
          type: "send",
          channels: ["email"],
          message: message(
            "re1.whats-next",
            {
              en: "We're getting your order ready now; when it ships, you'll get a note with the tracking link. Until it arrives, a tip: keep the packaging until you've tried everything, and check the care label before the first wash or use. Here is what other customers love.",
              ru: "Мы уже собираем ваш заказ; когда он будет отправлен, вы получите сообщение со ссылкой для отслеживания. Совет, пока вы ждёте: сохраните упаковку, пока не попробуете всё, и прочитайте ярлык с рекомендациями по уходу перед первой стиркой или использованием. А вот что нравится другим покупателям.",
            },
            {
              title: {
                en: "Thank you, {{first_name}}! Here's what happens next",
                ru: "Спасибо, {{first_name}}! Вот что будет дальше",
              },
              content: "popular_products",
            },
          ),
        },
      ],
    }),
  },
  {
    key: "RE2",
    group: "RETENTION",
    setUpFirst: false,
    name: {
      en: "Popular products and next-order bonus",
      ru: "Популярное и бонус на следующий заказ",
    },
    description: {
      en: "After an order: popular products on site, and a bonus for the next order a day later.",
      ru: "После заказа: популярные товары на сайте и бонус на следующий заказ через день.",
    },
    parameters: [
      {
        key: "bonusDays",
        label: { en: "Bonus after", ru: "Бонус через" },
        unit: "days",
        default: 1,
        min: 1,
        max: 30,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "order_placed" },
      start: "delay",
      steps: [
        wait("delay", 30, "seconds", "popular"),
        {
          id: "popular",
          type: "send",
          channels: ["popup"],
          next: "bonus-wait",
          message: message(
            "re2.popular",
            { en: "Others also love these", ru: "Другим покупателям нравятся" },
            { content: "popular_products" },
          ),
        },
        {
          id: "bonus-wait",
          type: "wait",
          duration: { amount: p.bonusDays, unit: "days" },
          next: "bonus",
        },
        {
          id: "bonus",
          type: "send",
          channels: ["email", "web_push"],
          message: message(
            "re2.bonus",
            {
              en: "A bonus for your next order: {{code}}",
              ru: "Бонус на следующий заказ: {{code}}",
            },
            {
              title: {
                en: "Thanks — here's a bonus",
                ru: "Спасибо — вот ваш бонус",
              },
              content: "discount_code",
              discount: { percent: 10, validDays: 30 },
            },
          ),
        },
      ],
    }),
  },
  {
    key: "RE3",
    group: "RETENTION",
    setUpFirst: false,
    name: {
      en: "Order status notifications",
      ru: "Уведомления о статусе заказа",
    },
    description: {
      en: "Customers who come back after ordering are offered order-status push notifications; the updates themselves go from RE3-shipped, RE3-out-for-delivery and RE3-delivered.",
      ru: "Вернувшимся после заказа — предложение получать статус заказа по push; сами уведомления отправляют RE3-shipped, RE3-out-for-delivery и RE3-delivered.",
    },
    parameters: [
      {
        key: "delaySeconds",
        label: { en: "Delay", ru: "Задержка" },
        unit: "seconds",
        default: 60,
        min: 0,
        max: 600,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "site_visit", visitor: "returning" },
      entry: {
        all: [
          { type: "has_ordered", is: true, since: "ever" },
          { type: "push_subscribed", is: false },
        ],
      },
      start: "delay",
      steps: [
        wait("delay", p.delaySeconds, "seconds", "opt-in"),
        {
          id: "opt-in",
          type: "send",
          channels: ["popup"],
          marketing: false,
          message: message(
            "re3.optin",
            {
              en: "Follow your order: get status updates as notifications",
              ru: "Следите за заказом: статус в уведомлениях",
            },
            { content: "push_opt_in" },
          ),
        },
      ],
    }),
  },
  {
    key: "RE3-shipped",
    group: "RETENTION",
    setUpFirst: false,
    name: { en: "Order shipped", ru: "Заказ отправлен" },
    description: {
      en: "When an order ships: a push with the tracking link. Push only, to customers who allowed notifications: Shopify emails the shipping updates itself. Turn on email to reach the others too.",
      ru: "Когда заказ отправлен: push со ссылкой для отслеживания. Только push тем, кто разрешил уведомления: письма о доставке отправляет Shopify. Включите email, чтобы сообщить и остальным.",
    },
    parameters: [ALSO_BY_EMAIL],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "order_shipped" },
      reentryCooldown: { amount: 0, unit: "seconds" },
      start: "notify",
      steps: [
        statusUpdate(
          p.email === 1,
          "re3.shipped",
          {
            en: "It's on its way. Tap to follow the parcel.",
            ru: "Он уже в пути. Нажмите, чтобы отследить посылку.",
          },
          {
            title: { en: "Your order has shipped", ru: "Ваш заказ отправлен" },
            cta: {
              label: { en: "Track the parcel", ru: "Отследить посылку" },
              url: "{{tracking_url}}",
            },
          },
        ),
      ],
    }),
  },
  {
    key: "RE3-out-for-delivery",
    group: "RETENTION",
    setUpFirst: false,
    name: { en: "Order out for delivery", ru: "Заказ у курьера" },
    description: {
      en: "When the carrier reports the order out for delivery: a push. Push only, to customers who allowed notifications: Shopify emails the shipping updates itself. Turn on email to reach the others too.",
      ru: "Когда перевозчик сообщает, что заказ у курьера: push. Только push тем, кто разрешил уведомления: письма о доставке отправляет Shopify. Включите email, чтобы сообщить и остальным.",
    },
    parameters: [ALSO_BY_EMAIL],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "order_out_for_delivery" },
      reentryCooldown: { amount: 0, unit: "seconds" },
      start: "notify",
      steps: [
        statusUpdate(
          p.email === 1,
          "re3.out-for-delivery",
          { en: "It should arrive today.", ru: "Доставка ожидается сегодня." },
          {
            title: {
              en: "Your order is out for delivery",
              ru: "Заказ передан курьеру",
            },
            cta: {
              label: { en: "Track the parcel", ru: "Отследить посылку" },
              url: "{{tracking_url}}",
            },
          },
        ),
      ],
    }),
  },
  {
    key: "RE3-delivered",
    group: "RETENTION",
    setUpFirst: false,
    name: { en: "Order delivered", ru: "Заказ доставлен" },
    description: {
      en: "When the carrier reports the order delivered: a push. Push only, to customers who allowed notifications: Shopify emails the shipping updates itself. Turn on email to reach the others too.",
      ru: "Когда перевозчик сообщает о доставке: push. Только push тем, кто разрешил уведомления: письма о доставке отправляет Shopify. Включите email, чтобы сообщить и остальным.",
    },
    parameters: [ALSO_BY_EMAIL],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "order_delivered" },
      reentryCooldown: { amount: 0, unit: "seconds" },
      start: "notify",
      steps: [
        statusUpdate(
          p.email === 1,
          "re3.delivered",
          {
            en: "We hope you love it, {{first_name}}!",
            ru: "Надеемся, вам понравится, {{first_name}}!",
          },
          {
            title: {
              en: "Your order has been delivered",
              ru: "Ваш заказ доставлен",
            },
          },
        ),
      ],
    }),
  },
  {
    key: "RE4",
    group: "RETENTION",
    setUpFirst: false,
    name: { en: "Review request", ru: "Просьба об отзыве" },
    description: {
      en: "Ask for a review a few days after the order arrives (the carrier's delivered status), or some days after shipping when the carrier never reports delivery. The button opens the product's page, or your review app's page when you give it.",
      ru: "Попросить отзыв через несколько дней после доставки (по статусу перевозчика) или через несколько дней после отправки, если перевозчик не сообщает о доставке. Кнопка открывает страницу товара или страницу вашего приложения для отзывов, если вы её укажете.",
    },
    parameters: [
      {
        key: "days",
        label: {
          en: "Ask after delivery",
          ru: "Спросить после доставки через",
        },
        unit: "days",
        default: 3,
        min: 1,
        max: 14,
      },
      {
        key: "fallbackDays",
        label: {
          en: "Without a delivery status, ask after shipping",
          ru: "Без статуса доставки — спросить после отправки через",
        },
        unit: "days",
        default: 10,
        min: 3,
        max: 30,
      },
    ],
    links: [
      {
        key: "reviewUrl",
        label: { en: "Review page", ru: "Страница для отзыва" },
        help: {
          en: "Your review app's page (https://…); empty: the page of the product the parcel carried",
          ru: "Страница вашего приложения для отзывов (https://…); пусто — страница товара из посылки",
        },
        default: "{{product_url}}",
      },
    ],
    build: (p, l) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "order_shipped" },
      start: "arrival",
      steps: [
        // Many carriers never report delivery: then the shipment is taken as arrived after a while.
        {
          id: "arrival",
          type: "wait_until",
          event: "order_delivered",
          timeout: { amount: p.fallbackDays, unit: "days" },
          onEvent: "try-it",
          onTimeout: "review",
        },
        wait("try-it", p.days, "days", "review"),
        {
          id: "review",
          type: "send",
          channels: ["email"],
          message: message(
            "re4.review",
            {
              en: "{{first_name}}, how do you like your order?",
              ru: "{{first_name}}, как вам заказ?",
            },
            {
              cta: {
                label: { en: "Leave a review", ru: "Оставить отзыв" },
                url: l?.reviewUrl ?? "{{product_url}}",
              },
            },
          ),
        },
      ],
    }),
  },
];

/** An order-status push: transactional (no marketing consent, budget or quiet hours), each time. */
function statusUpdate(
  byEmail: boolean,
  key: string,
  body: Copy,
  extra: { title: Copy; cta?: { label: Copy; url: string } },
) {
  return {
    id: "notify",
    type: "send" as const,
    channels: byEmail
      ? ["web_push" as const, "email" as const]
      : ["web_push" as const],
    marketing: false,
    oncePerContact: false,
    message: {
      ...message(key, body, extra),
      fallbacks: { ...NAME_FALLBACK, tracking_url: "/account" },
    },
  };
}
