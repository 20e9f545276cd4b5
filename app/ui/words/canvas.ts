// The scenario's drawn map (app/ui/canvas/), in English and Russian: block kinds, the counts on
// the nodes, the zoom controls and what the graph checks say on a node.
import { defineWords } from "../i18n";

export const canvasWords = defineWords(
  {
    label: "Scenario map",
    help: "Tab moves between the steps; Enter opens one in the panel.",
    kind_trigger: "Trigger",
    kind_wait: "Wait",
    kind_wait_until: "Wait for an event",
    kind_wait_for_hours: "Allowed hours",
    kind_branch: "Condition",
    kind_split: "A/B split",
    kind_send: "Message",
    end: "End",
    heldOut: "Held out",
    reached: "Reached by: {via}",
    showCounts: "Show counts",
    countsPeriod:
      "Last {days} days, test contacts left out; “now” counts contacts waiting at the step.",
    countsLoading: "Counting…",
    countsFailed: "The counts could not be loaded. Try again in a minute.",
    entered: "{count} entered",
    hereNow: "{count} now",
    sent: "{count} sent",
    failed: "{count} failed",
    variant: "{key}: {count}",
    heldOutCount: "{count} held out",
    issue_unreachable:
      "Nothing leads to this step: point a path to it, or delete it.",
    issue_loop:
      "This step is on a loop, so a contact would go round forever: point one of its paths elsewhere.",
    controls: "Zoom",
    zoomIn: "Zoom in",
    zoomOut: "Zoom out",
    fitView: "Show the whole scenario",
  },
  {
    label: "Карта сценария",
    help: "Tab переходит между шагами, Enter открывает шаг в панели.",
    kind_trigger: "Триггер",
    kind_wait: "Пауза",
    kind_wait_until: "Ожидание события",
    kind_wait_for_hours: "Разрешённые часы",
    kind_branch: "Условие",
    kind_split: "A/B-тест",
    kind_send: "Сообщение",
    end: "Конец",
    heldOut: "Контрольная группа",
    reached: "Путь сюда: {via}",
    showCounts: "Показывать числа",
    countsPeriod:
      "За последние {days} дней, без тестовых контактов; «сейчас» — контакты, которые ждут на шаге.",
    countsLoading: "Считаем…",
    countsFailed: "Не удалось загрузить числа. Попробуйте через минуту.",
    entered: "вошло: {count}",
    hereNow: "сейчас: {count}",
    sent: "отправлено: {count}",
    failed: "с ошибкой: {count}",
    variant: "{key}: {count}",
    heldOutCount: "не получили: {count}",
    issue_unreachable:
      "К этому шагу не ведёт ни один путь: направьте на него путь или удалите шаг.",
    issue_loop:
      "Шаг стоит в цикле, и контакт ходил бы по кругу бесконечно: направьте один из путей в другое место.",
    controls: "Масштаб",
    zoomIn: "Приблизить",
    zoomOut: "Отдалить",
    fitView: "Показать весь сценарий",
  },
);
export type CanvasWords = (typeof canvasWords)["en"];
