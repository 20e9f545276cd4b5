// The message preview's words (app/ui/MessagePreview.tsx).
import { defineWords } from "../i18n";

export const previewWords = defineWords(
  {
    heading: "Preview",
    desktop: "Desktop",
    mobile: "Mobile",
    width: "Preview width",
    frame_popup: "Popup preview",
    frame_chat: "Chat message preview",
    frame_email: "Email preview",
    frame_web_push: "Push notification preview",
    loading: "Updating the preview…",
    from: "From",
    no_sender: "No sender yet: set the sender's name and address in Settings.",
    subject: "Subject",
    show_text: "Show the plain-text version",
    hide_text: "Hide the plain-text version",
    unnamed: "Preview for a contact whose name we don't know",
    sample_note:
      "Sample data stands in for the contact, their products and their code.",
    missing_send:
      "{names}: no value for some contacts and no fallback. Add a fallback, or the message fails for them.",
    missing_site:
      "{names}: no fallback. Shoppers we don't know see nothing in its place.",
    invalid: "Fix the message to see its preview:",
    not_built:
      "The storefront runtime is not built in this copy of the app. Run npm run build:storefront, then reload.",
  },
  {
    heading: "Предпросмотр",
    desktop: "Компьютер",
    mobile: "Телефон",
    width: "Ширина предпросмотра",
    frame_popup: "Предпросмотр всплывающего окна",
    frame_chat: "Предпросмотр сообщения в чате",
    frame_email: "Предпросмотр письма",
    frame_web_push: "Предпросмотр push-уведомления",
    loading: "Обновляем предпросмотр…",
    from: "От",
    no_sender:
      "Отправитель не задан: укажите имя и адрес отправителя в настройках.",
    subject: "Тема",
    show_text: "Показать текстовую версию",
    hide_text: "Скрыть текстовую версию",
    unnamed: "Показать для контакта, чьё имя неизвестно",
    sample_note: "Вместо данных контакта, его товаров и промокода — примеры.",
    missing_send:
      "{names}: у части контактов нет значения, а запасного нет. Добавьте запасное значение, иначе сообщение им не уйдёт.",
    missing_site:
      "{names}: нет запасного значения. Незнакомые покупатели увидят на его месте пустоту.",
    invalid: "Исправьте сообщение, чтобы увидеть предпросмотр:",
    not_built:
      "Модуль витрины не собран в этой копии приложения. Выполните npm run build:storefront и обновите страницу.",
  },
);
