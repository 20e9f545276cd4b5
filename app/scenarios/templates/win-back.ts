// Win-back: bring back customers who stopped visiting.
import { SCHEMA_VERSION } from "../model";
import { message } from "./text";
import type { Template, TemplateParameter } from "./template";

/** "Also reach past customers": those who lapsed before activation, at most so many a day (0: none). */
const PAST_PER_DAY: TemplateParameter = {
  key: "pastPerDay",
  label: {
    en: "Also reach past customers (a day)",
    ru: "Также прежние покупатели (в день)",
  },
  unit: "per_day",
  default: 0,
  min: 0,
  max: 500,
};

export const WIN_BACK: Template[] = [
  {
    key: "WB1",
    group: "WIN_BACK",
    setUpFirst: true,
    name: { en: "We miss you", ru: "Мы скучаем" },
    description: {
      en: "A week without a visit: a promotion by push or email, then bonuses, then a personal offer.",
      ru: "Неделя без визитов: акция по push или email, затем бонусы, затем персональное предложение.",
    },
    parameters: [
      {
        key: "days",
        label: { en: "Days without a visit", ru: "Дней без визита" },
        unit: "days",
        default: 7,
        min: 3,
        max: 60,
      },
      {
        key: "discountPercent",
        label: { en: "Personal discount", ru: "Персональная скидка" },
        unit: "percent",
        default: 15,
        min: 1,
        max: 90,
      },
      PAST_PER_DAY,
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "no_visit", days: p.days, pastPerDay: p.pastPerDay },
      goal: { events: ["site_visit", "order_placed"] },
      reentryCooldown: { amount: 30, unit: "days" },
      start: "promo",
      steps: [
        {
          id: "promo",
          type: "send",
          channels: ["web_push", "email"],
          next: "second-wait",
          message: message(
            "wb1.promo",
            {
              en: "New this week at our store",
              ru: "Новое в магазине на этой неделе",
            },
            { title: { en: "We miss you", ru: "Мы скучаем" } },
          ),
        },
        {
          id: "second-wait",
          type: "wait",
          duration: { amount: 7, unit: "days" },
          next: "bonuses",
        },
        {
          id: "bonuses",
          type: "send",
          channels: ["email"],
          next: "offer-wait",
          message: message(
            "wb1.bonuses",
            {
              en: "{{first_name}}, bonuses are waiting for you",
              ru: "{{first_name}}, вас ждут бонусы",
            },
            { content: "popular_products" },
          ),
        },
        {
          id: "offer-wait",
          type: "wait",
          duration: { amount: 3, unit: "days" },
          next: "offer",
        },
        {
          id: "offer",
          type: "send",
          channels: ["email"],
          message: message(
            "wb1.offer",
            {
              en: `Just for you: ${p.discountPercent}% off with {{code}}`,
              ru: `Только для вас: скидка ${p.discountPercent}% по коду {{code}}`,
            },
            {
              content: "discount_code",
              discount: { percent: p.discountPercent },
            },
          ),
        },
      ],
    }),
  },
  {
    key: "WB2",
    group: "WIN_BACK",
    setUpFirst: false,
    name: { en: "Feedback after silence", ru: "Отзыв после паузы" },
    description: {
      en: "A customer who ordered and has not returned is asked what could be better.",
      ru: "Покупателя, который не возвращается после заказа, спросить, что улучшить.",
    },
    parameters: [
      {
        key: "days",
        label: { en: "Days after the order", ru: "Дней после заказа" },
        unit: "days",
        default: 7,
        min: 3,
        max: 90,
      },
      PAST_PER_DAY,
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "no_order", days: p.days, pastPerDay: p.pastPerDay },
      entry: { type: "has_ordered", is: true, since: "ever" },
      goal: { events: ["order_placed"] },
      reentryCooldown: { amount: 90, unit: "days" },
      start: "feedback",
      steps: [
        {
          id: "feedback",
          type: "send",
          channels: ["email"],
          message: message(
            "wb2.feedback",
            {
              en: "{{first_name}}, what could we do better?",
              ru: "{{first_name}}, что нам улучшить?",
            },
            {
              cta: {
                label: { en: "Tell us", ru: "Рассказать" },
                url: "/pages/feedback",
              },
            },
          ),
        },
      ],
    }),
  },
];
