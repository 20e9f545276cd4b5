import { defineWords } from "../i18n";

export const chatRepliesWords = defineWords(
  {
    title: "Chat replies",
    intro:
      "Shoppers' replies to your chat messages. You also get them by email, at most one notice every ten minutes.",
    unread: "{count} unread",
    markAllRead: "Mark all read",
    markRead: "Mark as read",
    new: "New",
    visitor: "A visitor (no email given)",
    reply: "Reply by email",
    onPage: "on {page}",
    answers: "Answers: {scenario}",
    emptyTitle: "No messages yet",
    emptyBody:
      "When a shopper answers a chat message of one of your scenarios, the reply shows up here.",
    pageOf: "Page {page} of {pages}",
    replySubject: "Re: your message",
  },
  {
    title: "Ответы в чате",
    intro:
      "Ответы покупателей на ваши сообщения в чате. Они приходят и на почту, не чаще одного письма в десять минут.",
    unread: "Непрочитанных: {count}",
    markAllRead: "Отметить все прочитанными",
    markRead: "Прочитано",
    new: "Новое",
    visitor: "Посетитель (без почты)",
    reply: "Ответить письмом",
    onPage: "на странице {page}",
    answers: "Ответ на: {scenario}",
    emptyTitle: "Сообщений пока нет",
    emptyBody:
      "Когда покупатель ответит на сообщение в чате одного из ваших сценариев, ответ появится здесь.",
    pageOf: "Страница {page} из {pages}",
    replySubject: "Re: ваше сообщение",
  },
);
