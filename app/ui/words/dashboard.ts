import { defineWords } from "../i18n";

export const dashboardWords = defineWords(
  {
    title: "Dashboard",
    setupTitle: "Set up",
    setupProgress: "{done} of {total} done",
    done: "Done",
    todo: "To do",
    unknown: "Couldn't check",
    unknownReason: "Couldn't check: {reason}",
    embedsTitle: "Turn on the app embeds in your theme",
    embedsHelp:
      "Popups and chat messages show only where the theme's app embeds are on.",
    embed_popups: "Popups",
    embed_chat: "Chat messages",
    embedOn: "on",
    embedOff: "off",
    embedAbsent: "not added",
    turnOn: "Turn on {embed}",
    emailTitle: "Connect an email provider and send a test",
    emailNoProvider: "No email provider is connected.",
    emailNoTest:
      "The provider is connected; no test email has gone out through it yet.",
    emailDone: "The provider is connected and a test email went out.",
    emailFreeMail:
      "Your emails go out from {address}, a free mailbox: mail from it sent through your provider is rejected by Gmail, Yahoo and others. Set a sender at your shop's own domain in Settings, e.g. hello@yourshop.com.",
    openSettings: "Open settings",
    pixelTitle: "Connect the web pixel",
    pixelHelp: "The pixel tells the app what shoppers view and add to cart.",
    pixelConnect: "Connect the pixel",
    pixelConnected: "The web pixel is connected.",
    abandonedTitle: "Turn off Shopify's own abandoned checkout email",
    abandonedHelp:
      "{templates} already remind shoppers who left a cart or checkout, and Shopify sends its own abandoned checkout email too: shoppers would get both. Turn Shopify's off in Shopify admin → Settings → Notifications → Abandoned checkout (or Marketing → Automations, if it runs there), or pause {templates}. The app can't see that setting, so mark this done yourself.",
    abandonedNotifications: "Open Notifications",
    abandonedAutomations: "Open Marketing automations",
    abandonedMarkDone: "I turned it off",
    abandonedUndo: "Mark as not done",
    tryAgain: "Check again",
    domainTitle: "Authenticate your sender domain ({domain})",
    domainHelp:
      "Mailbox providers trust mail from a domain that publishes these records. Add them at your DNS host (where your domain's DNS records are managed); a change can take a few hours to show.",
    spf: "SPF",
    dkim: "DKIM",
    dmarc: "DMARC",
    spf_included: "Your domain's SPF record includes {include}.",
    spf_exists:
      "Your domain has an SPF record. With an SMTP server the app can't tell which provider sends your mail: make sure the record includes your provider's servers.",
    spf_noRecord:
      "Your domain has no SPF record. Add a TXT record to your domain at your DNS host: v=spf1 include:{include} ~all",
    spf_noRecordSmtp:
      "Your domain has no SPF record. Add a TXT record starting with v=spf1 at your DNS host that includes your SMTP provider's servers (its documentation names them).",
    spf_multiple:
      "Your domain has more than one SPF record, so mailbox providers ignore them all. Merge them into one TXT record starting with v=spf1 at your DNS host.",
    spf_missingInclude:
      "Add include:{include} to your domain's SPF record at your DNS host.",
    spf_tooManyLookups:
      "Your domain's SPF record needs more than 10 DNS lookups (its includes, and theirs), so mailbox providers stop reading it before include:{include}. Remove includes you no longer use at your DNS host.",
    dkim_found: "A DKIM key is published at {names}.",
    dkim_missing:
      "No DKIM key at {names}. Add the DKIM records your email provider shows in its domain authentication settings at your DNS host.",
    dkim_selectorNeeded:
      "The app can't check DKIM without your provider's DKIM selector. Enter it in Settings → Sender and address: it is the name before ._domainkey in the DKIM record your provider gave you.",
    dmarc_found:
      "A DMARC record applies (at {recordDomain}) with policy {policy}.",
    dmarcMonitorOnly:
      "Policy none only reports. Once your mail passes SPF or DKIM, consider p=quarantine.",
    dmarc_noRecord:
      "Your domain has no DMARC record. Add a TXT record named _dmarc.{domain} at your DNS host, e.g. v=DMARC1; p=none",
    lookupFailed:
      "Your domain's DNS did not answer ({reason}). Check again in a moment.",
    scenariosTitle: "Active scenarios",
    activeCount: "active",
    viewAll: "View all",
    figuresTitle: "Last 30 days",
    conversions: "Conversions",
    revenue: "Revenue",
    noRevenue: "No revenue yet",
    runsStarted: "Scenario runs started",
    lift: "Lift over the holdout",
    liftValue: "{orders} more orders ({low} to {high}), {rate} points",
    liftNotEnough: "Not enough held-out contacts yet",
    liftNone: "Hold some contacts out in a scenario's A/B step to measure it",
    contacts:
      "{contacts} contacts known · prices in {currency} · store time zone {zone}",
    group_LEAD_GENERATION: "Lead generation",
    group_SALES: "Sales",
    group_RETENTION: "Retention",
    group_WIN_BACK: "Win-back",
    pixelConnected_toast: "Web pixel connected",
    error: "Couldn't do that: {reason}",
    historyTitle: "Your store's past",
    historyNone:
      "Customers and orders from before the app was installed are not imported yet.",
    historyCustomers: "Importing customers from Shopify: {customers} so far.",
    historyOrders:
      "Importing orders from Shopify: {customers} customers, {orders} orders so far.",
    historyDone:
      "Imported {customers} customers and {orders} orders from Shopify ({date}). Imported orders start no scenario.",
    historyFailed: "The import stopped: {reason}",
    historyRecentOnly:
      "Orders from the last 60 days only: Shopify grants older orders on request. Customers' order counts still include every order.",
    historySyncAgain: "Sync again",
    historyQueued: "The import will start in a moment.",
    complaintCritical:
      "Spam complaints are over Gmail and Yahoo's 0.3% limit: {rate} of your delivered emails in the last 30 days",
    complaintNear:
      "Spam complaints are nearing Gmail and Yahoo's 0.3% limit: {rate} of your delivered emails in the last 30 days",
    complaintWhy:
      "Over 0.3%, Gmail and Yahoo send your mail to spam or reject it, and your email provider can suspend your account. Your store's order and shipping emails go out through the same account, so they would stop too.",
    bounceCritical:
      "Bounces are over the 2% providers act on: {rate} of the emails you sent in the last 30 days",
    bounceNear:
      "Bounces are nearing the 2% providers act on: {rate} of the emails you sent in the last 30 days",
    bounceWhy:
      "Over 2%, email providers review your account and can suspend it. Your store's order and shipping emails go out through the same account, so they would stop too.",
    mostFrom:
      "Most come from “{scenario}”: pause it, then check who it reaches and how often.",
    mostFromPaused: "Most come from “{scenario}”, which is paused now.",
    pauseScenario: "Pause {scenario}",
    seeEmailAnalytics: "See email analytics",
  },
  {
    title: "Обзор",
    setupTitle: "Настройка",
    setupProgress: "Готово {done} из {total}",
    done: "Готово",
    todo: "Нужно сделать",
    unknown: "Не удалось проверить",
    unknownReason: "Не удалось проверить: {reason}",
    embedsTitle: "Включите встраивания приложения в теме",
    embedsHelp:
      "Попапы и сообщения в чате показываются только там, где встраивания приложения включены в теме.",
    embed_popups: "Попапы",
    embed_chat: "Сообщения в чате",
    embedOn: "включено",
    embedOff: "выключено",
    embedAbsent: "не добавлено",
    turnOn: "Включить: {embed}",
    emailTitle: "Подключите почтовый сервис и отправьте тестовое письмо",
    emailNoProvider: "Почтовый сервис не подключён.",
    emailNoTest:
      "Сервис подключён, но тестовое письмо через него ещё не отправлялось.",
    emailDone: "Сервис подключён, тестовое письмо отправлено.",
    emailFreeMail:
      "Письма уходят от {address}, бесплатного ящика: такие письма, отправленные через ваш сервис, отклоняют Gmail, Yahoo и другие. Укажите в настройках отправителя на домене вашего магазина, например hello@yourshop.com.",
    openSettings: "Открыть настройки",
    pixelTitle: "Подключите веб-пиксель",
    pixelHelp:
      "Пиксель сообщает приложению, что покупатели смотрят и добавляют в корзину.",
    pixelConnect: "Подключить пиксель",
    pixelConnected: "Веб-пиксель подключён.",
    abandonedTitle: "Отключите письмо Shopify о брошенном оформлении",
    abandonedHelp:
      "{templates} уже напоминают покупателям о брошенной корзине или оформлении, а Shopify отправляет своё письмо о брошенном оформлении: покупатели получат оба. Отключите письмо Shopify в админке Shopify → Настройки → Уведомления → Брошенное оформление (или Маркетинг → Автоматизации, если оно работает там) либо приостановите {templates}. Приложение не видит эту настройку, поэтому отметьте шаг выполненным сами.",
    abandonedNotifications: "Открыть уведомления",
    abandonedAutomations: "Открыть автоматизации",
    abandonedMarkDone: "Я отключил(а) его",
    abandonedUndo: "Отметить как невыполненное",
    tryAgain: "Проверить снова",
    domainTitle: "Подтвердите домен отправителя ({domain})",
    domainHelp:
      "Почтовые сервисы доверяют письмам с домена, у которого опубликованы эти записи. Добавьте их у вашего DNS-провайдера (там, где настраиваются DNS-записи домена); изменения могут появиться через несколько часов.",
    spf: "SPF",
    dkim: "DKIM",
    dmarc: "DMARC",
    spf_included: "SPF-запись домена включает {include}.",
    spf_exists:
      "У домена есть SPF-запись. Для SMTP-сервера приложение не знает, какой сервис отправляет письма: проверьте, что запись включает серверы вашего сервиса.",
    spf_noRecord:
      "У домена нет SPF-записи. Добавьте домену TXT-запись у вашего DNS-провайдера: v=spf1 include:{include} ~all",
    spf_noRecordSmtp:
      "У домена нет SPF-записи. Добавьте у вашего DNS-провайдера TXT-запись, начинающуюся с v=spf1 и включающую серверы вашего SMTP-сервиса (они указаны в его документации).",
    spf_multiple:
      "У домена больше одной SPF-записи, поэтому почтовые сервисы не учитывают ни одну. Объедините их в одну TXT-запись, начинающуюся с v=spf1, у вашего DNS-провайдера.",
    spf_missingInclude:
      "Добавьте include:{include} в SPF-запись домена у вашего DNS-провайдера.",
    spf_tooManyLookups:
      "SPF-записи домена нужно больше 10 DNS-запросов (её include и их include), поэтому почтовые сервисы перестают читать её раньше, чем дойдут до include:{include}. Уберите у вашего DNS-провайдера include, которыми вы больше не пользуетесь.",
    dkim_found: "Ключ DKIM опубликован: {names}.",
    dkim_missing:
      "Нет ключа DKIM: {names}. Добавьте у вашего DNS-провайдера DKIM-записи, которые показывает ваш почтовый сервис в настройках подтверждения домена.",
    dkim_selectorNeeded:
      "Приложение не может проверить DKIM без селектора вашего почтового сервиса. Укажите его в Настройках → Отправитель и адрес: это часть имени до ._domainkey в DKIM-записи, которую дал сервис.",
    dmarc_found:
      "Действует DMARC-запись (на {recordDomain}) с политикой {policy}.",
    dmarcMonitorOnly:
      "Политика none только присылает отчёты. Когда письма начнут проходить SPF или DKIM, подумайте о p=quarantine.",
    dmarc_noRecord:
      "У домена нет DMARC-записи. Добавьте у вашего DNS-провайдера TXT-запись с именем _dmarc.{domain}, например v=DMARC1; p=none",
    lookupFailed:
      "DNS домена не ответил ({reason}). Проверьте снова чуть позже.",
    scenariosTitle: "Активные сценарии",
    activeCount: "активны",
    viewAll: "Смотреть все",
    figuresTitle: "За 30 дней",
    conversions: "Конверсии",
    revenue: "Выручка",
    noRevenue: "Выручки пока нет",
    runsStarted: "Запусков сценариев",
    lift: "Прирост относительно контрольной группы",
    liftValue: "+{orders} заказов (от {low} до {high}), {rate} п.п.",
    liftNotEnough: "Пока мало контактов в контрольной группе",
    liftNone:
      "Оставьте часть контактов без сообщений в A/B-шаге сценария, чтобы измерить прирост",
    contacts:
      "Известно контактов: {contacts} · цены в {currency} · часовой пояс магазина {zone}",
    group_LEAD_GENERATION: "Сбор контактов",
    group_SALES: "Продажи",
    group_RETENTION: "Удержание",
    group_WIN_BACK: "Возврат клиентов",
    pixelConnected_toast: "Веб-пиксель подключён",
    error: "Не получилось: {reason}",
    historyTitle: "Прошлое магазина",
    historyNone:
      "Покупатели и заказы, появившиеся до установки приложения, ещё не загружены.",
    historyCustomers: "Загружаем покупателей из Shopify: пока {customers}.",
    historyOrders:
      "Загружаем заказы из Shopify: покупателей {customers}, заказов пока {orders}.",
    historyDone:
      "Из Shopify загружено покупателей: {customers}, заказов: {orders} ({date}). Загруженные заказы не запускают сценарии.",
    historyFailed: "Загрузка остановилась: {reason}",
    historyRecentOnly:
      "Заказы только за последние 60 дней: более старые Shopify открывает по запросу. Число заказов у покупателей всё равно учитывает все заказы.",
    historySyncAgain: "Синхронизировать снова",
    historyQueued: "Загрузка скоро начнётся.",
    complaintCritical:
      "Жалобы на спам превысили лимит Gmail и Yahoo в 0,3%: {rate} доставленных писем за последние 30 дней",
    complaintNear:
      "Жалобы на спам приближаются к лимиту Gmail и Yahoo в 0,3%: {rate} доставленных писем за последние 30 дней",
    complaintWhy:
      "Выше 0,3% Gmail и Yahoo отправляют ваши письма в спам или отклоняют их, а почтовый сервис может заблокировать ваш аккаунт. Через этот же аккаунт уходят письма о заказах и доставке вашего магазина, поэтому остановятся и они.",
    bounceCritical:
      "Отказы превысили 2%, при которых почтовые сервисы принимают меры: {rate} отправленных писем за последние 30 дней",
    bounceNear:
      "Отказы приближаются к 2%, при которых почтовые сервисы принимают меры: {rate} отправленных писем за последние 30 дней",
    bounceWhy:
      "Выше 2% почтовый сервис проверяет аккаунт и может его заблокировать. Через этот же аккаунт уходят письма о заказах и доставке вашего магазина, поэтому остановятся и они.",
    mostFrom:
      "Больше всего их из сценария «{scenario}»: приостановите его, затем проверьте, кому и как часто он пишет.",
    mostFromPaused:
      "Больше всего их из сценария «{scenario}», он сейчас приостановлен.",
    pauseScenario: "Приостановить «{scenario}»",
    seeEmailAnalytics: "Открыть аналитику писем",
  },
);
