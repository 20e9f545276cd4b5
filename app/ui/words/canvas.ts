// The scenario's drawn map (app/ui/canvas/), in English and Russian: block kinds, the counts on
// the nodes, the zoom controls, what the graph checks say on a node, and the builder's edits.
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
    issue_dead_end:
      "Nothing is sent after this step: add a message after it, or delete it.",
    leadsTo: "Then",
    wayLeadsTo: "On “{way}”, go to",
    endHere: "End the scenario here",
    insertAfter: "Add a step after “{step}”",
    insertAfterWay: "Add a step after “{step}”, on the way “{way}”",
    addTitle: "Add a step",
    addHelp:
      "The step goes where you pressed “+”; what came after it follows the new step.",
    cancel: "Cancel",
    about_wait: "Wait a fixed time, then go on.",
    about_wait_until:
      "Wait until the contact does something (an order, a click…), with a time limit: two ways out.",
    about_wait_for_hours: "Hold a message until the contact's allowed hours.",
    about_branch: "Go one way if a condition holds, another if not.",
    about_split:
      "Send contacts down variants at random (A/B), or hold some out.",
    about_send:
      "Send a message on the first channel that can reach the contact.",
    stepActions: "This step",
    delete: "Delete step",
    deleteKeep:
      "Which way should stay? Steps only the other ways reach are deleted too.",
    keepWay: "Keep “{way}”",
    lastStep:
      "The only step of a scenario can't be deleted: add another first.",
    moveUp: "Move up",
    moveDown: "Move down",
    undo: "Undo",
    redo: "Redo",
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
    issue_dead_end:
      "После этого шага ничего не отправляется: добавьте после него сообщение или удалите шаг.",
    leadsTo: "Затем",
    wayLeadsTo: "Если «{way}», перейти к",
    endHere: "Закончить сценарий здесь",
    insertAfter: "Добавить шаг после «{step}»",
    insertAfterWay: "Добавить шаг после «{step}», путь «{way}»",
    addTitle: "Добавить шаг",
    addHelp:
      "Шаг встанет там, где вы нажали «+»; то, что было дальше, пойдёт после него.",
    cancel: "Отмена",
    about_wait: "Подождать заданное время и идти дальше.",
    about_wait_until:
      "Ждать действия контакта (заказа, клика…) не дольше заданного времени: два выхода.",
    about_wait_for_hours: "Придержать сообщение до разрешённых часов контакта.",
    about_branch:
      "Пойти одним путём, если условие выполнено, другим — если нет.",
    about_split:
      "Случайно разделить контакты по вариантам (A/B) или часть не трогать.",
    about_send:
      "Отправить сообщение по первому каналу, который дойдёт до контакта.",
    stepActions: "Этот шаг",
    delete: "Удалить шаг",
    deleteKeep:
      "Какой путь оставить? Шаги, до которых доходят только другие пути, тоже удалятся.",
    keepWay: "Оставить «{way}»",
    lastStep:
      "Единственный шаг сценария удалить нельзя: сначала добавьте другой.",
    moveUp: "Выше",
    moveDown: "Ниже",
    undo: "Отменить",
    redo: "Повторить",
    controls: "Масштаб",
    zoomIn: "Приблизить",
    zoomOut: "Отдалить",
    fitView: "Показать весь сценарий",
  },
);
export type CanvasWords = (typeof canvasWords)["en"];
