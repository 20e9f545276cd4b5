// Lead generation: turn visitors into subscribers.
import { SCHEMA_VERSION } from "../model";
import { message, wait } from "./text";
import type { Template } from "./template";

const unknownEmail = { type: "email_known" as const, is: false };
const captureWait = (id: string, onEvent: string) => ({
  id,
  type: "wait_until" as const,
  event: "email_captured" as const,
  timeout: { amount: 30, unit: "minutes" as const },
  onEvent,
});

export const LEAD_GENERATION: Template[] = [
  {
    key: "LG1",
    group: "LEAD_GENERATION",
    setUpFirst: false,
    name: { en: "Chat greeting", ru: "Приветствие в чате" },
    description: {
      en: "Offer help in a chat message soon after a visitor arrives.",
      ru: "Предложить помощь в чате вскоре после входа на сайт.",
    },
    parameters: [
      {
        key: "delaySeconds",
        label: { en: "Delay", ru: "Задержка" },
        unit: "seconds",
        default: 30,
        min: 0,
        max: 600,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "site_visit" },
      start: "delay",
      steps: [
        wait("delay", p.delaySeconds, "seconds", "greet"),
        {
          id: "greet",
          type: "send",
          channels: ["chat"],
          marketing: false,
          message: message("lg1.greeting", {
            en: "Have a question? Write to us, we answer fast.",
            ru: "Есть вопрос? Напишите нам — ответим быстро.",
          }),
        },
      ],
    }),
  },
  {
    key: "LG2",
    group: "LEAD_GENERATION",
    setUpFirst: false,
    name: { en: "Exit-intent promo code", ru: "Промокод при уходе" },
    description: {
      en: "A leaving visitor gets a popup with a promo code for their email, then the code by email.",
      ru: "Уходящему посетителю — попап с промокодом за email, затем письмо с кодом.",
    },
    parameters: [
      {
        key: "discountPercent",
        label: { en: "Discount", ru: "Скидка" },
        unit: "percent",
        default: 10,
        min: 1,
        max: 90,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "exit_intent" },
      entry: unknownEmail,
      start: "popup",
      steps: [
        {
          id: "popup",
          type: "send",
          channels: ["popup"],
          next: "captured",
          message: message(
            "lg2.popup",
            {
              en: `Wait! A ${p.discountPercent}% promo code is inside — where should we send it?`,
              ru: `Подождите! Внутри промокод на ${p.discountPercent}% — куда его прислать?`,
            },
            {
              content: "email_capture",
              discount: { percent: p.discountPercent },
            },
          ),
        },
        captureWait("captured", "bonus-email"),
        {
          id: "bonus-email",
          type: "send",
          channels: ["email"],
          message: message(
            "lg2.bonus",
            {
              en: "Hi {{first_name}}, here is your code: {{code}}",
              ru: "{{first_name}}, ваш промокод: {{code}}",
            },
            {
              title: { en: "Your promo code", ru: "Ваш промокод" },
              content: "discount_code",
              discount: { percent: p.discountPercent },
            },
          ),
        },
      ],
    }),
  },
  {
    key: "LG3",
    group: "LEAD_GENERATION",
    setUpFirst: true,
    name: { en: "Welcome bonus popup", ru: "Бонус за подписку" },
    description: {
      en: "New visitors see a bonus for their email after a few seconds, get the code at once and by email.",
      ru: "Новым посетителям через несколько секунд — бонус за email, код сразу и в письме.",
    },
    parameters: [
      {
        key: "delaySeconds",
        label: { en: "Delay", ru: "Задержка" },
        unit: "seconds",
        default: 10,
        min: 0,
        max: 600,
      },
      {
        key: "discountPercent",
        label: { en: "Discount", ru: "Скидка" },
        unit: "percent",
        default: 10,
        min: 1,
        max: 90,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "site_visit" },
      entry: unknownEmail,
      start: "delay",
      steps: [
        wait("delay", p.delaySeconds, "seconds", "popup"),
        {
          id: "popup",
          type: "send",
          channels: ["popup"],
          next: "captured",
          message: message(
            "lg3.popup",
            {
              en: `Get ${p.discountPercent}% off your first order`,
              ru: `Скидка ${p.discountPercent}% на первый заказ`,
            },
            {
              content: "email_capture",
              discount: { percent: p.discountPercent },
            },
          ),
        },
        captureWait("captured", "code-popup"),
        {
          id: "code-popup",
          type: "send",
          channels: ["popup"],
          marketing: false,
          next: "bonus-email",
          message: message(
            "lg3.code",
            { en: "Your code: {{code}}", ru: "Ваш код: {{code}}" },
            {
              content: "discount_code",
              discount: { percent: p.discountPercent },
            },
          ),
        },
        {
          id: "bonus-email",
          type: "send",
          channels: ["email"],
          message: message(
            "lg3.bonus",
            {
              en: `Welcome, {{first_name}}! Your ${p.discountPercent}% code: {{code}}`,
              ru: `Добро пожаловать, {{first_name}}! Ваш код на ${p.discountPercent}%: {{code}}`,
            },
            {
              title: {
                en: "Your welcome bonus",
                ru: "Ваш приветственный бонус",
              },
              content: "discount_code",
              discount: { percent: p.discountPercent },
            },
          ),
        },
      ],
    }),
  },
  {
    key: "LG4",
    group: "LEAD_GENERATION",
    setUpFirst: false,
    name: { en: "Blog digest signup", ru: "Подписка на дайджест блога" },
    description: {
      en: "Blog readers are offered a digest with a bonus; or, if they skip it, post notifications by push.",
      ru: "Читателям блога — дайджест с бонусом, а если откажутся — уведомления о статьях по push.",
    },
    parameters: [
      {
        key: "delaySeconds",
        label: { en: "Delay", ru: "Задержка" },
        unit: "seconds",
        default: 30,
        min: 0,
        max: 600,
      },
      {
        key: "discountPercent",
        label: { en: "Discount", ru: "Скидка" },
        unit: "percent",
        default: 10,
        min: 1,
        max: 90,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "page_viewed", pageType: "article" },
      entry: unknownEmail,
      start: "delay",
      steps: [
        wait("delay", p.delaySeconds, "seconds", "digest-popup"),
        {
          id: "digest-popup",
          type: "send",
          channels: ["popup"],
          next: "captured",
          message: message(
            "lg4.digest",
            {
              en: "Get our best articles and a bonus in your inbox",
              ru: "Лучшие статьи и бонус — на вашу почту",
            },
            { content: "email_capture" },
          ),
        },
        // A reader who left no email within minutes skipped the offer; the push popup must come
        // while they still read (on-site messages reach only a shopper seen in the last 30 minutes).
        {
          id: "captured",
          type: "wait_until",
          event: "email_captured",
          timeout: { amount: 3, unit: "minutes" },
          onEvent: "digest-email",
          onTimeout: "push-check",
        },
        {
          id: "digest-email",
          type: "send",
          channels: ["email"],
          message: message(
            "lg4.articles",
            {
              en: "Fresh from our blog, and {{code}} for your next order",
              ru: "Новое в блоге и код {{code}} на следующий заказ",
            },
            {
              content: "latest_articles",
              discount: { percent: p.discountPercent },
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
            "lg4.push",
            {
              en: "Be the first to read new articles: allow notifications",
              ru: "Узнавайте о новых статьях первыми — разрешите уведомления",
            },
            { content: "push_opt_in" },
          ),
        },
      ],
    }),
  },
  {
    key: "LG5",
    group: "LEAD_GENERATION",
    setUpFirst: false,
    name: { en: "Qualification quiz", ru: "Квалификационный опрос" },
    description: {
      en: "Ask one question and an email, then send a matching selection.",
      ru: "Один вопрос и email — затем подборка под ответ.",
    },
    parameters: [
      {
        key: "delaySeconds",
        label: { en: "Delay", ru: "Задержка" },
        unit: "seconds",
        default: 20,
        min: 0,
        max: 600,
      },
    ],
    build: (p) => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "site_visit" },
      entry: unknownEmail,
      start: "delay",
      steps: [
        wait("delay", p.delaySeconds, "seconds", "quiz"),
        {
          id: "quiz",
          type: "send",
          channels: ["popup"],
          next: "captured",
          message: message(
            "lg5.quiz",
            {
              en: "What are you shopping for today? We'll send a selection.",
              ru: "Что вы ищете сегодня? Пришлём подборку.",
            },
            {
              content: "qualification",
              choices: [
                { en: "A gift", ru: "Подарок" },
                { en: "Something for me", ru: "Что-то для себя" },
                { en: "Just looking", ru: "Просто смотрю" },
              ],
            },
          ),
        },
        captureWait("captured", "selection"),
        {
          id: "selection",
          type: "send",
          channels: ["email"],
          message: message(
            "lg5.selection",
            {
              en: "{{first_name}}, picked for you",
              ru: "{{first_name}}, подобрали для вас",
            },
            { content: "popular_products" },
          ),
        },
      ],
    }),
  },
  {
    key: "LG4-push",
    group: "LEAD_GENERATION",
    setUpFirst: false,
    name: { en: "New article push", ru: "Push о новой статье" },
    description: {
      en: "Readers who allowed notifications hear about each new article.",
      ru: "Читателям, разрешившим уведомления, — push о каждой новой статье.",
    },
    parameters: [],
    build: () => ({
      schemaVersion: SCHEMA_VERSION,
      trigger: { type: "article_published" },
      entry: { type: "push_subscribed", is: true },
      reentryCooldown: { amount: 0, unit: "seconds" },
      start: "announce",
      steps: [
        {
          id: "announce",
          type: "send",
          channels: ["web_push"],
          message: message(
            "lg4.article",
            {
              en: "New on the blog: {{article_title}}",
              ru: "Новое в блоге: {{article_title}}",
            },
            { content: "latest_articles" },
          ),
        },
      ],
    }),
  },
];
