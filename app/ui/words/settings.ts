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
    field_eventVerificationKey: "Event webhook verification key",
    hint_eventVerificationKey:
      "From SendGrid's Signed Event Webhook (see Bounce and complaint reports below): lets the app check that reports really come from SendGrid.",
    field_webhookSigningKey: "HTTP webhook signing key",
    hint_webhookSigningKey:
      "From Mailgun's Sending → Webhooks page (see Bounce and complaint reports below): lets the app check that reports really come from Mailgun.",
    format_region: "An AWS region, e.g. eu-west-1",
    format_accessKeyId: "An AWS access key ID: capital letters and digits",

    reportsTitle: "Bounce and complaint reports",
    reportsIntro:
      "Your provider tells the app which emails were delivered, bounced or marked as spam. The app stops emailing an address that bounces or complains, which keeps your sender reputation safe.",
    reportsUrl: "URL to paste into {provider}",
    reportsUrlHelp:
      "Copy it whole. It is your store's own address: don't share it.",
    copy: "Copy",
    copied: "Copied",
    reportsSince: "Reports received since {date}.",
    reportsTopic:
      "Reports are taken only from the SNS topic {topic}, the first to send one. Moved to another topic? Save the email provider above, then subscribe the URL to the new topic.",
    reportsNone:
      "No reports received yet: until then, “delivered” means only that the provider accepted the message.",
    connectButton: "Connect automatically",
    connectHelp:
      "The app sets the webhook up in {provider} with the key you saved above: nothing to copy. Or follow the steps below yourself.",
    connectFailed: "Not connected",
    connected:
      "Connected: {provider} will report deliveries, bounces and complaints.",
    connectedKeyManual_mailgun:
      "Connected: Mailgun will report deliveries, bounces and complaints. Mailgun didn't give the app its HTTP webhook signing key (your API key may not be allowed to read it): copy it from Sending → Webhooks into “HTTP webhook signing key” in Email provider above, and save. Until then the app refuses Mailgun's reports.",
    connectedKeyManual_sendgrid:
      "Connected, but SendGrid's verification key could not be saved: copy it from Settings → Mail Settings → Event Webhooks into “Event webhook verification key” in Email provider above, and save. Until then the app refuses SendGrid's reports.",
    connect_setup:
      "Save a SendGrid, Postmark or Mailgun provider with its key first; for others, follow the steps below.",
    connect_auth:
      "{provider} refused the key: it is wrong or was revoked. Enter a current one in Email provider above and save, or paste the URL yourself.",
    connect_auth_mailgun:
      "Mailgun refused the key: it is wrong, or a domain sending key, which may only send. Enter your account's API key (Account settings → API keys) in Email provider above and save, or paste the URL yourself.",
    connect_permission:
      "{provider} refused: the key isn't allowed to manage webhooks. Use a key with full access, or paste the URL yourself.",
    connect_permission_sendgrid:
      "SendGrid refused: the API key lacks the “Mail Settings” permission (Event Webhook). Give it Full Access or paste the URL yourself.",
    connect_permission_mailgun:
      "Mailgun refused: this key may only send (a domain sending key). Enter your account's API key (Account settings → API keys) in Email provider above, or paste the URL yourself.",
    connect_stream:
      "Postmark has no message stream “{stream}” on this server. Enter the broadcast stream's ID in Email provider above and save, then try again.",
    connect_domain:
      "Mailgun doesn't know the domain {domain} in the {region} region. Check the sending domain and region in Email provider above, then try again.",
    connect_limit_sendgrid:
      "Your SendGrid plan allows {max} event webhooks and all are in use. Delete one you no longer need in SendGrid (Settings → Mail Settings → Event Webhooks), then try again, or paste the URL into one yourself.",
    connect_limit_mailgun:
      "Mailgun allows {max} URLs for each event, and the “{event}” webhook of {domain} has them all. Remove one you no longer need in Sending → Webhooks, then try again.",
    connect_unreachable:
      "{provider} didn't answer. Try again in a minute, or paste the URL yourself.",
    connect_refused:
      "{provider} refused the request. Paste the URL yourself, following the steps below.",
    reportsSteps: "In {provider}:",
    steps_sendgrid_1:
      "Open Settings → Mail Settings → Event Webhook and create a webhook.",
    steps_sendgrid_2: "Paste the URL above as its Post URL.",
    steps_sendgrid_3: "Tick Delivered, Bounced, Dropped and Spam Reports.",
    steps_sendgrid_4:
      "Turn on Signed Event Webhook and save the webhook in SendGrid.",
    steps_sendgrid_5:
      "Copy the verification key SendGrid then shows into “Event webhook verification key” in Email provider above, and save. Until then the app refuses SendGrid's reports.",
    steps_postmark_1:
      "Open Servers → your server → the broadcast stream ({stream}) → Webhooks → Add webhook.",
    steps_postmark_2:
      "Paste the URL above as the webhook URL. It carries its own user name and password: there is nothing else to fill in.",
    steps_postmark_3: "Tick Delivery, Bounce and Spam Complaint, then save.",
    steps_mailgun_1:
      "Open Sending → Webhooks and pick your sending domain ({domain}).",
    steps_mailgun_2:
      "Add the URL above for each of these events: Delivered, Permanent failure, Temporary failure and Spam complaints.",
    steps_mailgun_3:
      "Copy the HTTP webhook signing key shown on that page into “HTTP webhook signing key” in Email provider above, and save. Until then the app refuses Mailgun's reports.",
    steps_ses_1:
      "In Amazon SNS, in the same region as SES ({region}), create a Standard topic.",
    steps_ses_2:
      "Add a subscription to the topic: protocol HTTPS, endpoint the URL above. The app confirms the subscription itself: within a minute its status turns to Confirmed.",
    steps_ses_3:
      "In SES, open Configuration sets → your configuration set → Event destinations → Add destination: tick Bounce, Complaint and Delivery, and choose the SNS topic.",
    steps_ses_tip:
      "Tip: put that configuration set's name in “Configuration set” in Email provider above, so every email the app sends uses it; otherwise SES reports nothing about them.",
    reportsSmtp:
      "With an SMTP server the app reads the server's answer when it sends: an address the server rejects is suppressed at once. Bounce emails that arrive later in your mailbox are not read by the app: to stop emailing such an address, unsubscribe the customer in Shopify.",
    suppressedLink: "Suppressed addresses ({count})",
    suppressedNone: "No suppressed addresses yet.",

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
    field_eventVerificationKey: "Ключ проверки Event Webhook",
    hint_eventVerificationKey:
      "Из Signed Event Webhook в SendGrid (см. «Отчёты о недоставке и жалобах» ниже): по нему приложение проверяет, что отчёты пришли именно от SendGrid.",
    field_webhookSigningKey: "Ключ подписи HTTP-вебхуков",
    hint_webhookSigningKey:
      "Со страницы Sending → Webhooks в Mailgun (см. «Отчёты о недоставке и жалобах» ниже): по нему приложение проверяет, что отчёты пришли именно от Mailgun.",
    format_region: "Регион AWS, например eu-west-1",
    format_accessKeyId: "ID ключа доступа AWS: заглавные буквы и цифры",

    reportsTitle: "Отчёты о недоставке и жалобах",
    reportsIntro:
      "Ваш почтовый сервис сообщает приложению, какие письма доставлены, вернулись или отмечены как спам. На адрес, с которого письма возвращаются или пришла жалоба, приложение больше не пишет: так репутация отправителя остаётся чистой.",
    reportsUrl: "Адрес для вставки в {provider}",
    reportsUrlHelp:
      "Копируйте целиком. Это адрес только вашего магазина: никому его не передавайте.",
    copy: "Копировать",
    copied: "Скопировано",
    reportsSince: "Отчёты приходят с {date}.",
    reportsTopic:
      "Отчёты принимаются только из темы SNS {topic}: она прислала первый. Перешли на другую тему? Сохраните настройки почтового сервиса выше и подпишите адрес на новую тему.",
    reportsNone:
      "Отчётов пока не было: до первого отчёта «доставлено» значит лишь, что сервис принял письмо.",
    connectButton: "Подключить автоматически",
    connectHelp:
      "Приложение само настроит вебхук в {provider} с ключом, который вы сохранили выше: копировать ничего не нужно. Или выполните шаги ниже сами.",
    connectFailed: "Не подключено",
    connected:
      "Подключено: {provider} будет сообщать о доставке, недоставке и жалобах.",
    connectedKeyManual_mailgun:
      "Подключено: Mailgun будет сообщать о доставке, недоставке и жалобах. Но ключ подписи HTTP-вебхуков Mailgun приложению не выдал (возможно, вашему API-ключу это не разрешено): скопируйте его со страницы Sending → Webhooks в поле «Ключ подписи HTTP-вебхуков» в разделе «Почтовый сервис» выше и сохраните. До этого приложение отклоняет отчёты Mailgun.",
    connectedKeyManual_sendgrid:
      "Подключено, но ключ проверки SendGrid сохранить не удалось: скопируйте его из Settings → Mail Settings → Event Webhooks в поле «Ключ проверки Event Webhook» в разделе «Почтовый сервис» выше и сохраните. До этого приложение отклоняет отчёты SendGrid.",
    connect_setup:
      "Сначала сохраните сервис SendGrid, Postmark или Mailgun с его ключом; для остальных выполните шаги ниже.",
    connect_auth:
      "{provider} не принял ключ: он неверный или отозван. Введите действующий в разделе «Почтовый сервис» выше и сохраните или вставьте адрес сами.",
    connect_auth_mailgun:
      "Mailgun не принял ключ: он неверный или это ключ отправки домена, которым можно только отправлять письма. Введите API-ключ аккаунта (Account settings → API keys) в разделе «Почтовый сервис» выше и сохраните или вставьте адрес сами.",
    connect_permission:
      "{provider} отказал: этому ключу нельзя управлять вебхуками. Используйте ключ с полным доступом или вставьте адрес сами.",
    connect_permission_sendgrid:
      "SendGrid отказал: у API-ключа нет права «Mail Settings» (Event Webhook). Дайте ключу Full Access или вставьте адрес сами.",
    connect_permission_mailgun:
      "Mailgun отказал: этот ключ может только отправлять письма (ключ отправки домена). Введите API-ключ аккаунта (Account settings → API keys) в разделе «Почтовый сервис» выше или вставьте адрес сами.",
    connect_stream:
      "В Postmark на этом сервере нет потока «{stream}». Укажите ID потока рассылок в разделе «Почтовый сервис» выше, сохраните и попробуйте снова.",
    connect_domain:
      "Mailgun не знает домен {domain} в регионе {region}. Проверьте домен отправки и регион в разделе «Почтовый сервис» выше и попробуйте снова.",
    connect_limit_sendgrid:
      "Ваш тариф SendGrid допускает {max} вебхуков событий, и все заняты. Удалите ненужный в SendGrid (Settings → Mail Settings → Event Webhooks) и попробуйте снова или вставьте адрес в один из них сами.",
    connect_limit_mailgun:
      "Mailgun допускает {max} адреса для каждого события, и у вебхука «{event}» домена {domain} они все заняты. Удалите ненужный в Sending → Webhooks и попробуйте снова.",
    connect_unreachable:
      "{provider} не ответил. Попробуйте через минуту или вставьте адрес сами.",
    connect_refused:
      "{provider} отклонил запрос. Вставьте адрес сами, как описано в шагах ниже.",
    reportsSteps: "В {provider}:",
    steps_sendgrid_1:
      "Откройте Settings → Mail Settings → Event Webhook и создайте вебхук.",
    steps_sendgrid_2: "Вставьте адрес выше в поле Post URL.",
    steps_sendgrid_3: "Отметьте Delivered, Bounced, Dropped и Spam Reports.",
    steps_sendgrid_4:
      "Включите Signed Event Webhook и сохраните вебхук в SendGrid.",
    steps_sendgrid_5:
      "Скопируйте ключ проверки (verification key), который покажет SendGrid, в поле «Ключ проверки Event Webhook» в разделе «Почтовый сервис» выше и сохраните. До этого приложение отклоняет отчёты SendGrid.",
    steps_postmark_1:
      "Откройте Servers → ваш сервер → поток рассылок ({stream}) → Webhooks → Add webhook.",
    steps_postmark_2:
      "Вставьте адрес выше в поле адреса вебхука. Логин и пароль уже в нём: больше ничего заполнять не нужно.",
    steps_postmark_3: "Отметьте Delivery, Bounce и Spam Complaint и сохраните.",
    steps_mailgun_1:
      "Откройте Sending → Webhooks и выберите домен отправки ({domain}).",
    steps_mailgun_2:
      "Добавьте адрес выше для каждого из событий: Delivered, Permanent failure, Temporary failure и Spam complaints.",
    steps_mailgun_3:
      "Скопируйте HTTP webhook signing key с той же страницы в поле «Ключ подписи HTTP-вебхуков» в разделе «Почтовый сервис» выше и сохраните. До этого приложение отклоняет отчёты Mailgun.",
    steps_ses_1:
      "В Amazon SNS, в том же регионе, что и SES ({region}), создайте тему типа Standard.",
    steps_ses_2:
      "Добавьте к теме подписку: протокол HTTPS, endpoint — адрес выше. Приложение само подтвердит подписку: в течение минуты её статус сменится на Confirmed.",
    steps_ses_3:
      "В SES откройте Configuration sets → ваш набор конфигурации → Event destinations → Add destination: отметьте Bounce, Complaint и Delivery и выберите тему SNS.",
    steps_ses_tip:
      "Совет: укажите имя этого набора в поле «Набор конфигурации» в разделе «Почтовый сервис» выше, чтобы все письма приложения шли с ним; иначе SES ничего о них не сообщит.",
    reportsSmtp:
      "С SMTP-сервером приложение читает ответ сервера при отправке: адрес, который сервер отклонил, сразу исключается из рассылки. Письма о недоставке, которые приходят позже в ваш ящик, приложение не читает: чтобы больше не писать на такой адрес, отпишите покупателя в Shopify.",
    suppressedLink: "Исключённые адреса ({count})",
    suppressedNone: "Исключённых адресов пока нет.",

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
