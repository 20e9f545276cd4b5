import { defineWords } from "../i18n";

export const navWords = defineWords(
  {
    dashboard: "Dashboard",
    templates: "Templates",
    scenarios: "Scenarios",
    analytics: "Analytics",
    chatReplies: "Chat replies",
    settings: "Settings",
  },
  {
    dashboard: "Обзор",
    templates: "Шаблоны",
    scenarios: "Сценарии",
    analytics: "Аналитика",
    chatReplies: "Ответы в чате",
    settings: "Настройки",
  },
);
