import { defineWords } from "../i18n";

// Reasons are keyed `reason_<SuppressionReason>` (prisma/models.prisma).
export const suppressionsWords = defineWords(
  {
    title: "Suppressed addresses",
    back: "Settings",
    intro:
      "The app sends no email to these addresses, on your email provider's report. A bounced address gets nothing, not even order updates; after a spam complaint only order and shipping updates still go.",
    emptyTitle: "No suppressed addresses",
    empty:
      "When an email bounces or someone marks it as spam, the address is listed here and the app stops emailing it.",
    address: "Address",
    why: "Why",
    provider: "Reported by",
    since: "Since",
    reason_HARD_BOUNCE: "Bounced: the address does not exist or refuses mail",
    reason_SOFT_BOUNCES:
      "Bounced on several emails in a row (mailbox full or unavailable)",
    reason_COMPLAINT: "Marked an email as spam",
    detail: "The provider said: {detail}",
    lift: "Lift",
    liftConfirm:
      "Lift it only once the address has been corrected or the customer confirmed it works: the app will email {email} again, and suppress it again if it bounces.",
    cancel: "Cancel",
    lifted: "Lifted: {email} will get emails again.",
    notLifted:
      "Nothing was lifted: the address is no longer listed, or it was marked as spam.",
    cannotLift: "Marked as spam: cannot be lifted",
    more: "The newest {count} are shown; older ones stay suppressed.",
  },
  {
    title: "Исключённые адреса",
    back: "Настройки",
    intro:
      "По отчёту вашего почтового сервиса приложение не отправляет писем на эти адреса. На вернувшийся адрес не уходит ничего, даже письма о заказах; после жалобы на спам уходят только письма о заказе и доставке.",
    emptyTitle: "Исключённых адресов нет",
    empty:
      "Когда письмо возвращается или его отмечают как спам, адрес появляется здесь и приложение перестаёт на него писать.",
    address: "Адрес",
    why: "Причина",
    provider: "Сообщил",
    since: "С",
    reason_HARD_BOUNCE:
      "Письмо вернулось: адреса нет или он не принимает почту",
    reason_SOFT_BOUNCES:
      "Письма возвращались несколько раз подряд (ящик переполнен или недоступен)",
    reason_COMPLAINT: "Письмо отмечено как спам",
    detail: "Ответ сервиса: {detail}",
    lift: "Вернуть в рассылку",
    liftConfirm:
      "Возвращайте адрес, только если его исправили или покупатель подтвердил, что он работает: приложение снова будет писать на {email} и исключит его снова, если письмо вернётся.",
    cancel: "Отмена",
    lifted: "Готово: на {email} снова будут приходить письма.",
    notLifted:
      "Ничего не изменилось: адреса уже нет в списке или его отметили как спам.",
    cannotLift: "Отмечен как спам: вернуть нельзя",
    more: "Показаны последние {count}; более старые тоже исключены.",
  },
);
