import { defineWords } from "../i18n";

// Field labels are keyed `field_<name>` after the email provider schema's field names
// (app/channels/email/provider.server.ts), hints `hint_<name>`; a field without one shows its name.
export const settingsWords = defineWords(
  {
    title: "Settings",
    save: "Save",
    saved: "Saved",
    republishFailed: "Saved, but the storefront could not be updated yet",
    fixErrors: "Fix the fields marked below; nothing was saved.",
    err_required: "Required",
    err_number: "Enter a number",
    err_whole: "Enter a whole number",
    err_min: "At least {limit}",
    err_max: "At most {limit}",
    err_email: "Enter a valid email address",
    err_freeMail:
      "Mail from a free mailbox (Gmail, Yahoo, Outlook and the like) sent through your provider is rejected by Gmail, Yahoo and others. Use an address at your shop's own domain, e.g. hello@yourshop.com.",
    err_privateHost:
      "This host points to a private or internal network address, which the app doesn't connect to. Enter your email provider's public host name.",

    providerTitle: "Email provider",
    providerIntro:
      "The service that sends your store's emails. Keys and passwords are stored encrypted and never shown again.",
    providerNone:
      "No email provider connected: emails wait until you connect one.",
    providerKind: "Service",
    kind_smtp: "SMTP server",
    kind_sendgrid: "SendGrid",
    kind_postmark: "Postmark",
    kind_mailgun: "Mailgun",
    kind_ses: "Amazon SES",
    secretSaved: "Saved. Leave empty to keep it.",
    secretNew: "Enter the new one: keys are kept per service.",
    field_sendRatePerSecond: "Messages per second",
    hint_sendRatePerSecond:
      "What your plan allows, if not the provider's default",
    field_host: "Host",
    field_port: "Port",
    field_secure: "TLS from the first byte (port 465)",
    field_requireTls: "Refuse to send without STARTTLS",
    field_user: "User name",
    field_password: "Password",
    field_apiKey: "API key",
    field_serverToken: "Server token",
    field_broadcastStream: "Broadcast message stream",
    field_domain: "Sending domain",
    field_region: "Region",
    field_accessKeyId: "Access key ID",
    field_secretAccessKey: "Secret access key",
    field_configurationSet: "Configuration set",
    format_region: "An AWS region, e.g. eu-west-1",
    format_accessKeyId: "An AWS access key ID: capital letters and digits",

    testTitle: "Send a test email",
    testIntro:
      "Sends a short email through the connected provider from your sender.",
    testTo: "Send to",
    testSend: "Send test email",
    testSent: "Test email sent to {to}.",
    testLast: "Last test email went out {time}.",
    testNever: "No test email sent through this provider yet.",
    testFailed: "The test email was not sent",
    fail_setup: "Setup needed",
    fail_transient: "Temporary failure: try again in a moment",
    fail_permanent: "Refused by the provider",
    fail_unknown: "Unknown outcome",

    senderTitle: "Sender and address",
    senderName: "Sender name",
    senderEmail: "Sender email",
    senderHelp: "Leave both empty to send as your store ({fallback}).",
    address: "Physical address",
    addressHelp:
      "Printed in the footer of every marketing email: anti-spam laws (CAN-SPAM, GDPR) require it.",
    addressMissing:
      "No physical address yet: marketing emails need one in their footer.",
    dkimSelector: "DKIM selector (optional)",
    dkimSelectorHelp:
      "The name before ._domainkey in the DKIM record your email provider gave you, e.g. 20240101pm for 20240101pm._domainkey.yourstore.com. The dashboard uses it to check your domain's DKIM when it can't know the provider's.",
    format_dkimSelector:
      "Letters, digits, hyphens and dots only, e.g. s1 or 20240101pm",

    limitsTitle: "Caps and quiet hours",
    dailyCap: "Marketing messages per contact per day",
    dailyCapHelp:
      "Across all channels; messages over the cap wait for the next day, none are dropped.",
    quietStart: "Quiet hours from",
    quietEnd: "until",
    quietHelp:
      "No email or push in these hours, in the contact's time zone (else the store's). Same hour twice: no quiet hours.",
    cartMinutes: "Cart abandoned after (minutes)",
    checkoutMinutes: "Checkout abandoned after (minutes)",
    attribution: "Attribution window (days)",
    attributionHelp:
      "An order within this many days of a click counts for that message.",

    consentTitle: "Consent and languages",
    doubleOptIn: "Double opt-in",
    doubleOptInHelp:
      "New subscribers confirm by email before they get marketing.",
    languages: "Languages of your messages",
    languagesHelp:
      "Scenarios' copy is written in these; the storefront is updated when they change.",
    lang_en: "English",
    lang_ru: "Russian",

    testContactsTitle: "Test contacts",
    testContactsIntro: "Scenarios in test mode reach only these addresses.",
    testContactsEmpty: "No test contacts yet.",
    addContact: "Email to add",
    add: "Add",
    remove: "Remove",

    retentionTitle: "Data retention",
    retentionDays: "Keep contact events for (days)",
    retentionHelp: "Older events are deleted. Between 30 and 730 days.",

    storeTitle: "Store",
    storeDomain: "Domain: {value}",
    storeCurrency: "Currency: {value}",
    storeZone: "Time zone (quiet hours fall back to it): {value}",
    requestsTitle: "Customer data requests",
    requestsIntro:
      "When a customer asks for their data, Shopify tells the app and the app prepares what it holds on them. Download it and send it to the customer within 30 days.",
    requestsNone: "No requests yet.",
    received: "Received",
    customer: "Customer",
    data: "Data",
    download: "Download JSON",
  },
  {
    title: "Настройки",
    save: "Сохранить",
    saved: "Сохранено",
    republishFailed: "Сохранено, но витрину пока не удалось обновить",
    fixErrors: "Исправьте отмеченные поля: ничего не сохранено.",
    err_required: "Обязательное поле",
    err_number: "Введите число",
    err_whole: "Введите целое число",
    err_min: "Не меньше {limit}",
    err_max: "Не больше {limit}",
    err_email: "Введите правильный адрес почты",
    err_freeMail:
      "Письма с бесплатного ящика (Gmail, Yahoo, Mail.ru и подобных), отправленные через ваш сервис, отклоняют Gmail, Yahoo и другие. Укажите адрес на домене вашего магазина, например hello@yourshop.com.",
    err_privateHost:
      "Этот хост указывает на адрес частной или внутренней сети, к которой приложение не подключается. Укажите публичное имя хоста вашего почтового сервиса.",

    providerTitle: "Почтовый сервис",
    providerIntro:
      "Сервис, через который уходят письма магазина. Ключи и пароли хранятся зашифрованными и больше не показываются.",
    providerNone:
      "Почтовый сервис не подключён: письма ждут, пока вы его подключите.",
    providerKind: "Сервис",
    kind_smtp: "SMTP-сервер",
    kind_sendgrid: "SendGrid",
    kind_postmark: "Postmark",
    kind_mailgun: "Mailgun",
    kind_ses: "Amazon SES",
    secretSaved: "Сохранён. Оставьте пустым, чтобы не менять.",
    secretNew: "Введите заново: ключи хранятся для каждого сервиса свои.",
    field_sendRatePerSecond: "Писем в секунду",
    hint_sendRatePerSecond:
      "Сколько позволяет ваш тариф, если не значение сервиса по умолчанию",
    field_host: "Хост",
    field_port: "Порт",
    field_secure: "TLS с первого байта (порт 465)",
    field_requireTls: "Не отправлять без STARTTLS",
    field_user: "Имя пользователя",
    field_password: "Пароль",
    field_apiKey: "API-ключ",
    field_serverToken: "Токен сервера",
    field_broadcastStream: "Поток рассылок",
    field_domain: "Домен отправки",
    field_region: "Регион",
    field_accessKeyId: "ID ключа доступа",
    field_secretAccessKey: "Секретный ключ доступа",
    field_configurationSet: "Набор конфигурации",
    format_region: "Регион AWS, например eu-west-1",
    format_accessKeyId: "ID ключа доступа AWS: заглавные буквы и цифры",

    testTitle: "Тестовое письмо",
    testIntro:
      "Отправляет короткое письмо через подключённый сервис от вашего отправителя.",
    testTo: "Кому",
    testSend: "Отправить тестовое письмо",
    testSent: "Тестовое письмо отправлено на {to}.",
    testLast: "Последнее тестовое письмо ушло {time}.",
    testNever: "Через этот сервис тестовое письмо ещё не отправлялось.",
    testFailed: "Тестовое письмо не отправлено",
    fail_setup: "Нужна настройка",
    fail_transient: "Временный сбой: попробуйте чуть позже",
    fail_permanent: "Сервис отказал",
    fail_unknown: "Результат неизвестен",

    senderTitle: "Отправитель и адрес",
    senderName: "Имя отправителя",
    senderEmail: "Почта отправителя",
    senderHelp:
      "Оставьте оба поля пустыми, чтобы письма шли от магазина ({fallback}).",
    address: "Почтовый адрес",
    addressHelp:
      "Печатается внизу каждого маркетингового письма: этого требуют законы о спаме (CAN-SPAM, GDPR).",
    addressMissing:
      "Почтовый адрес не указан: он нужен внизу маркетинговых писем.",
    dkimSelector: "Селектор DKIM (необязательно)",
    dkimSelectorHelp:
      "Часть имени до ._domainkey в DKIM-записи, которую дал ваш почтовый сервис, например 20240101pm для 20240101pm._domainkey.yourstore.com. По нему обзор проверяет DKIM вашего домена, когда селектор сервиса неизвестен.",
    format_dkimSelector:
      "Только буквы, цифры, дефисы и точки, например s1 или 20240101pm",

    limitsTitle: "Лимиты и тихие часы",
    dailyCap: "Маркетинговых сообщений контакту в день",
    dailyCapHelp:
      "По всем каналам; сообщения сверх лимита ждут следующего дня и не теряются.",
    quietStart: "Тихие часы с",
    quietEnd: "до",
    quietHelp:
      "В эти часы ни писем, ни пушей, по времени контакта (иначе магазина). Одинаковый час дважды: без тихих часов.",
    cartMinutes: "Корзина брошена через (минут)",
    checkoutMinutes: "Оформление брошено через (минут)",
    attribution: "Окно атрибуции (дней)",
    attributionHelp:
      "Заказ в течение стольких дней после клика засчитывается сообщению.",

    consentTitle: "Согласие и языки",
    doubleOptIn: "Двойное подтверждение",
    doubleOptInHelp:
      "Новые подписчики подтверждают подписку письмом, прежде чем получать рассылки.",
    languages: "Языки ваших сообщений",
    languagesHelp:
      "На этих языках пишутся тексты сценариев; витрина обновляется при их смене.",
    lang_en: "Английский",
    lang_ru: "Русский",

    testContactsTitle: "Тестовые контакты",
    testContactsIntro:
      "Сценарии в тестовом режиме доходят только до этих адресов.",
    testContactsEmpty: "Тестовых контактов пока нет.",
    addContact: "Адрес для добавления",
    add: "Добавить",
    remove: "Удалить",

    retentionTitle: "Хранение данных",
    retentionDays: "Хранить события контактов (дней)",
    retentionHelp: "Более старые события удаляются. От 30 до 730 дней.",

    storeTitle: "Магазин",
    storeDomain: "Домен: {value}",
    storeCurrency: "Валюта: {value}",
    storeZone: "Часовой пояс (для тихих часов по умолчанию): {value}",
    requestsTitle: "Запросы данных покупателей",
    requestsIntro:
      "Когда покупатель запрашивает свои данные, Shopify сообщает приложению, и оно готовит всё, что о нём хранит. Скачайте файл и отправьте покупателю в течение 30 дней.",
    requestsNone: "Запросов пока нет.",
    received: "Получен",
    customer: "Покупатель",
    data: "Данные",
    download: "Скачать JSON",
  },
);
