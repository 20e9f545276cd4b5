import { defineWords } from "../i18n";

export const templatesWords = defineWords(
  {
    title: "Templates",
    intro:
      "Ready-made scenarios from the trigger map. One click turns one on with its defaults; you can change it later on the Scenarios page.",
    simulate: "Simulate first",
    activateRecommended: "Activate all recommended",
    recommendedHelp:
      "Turns on every template marked “Set this up first” that is not active yet.",
    recommendedDone: "Activated: {list}.",
    recommendedResumed: "Resumed: {list}.",
    recommendedNothing: "All recommended templates are already active.",
    recommendedFailed: "Not activated: {list}.",
    group_LEAD_GENERATION: "Lead generation",
    group_SALES: "Sales",
    group_RETENTION: "Retention",
    group_WIN_BACK: "Win-back",
    purpose_LEAD_GENERATION:
      "Turn visitors into subscribers: popups that trade a bonus for an email, push opt-in, welcome emails.",
    purpose_SALES:
      "Recover carts and checkouts, remind of viewed products, nudge to the next discount tier.",
    purpose_RETENTION:
      "Thank buyers, confirm orders, offer a next-order bonus and ask for a review.",
    purpose_WIN_BACK:
      "Bring back customers who stopped visiting with pushes, emails and a personal offer.",
    setUpFirst: "Set this up first",
    path: "Path",
    channels: "Channels",
    active: "Active",
    paused: "Paused",
    draft: "Draft",
    activate: "Activate",
    pause: "Pause",
    resume: "Resume",
    activated: "“{name}” is active.",
    pausedDone: "“{name}” is paused. Its runs and messages are kept.",
    resumedDone: "“{name}” is active again.",
    via_then: "if yes",
    via_else: "if not",
    via_event: "if it happens",
    via_timeout: "if not in time",
    via_variant: "variant {key}",
    jump: "then as above: {step}",
    holdout: "{percent}% get nothing (holdout)",
    error: "Couldn't do that: {reason}",
  },
  {
    title: "Шаблоны",
    intro:
      "Готовые сценарии из карты триггеров. Один клик включает сценарий с настройками по умолчанию; изменить его можно потом на странице «Сценарии».",
    simulate: "Сначала проверить",
    activateRecommended: "Включить все рекомендуемые",
    recommendedHelp:
      "Включает все шаблоны с пометкой «Настроить в первую очередь», которые ещё не активны.",
    recommendedDone: "Включены: {list}.",
    recommendedResumed: "Возобновлены: {list}.",
    recommendedNothing: "Все рекомендуемые шаблоны уже активны.",
    recommendedFailed: "Не включены: {list}.",
    group_LEAD_GENERATION: "Сбор контактов",
    group_SALES: "Продажи",
    group_RETENTION: "Удержание",
    group_WIN_BACK: "Возврат клиентов",
    purpose_LEAD_GENERATION:
      "Превращайте посетителей в подписчиков: попапы с бонусом за email, подписка на push, приветственные письма.",
    purpose_SALES:
      "Возвращайте брошенные корзины и оформления, напоминайте о просмотренных товарах, подталкивайте к следующей скидке.",
    purpose_RETENTION:
      "Благодарите покупателей, подтверждайте заказы, дарите бонус на следующий заказ и просите отзыв.",
    purpose_WIN_BACK:
      "Возвращайте клиентов, которые перестали заходить: push, письма и персональное предложение.",
    setUpFirst: "Настроить в первую очередь",
    path: "Путь",
    channels: "Каналы",
    active: "Активен",
    paused: "На паузе",
    draft: "Черновик",
    activate: "Включить",
    pause: "Приостановить",
    resume: "Возобновить",
    activated: "«{name}» включён.",
    pausedDone: "«{name}» на паузе. Его запуски и сообщения сохранены.",
    resumedDone: "«{name}» снова активен.",
    via_then: "если да",
    via_else: "если нет",
    via_event: "если произошло",
    via_timeout: "если не успел",
    via_variant: "вариант {key}",
    jump: "далее как выше: {step}",
    holdout: "{percent}% не получают ничего (контрольная группа)",
    error: "Не получилось: {reason}",
  },
);
