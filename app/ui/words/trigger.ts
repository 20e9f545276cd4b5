// The trigger's editor in the scenario settings, in English and Russian.
import { defineWords } from "../i18n";

export const triggerEditorWords = defineWords(
  {
    trigger: "Starts when",
    triggerHelp:
      "Contacts already in the scenario go on as they started; the new trigger starts the next ones.",
    visitor: "Which visitors",
    visitor_any: "Any visitor",
    visitor_first: "First-time visitors",
    visitor_returning: "Returning visitors",
    minVisits: "From this visit on",
    minVisitsHelp: "Leave empty to start on any visit.",
    pageType: "Page type",
    pastPerDay: "Past customers a day",
    pastPerDayHelp:
      "Leave empty or 0 to reach only customers who fall silent after the scenario is turned on; a number also reaches those silent before, at most that many a day.",
    addEntry: "Add a condition on who enters",
  },
  {
    trigger: "Запускается, когда",
    triggerHelp:
      "Те, кто уже в сценарии, продолжат как начали; новый триггер запускает следующих.",
    visitor: "Какие посетители",
    visitor_any: "Любой посетитель",
    visitor_first: "Впервые на сайте",
    visitor_returning: "Вернувшиеся посетители",
    minVisits: "Начиная с визита номер",
    minVisitsHelp: "Оставьте пустым, чтобы запускать при любом визите.",
    pageType: "Тип страницы",
    pastPerDay: "Прежних покупателей в день",
    pastPerDayHelp:
      "Оставьте пустым или 0, чтобы охватить только тех, кто замолчит после включения сценария; число охватит и замолчавших раньше, не больше стольких в день.",
    addEntry: "Добавить условие, кто входит",
  },
);
