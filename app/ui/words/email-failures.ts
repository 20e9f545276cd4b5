import { defineWords } from "../i18n";

// Why an email did not go, in the merchant's words, with what to do: the test email's answer and a
// failed delivery's reason (stored in English, shown in the admin's language). Never the remote
// server's own text, which may carry anything (it stays in the debug log).
export const emailFailureWords = defineWords(
  {
    unreachable:
      "Couldn't reach your email server. Check the host and port, and that the server accepts connections from the internet.",
    sign_in_refused:
      "Your email server refused the sign-in. Check the user name and password (some providers need an app password).",
    tls: "The secure connection (TLS) to your email server failed. Check the TLS setting and port (465 for TLS from the first byte, 587 for STARTTLS) and that the server's certificate is valid for its host name.",
    sender_refused:
      "Your email server refused the sender address. Use a sender address your server or provider lets you send from.",
    recipient_refused:
      "Your email server refused the recipient's address. Check the address; the server won't deliver to it.",
    message_refused:
      "Your email server refused the message. Your provider's dashboard or logs say why.",
    try_later:
      "Your email server asked to try again later. It will be tried again; if it keeps happening, check your provider's limits.",
    timed_out:
      "Your email server didn't answer in time. Try again later; if it keeps happening, check the host and port.",
    blocked_address:
      "This host points to a private or internal network address, which the app doesn't connect to. Use your email provider's public host name.",
  },
  {
    unreachable:
      "Не удалось связаться с почтовым сервером. Проверьте хост и порт, а также что сервер принимает подключения из интернета.",
    sign_in_refused:
      "Почтовый сервер не принял вход. Проверьте имя пользователя и пароль (некоторым сервисам нужен пароль приложения).",
    tls: "Не удалось установить защищённое соединение (TLS) с почтовым сервером. Проверьте настройку TLS и порт (465 для TLS с первого байта, 587 для STARTTLS) и что сертификат сервера действителен для его имени.",
    sender_refused:
      "Почтовый сервер отклонил адрес отправителя. Укажите адрес, с которого ваш сервер или сервис разрешает отправку.",
    recipient_refused:
      "Почтовый сервер отклонил адрес получателя. Проверьте адрес: сервер не доставит на него письмо.",
    message_refused:
      "Почтовый сервер отклонил письмо. Причину покажут панель или журналы вашего сервиса.",
    try_later:
      "Почтовый сервер попросил повторить позже. Письмо будет отправлено повторно; если это повторяется, проверьте лимиты вашего сервиса.",
    timed_out:
      "Почтовый сервер не ответил вовремя. Попробуйте позже; если это повторяется, проверьте хост и порт.",
    blocked_address:
      "Этот хост указывает на адрес частной или внутренней сети, к которой приложение не подключается. Укажите публичное имя хоста вашего почтового сервиса.",
  },
);

export type EmailFailure = keyof typeof emailFailureWords.en;

/** A stored reason (the English text) in the admin's language; other reasons as they are. */
export function emailFailureIn(reason: string, locale: "en" | "ru"): string {
  const failure = (Object.keys(emailFailureWords.en) as EmailFailure[]).find(
    (name) => emailFailureWords.en[name] === reason,
  );
  return failure ? emailFailureWords[locale][failure] : reason;
}
