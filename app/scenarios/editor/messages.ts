// The validation's words (zod's, the model's checks and the scenario page's domain, in English) as
// a merchant reads them, in the admin's language. A message with no rule here is shown as written.
import type { Locale } from "../../ui/i18n";

type Rule = [RegExp, (m: RegExpExecArray) => { en: string; ru: string }];

const RULES: Rule[] = [
  [
    /^Too small: expected string to have >=1 characters/,
    () => ({ en: "Required", ru: "Обязательное поле" }),
  ],
  [
    /^Too big: expected string to have <=(\d+) characters/,
    (m) => ({
      en: `At most ${m[1]} characters`,
      ru: `Не больше ${m[1]} символов`,
    }),
  ],
  [
    /^Too small: expected number to be >=(-?\d+)/,
    (m) => ({ en: `At least ${m[1]}`, ru: `Не меньше ${m[1]}` }),
  ],
  [
    /^Too big: expected number to be <=(-?\d+)/,
    (m) => ({ en: `At most ${m[1]}`, ru: `Не больше ${m[1]}` }),
  ],
  [
    /^Too small: expected array to have >=(\d+) items?/,
    (m) => ({ en: `Choose at least ${m[1]}`, ru: `Выберите хотя бы ${m[1]}` }),
  ],
  [
    /^Invalid input: expected int, received number/,
    () => ({ en: "Enter a whole number", ru: "Введите целое число" }),
  ],
  [
    /^Invalid input: expected number, received/,
    () => ({ en: "Enter a number", ru: "Введите число" }),
  ],
  [
    /^variant weights add up to (\d+), not 100/,
    (m) => ({
      en: `The shares add up to ${m[1]}, not 100`,
      ru: `Доли в сумме дают ${m[1]}, а не 100`,
    }),
  ],
  [
    /^\{\{code\}\} needs the discount/,
    () => ({
      en: "{{code}} needs a discount on this message",
      ru: "Для {{code}} у сообщения должна быть скидка",
    }),
  ],
  [
    /^a link must start with https:\/\/ or with \//,
    () => ({
      en: "Enter a web address that starts with https:// or a page of your store that starts with /",
      ru: "Укажите адрес, начинающийся с https://, или страницу вашего магазина, начинающуюся с /",
    }),
  ],
  [
    /^between (\d+) and (\d+)$/,
    (m) => ({ en: `From ${m[1]} to ${m[2]}`, ru: `От ${m[1]} до ${m[2]}` }),
  ],
  [
    /^no value and no fallback for (.+)$/,
    (m) => ({
      en: `No value and no fallback for ${m[1]}`,
      ru: `Нет значения и запасного текста для ${m[1]}`,
    }),
  ],
  [
    // The step is named where the error is shown (on its node, or by its label).
    /^step "[^"]+": nothing is sent after this step$/,
    () => ({
      en: "Nothing is sent after this step: add a message after it, or delete it",
      ru: "После этого шага ничего не отправляется: добавьте после него сообщение или удалите шаг",
    }),
  ],
  [
    /^step "[^"]+" can never be reached$/,
    () => ({
      en: "Nothing leads to this step: point a path to it, or delete it",
      ru: "К этому шагу не ведёт ни один путь: направьте на него путь или удалите шаг",
    }),
  ],
  [
    /^steps loop: (.+)$/,
    (m) => ({
      en: `These steps make a loop a contact would go round forever (${m[1]}): point one of their paths elsewhere`,
      ru: `Эти шаги образуют цикл, по которому контакт ходил бы бесконечно (${m[1]}): направьте один из путей в другое место`,
    }),
  ],
  [
    /^version (\d+) was saved since you opened version (\d+)/,
    (m) => ({
      en: `Version ${m[1]} was saved since you opened version ${m[2]}: reload the page to edit it`,
      ru: `После того как вы открыли версию ${m[2]}, сохранили версию ${m[1]}: обновите страницу`,
    }),
  ],
  [
    /^not one of the shop's test contacts$/,
    () => ({
      en: "Not one of the shop's test contacts",
      ru: "Это не тестовый контакт магазина",
    }),
  ],
  [
    /^set the sender's name and address in Settings first$/,
    () => ({
      en: "Set the sender's name and address in Settings first",
      ru: "Сначала укажите имя и адрес отправителя в Настройках",
    }),
  ],
  [
    /^connect an email provider in Settings first$/,
    () => ({
      en: "Connect an email provider in Settings first",
      ru: "Сначала подключите почтовый сервис в Настройках",
    }),
  ],
];

export function errorWords(message: string, locale: Locale): string {
  for (const [pattern, words] of RULES) {
    const match = pattern.exec(message);
    if (match) return words(match)[locale];
  }
  return message;
}
