import { defineCopy } from "../i18n";

export const navCopy = defineCopy(
  {
    dashboard: "Dashboard",
    templates: "Templates",
    scenarios: "Scenarios",
    analytics: "Analytics",
    inbox: "Inbox",
    settings: "Settings",
  },
  {
    dashboard: "Обзор",
    templates: "Шаблоны",
    scenarios: "Сценарии",
    analytics: "Аналитика",
    inbox: "Входящие",
    settings: "Настройки",
  },
);
