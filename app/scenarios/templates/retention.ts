// Retention: thank buyers, confirm orders, bring them back for the next one.
import { SCHEMA_VERSION } from "../model";
import { message, wait } from "./text";
import type { Template } from "./template";

export const RETENTION: Template[] = [
  {
    key: "RE1",
    group: "RETENTION",
    setUpFirst: true,
    name: { en: "Thank you and confirmation", ru: "Спасибо и подтверждение" },
    description: {
      en: "Right after an order: a thank-you popup and the order confirmation email.",
      ru: "Сразу после заказа: попап с благодарностью и письмо-подтверждение.",
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
          next: "confirmation",
          message: message("re1.thanks", {
            en: "Thank you for your order, {{first_name}}!",
            ru: "Спасибо за заказ, {{first_name}}!",
          }),
        },
        // Transactional: goes without marketing consent and outside the daily budget.
        {
          id: "confirmation",
          type: "send",
          channels: ["email"],
          marketing: false,
          message: message(
            "re1.confirmation",
            {
              en: "We've got your order {{order_name}}",
              ru: "Мы получили ваш заказ {{order_name}}",
            },
            {
              title: {
                en: "Order {{order_name}} confirmed",
                ru: "Заказ {{order_name}} подтверждён",
              },
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
      en: "Customers who come back after ordering are offered order-status push notifications.",
      ru: "Вернувшимся после заказа — предложение получать статус заказа по push.",
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
    key: "RE4",
    group: "RETENTION",
    setUpFirst: false,
    name: { en: "Review request", ru: "Просьба об отзыве" },
    description: {
      en: "Ask for a review a few days after the order arrives.",
      ru: "Попросить отзыв через несколько дней после получения заказа.",
    },
    parameters: [
      {
        key: "days",
        label: { en: "Ask after", ru: "Спросить через" },
        unit: "days",
        default: 6,
        min: 5,
        max: 7,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "order_placed" },
      start: "wait",
      steps: [
        wait("wait", p.days, "days", "review"),
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
                url: "/account",
              },
            },
          ),
        },
      ],
    }),
  },
];
