// Sales: recover carts and checkouts, remind of viewed products, nudge to the next tier.
import { SCHEMA_VERSION } from "../model";
import { message, wait } from "./text";
import type { Template } from "./template";

const ordered = { events: ["order_placed" as const] };

export const SALES: Template[] = [
  {
    key: "SA1",
    group: "SALES",
    setUpFirst: false,
    name: { en: "Welcome back", ru: "С возвращением" },
    description: {
      en: "Returning visitors see what they viewed last time with a code and a link to the offers, then a push opt-in.",
      ru: "Вернувшимся — просмотренные в прошлый раз товары с кодом и ссылкой на акции, затем подписка на push.",
    },
    parameters: [
      {
        key: "delaySeconds",
        label: { en: "Delay", ru: "Задержка" },
        unit: "seconds",
        default: 15,
        min: 0,
        max: 600,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "site_visit", visitor: "returning" },
      goal: ordered,
      start: "delay",
      steps: [
        wait("delay", p.delaySeconds, "seconds", "viewed"),
        {
          id: "viewed",
          type: "send",
          channels: ["popup"],
          next: "push-check",
          message: message(
            "sa1.viewed",
            {
              en: "Still thinking it over? Your picks, with {{code}} off",
              ru: "Ещё думаете? Ваши товары и код {{code}}",
            },
            {
              content: "viewed_products",
              discount: { percent: 5, validDays: 7 },
              cta: {
                label: { en: "See this week's offers", ru: "Акции недели" },
                url: "/collections/all",
              },
            },
          ),
        },
        {
          id: "push-check",
          type: "branch",
          condition: { type: "push_subscribed", is: false },
          then: "push-popup",
        },
        {
          id: "push-popup",
          type: "send",
          channels: ["popup"],
          marketing: false,
          message: message(
            "sa1.push",
            {
              en: "Hear about promotions and new arrivals first",
              ru: "Узнавайте об акциях и новинках первыми",
            },
            { content: "push_opt_in" },
          ),
        },
      ],
    }),
  },
  {
    key: "SA2",
    group: "SALES",
    setUpFirst: false,
    name: { en: "Add more for a discount", ru: "Добавьте ещё для скидки" },
    description: {
      en: "A cart below the threshold shows how much more unlocks the discount.",
      ru: "Если корзина меньше порога — показать, сколько добавить до скидки.",
    },
    parameters: [
      {
        key: "threshold",
        label: { en: "Threshold", ru: "Порог" },
        unit: "currency",
        default: 100,
        min: 1,
        max: 100_000,
      },
      {
        key: "discountPercent",
        label: { en: "Discount", ru: "Скидка" },
        unit: "percent",
        default: 10,
        min: 1,
        max: 90,
      },
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
      trigger: { type: "cart_viewed" },
      entry: { type: "cart_total_below", amount: p.threshold },
      start: "delay",
      steps: [
        wait("delay", p.delaySeconds, "seconds", "progress"),
        {
          id: "progress",
          type: "send",
          channels: ["popup"],
          message: message(
            "sa2.progress",
            {
              en: `Orders from ${p.threshold} get ${p.discountPercent}% off — you're almost there`,
              ru: `Заказы от ${p.threshold} — со скидкой ${p.discountPercent}%. Вы почти у цели`,
            },
            { content: "progress_to_threshold" },
          ),
        },
      ],
    }),
  },
  {
    key: "SA3",
    group: "SALES",
    setUpFirst: true,
    name: { en: "Abandoned cart", ru: "Брошенная корзина" },
    description: {
      en: "No order after adding to cart: the cart on site, then by email, then a reminder with a code. Shopify sends its own abandoned checkout email: turn it off (Settings → Notifications → Abandoned checkout, or Marketing → Automations) or shoppers get both.",
      ru: "Товар в корзине, а заказа нет: корзина на сайте, затем письмом, затем напоминание с кодом. Shopify отправляет своё письмо о брошенном оформлении: отключите его (Настройки → Уведомления → Брошенное оформление или Маркетинг → Автоматизации), иначе покупатели получат оба.",
    },
    parameters: [
      {
        key: "emailDelayMinutes",
        label: { en: "Email after", ru: "Письмо через" },
        unit: "minutes",
        default: 60,
        min: 1,
        max: 1440,
      },
      {
        key: "reminderDays",
        label: { en: "Reminder after", ru: "Напоминание через" },
        unit: "days",
        default: 3,
        min: 1,
        max: 14,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "added_to_cart" },
      goal: ordered,
      start: "delay",
      steps: [
        wait("delay", 1, "minutes", "cart-onsite"),
        {
          id: "cart-onsite",
          type: "send",
          channels: ["popup", "chat"],
          next: "email-check",
          message: message(
            "sa3.onsite",
            {
              en: "Your cart is saved. Need help with your order?",
              ru: "Ваша корзина сохранена. Помочь с заказом?",
            },
            { content: "cart_items" },
          ),
        },
        {
          id: "email-check",
          type: "branch",
          condition: { type: "email_known", is: true },
          then: "email-delay",
        },
        wait("email-delay", p.emailDelayMinutes, "minutes", "cart-email"),
        {
          id: "cart-email",
          type: "send",
          channels: ["email"],
          next: "reminder-wait",
          message: message(
            "sa3.email",
            {
              en: "{{first_name}}, your cart is waiting",
              ru: "{{first_name}}, ваша корзина ждёт",
            },
            {
              title: {
                en: "You left something behind",
                ru: "Вы кое-что забыли",
              },
              content: "cart_items",
            },
          ),
        },
        {
          id: "reminder-wait",
          type: "wait",
          duration: { amount: p.reminderDays, unit: "days" },
          next: "reminder",
        },
        {
          id: "reminder",
          type: "send",
          channels: ["web_push", "email"],
          message: message(
            "sa3.reminder",
            {
              en: "Still yours: complete your order with {{code}}",
              ru: "Всё ещё ваше: оформите заказ с кодом {{code}}",
            },
            {
              title: {
                en: "A code for your cart",
                ru: "Код для вашей корзины",
              },
              content: "discount_code",
              discount: { percent: 10, validDays: 7 },
            },
          ),
        },
      ],
    }),
  },
  {
    key: "SA4",
    group: "SALES",
    setUpFirst: false,
    name: { en: "Checkout help", ru: "Помощь с оформлением" },
    description: {
      en: "A stalled checkout gets a chat offer of help, and a way to save the cart by email. Shopify sends its own abandoned checkout email: turn it off (Settings → Notifications → Abandoned checkout, or Marketing → Automations) or shoppers get both.",
      ru: "Застрявшему оформлению — помощь в чате и сохранение корзины на email. Shopify отправляет своё письмо о брошенном оформлении: отключите его (Настройки → Уведомления → Брошенное оформление или Маркетинг → Автоматизации), иначе покупатели получат оба.",
    },
    parameters: [],
    build: () => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "checkout_started" },
      goal: ordered,
      start: "delay",
      steps: [
        wait("delay", 1, "minutes", "help"),
        {
          id: "help",
          type: "send",
          channels: ["chat"],
          marketing: false,
          next: "email-check",
          message: message("sa4.help", {
            en: "Trouble with checkout? We're here to help.",
            ru: "Трудности с оформлением? Мы поможем.",
          }),
        },
        {
          id: "email-check",
          type: "branch",
          condition: { type: "email_known", is: false },
          then: "save-cart",
        },
        {
          id: "save-cart",
          type: "send",
          channels: ["popup"],
          message: message(
            "sa4.save",
            {
              en: "Save your cart to your email and finish later",
              ru: "Сохраните корзину на почту и завершите позже",
            },
            { content: "email_capture" },
          ),
        },
      ],
    }),
  },
  {
    key: "SA5",
    group: "SALES",
    setUpFirst: false,
    name: {
      en: "Viewed products to email",
      ru: "Просмотренные товары на почту",
    },
    description: {
      en: "A browser leaving with an empty cart can get the products they viewed by email, and again days later.",
      ru: "Уходящему с пустой корзиной — просмотренные товары на почту и повтор через несколько дней.",
    },
    parameters: [
      {
        key: "repeatDays",
        label: { en: "Repeat after", ru: "Повтор через" },
        unit: "days",
        default: 3,
        min: 1,
        max: 14,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "exit_intent" },
      goal: { events: ["order_placed", "added_to_cart"] },
      entry: {
        all: [
          { type: "email_known", is: false },
          { type: "cart_total_below", amount: 0.01 },
        ],
      },
      start: "delay",
      steps: [
        wait("delay", 30, "seconds", "offer"),
        {
          id: "offer",
          type: "send",
          channels: ["popup"],
          next: "captured",
          message: message(
            "sa5.offer",
            {
              en: "Send these products to my email",
              ru: "Отправить эти товары мне на почту",
            },
            { content: "email_capture" },
          ),
        },
        {
          id: "captured",
          type: "wait_until",
          event: "email_captured",
          timeout: { amount: 30, unit: "minutes" },
          onEvent: "viewed-email",
        },
        {
          id: "viewed-email",
          type: "send",
          channels: ["email"],
          next: "repeat-wait",
          message: message(
            "sa5.viewed",
            {
              en: "The products you looked at",
              ru: "Товары, которые вы смотрели",
            },
            { content: "viewed_products" },
          ),
        },
        {
          id: "repeat-wait",
          type: "wait",
          duration: { amount: p.repeatDays, unit: "days" },
          next: "viewed-again",
        },
        {
          id: "viewed-again",
          type: "send",
          channels: ["email"],
          message: message(
            "sa5.again",
            {
              en: "{{first_name}}, still interested?",
              ru: "{{first_name}}, всё ещё интересно?",
            },
            { content: "viewed_products" },
          ),
        },
      ],
    }),
  },
];
