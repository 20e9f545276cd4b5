import { defineWords } from "../i18n";

// Why a message was not sent (a skipped delivery's Delivery.error, stored in English: the reasons
// written in app/deliveries/send.server.ts, suppression.server.ts's SUPPRESSED_REASON,
// storefront/pending.server.ts and shops/install.server.ts), in the admin's language.
export const skippedWords = defineWords(
  {
    hardBounce:
      "The address bounced: the provider reported it can't receive mail. Once the customer gives a working address, lift it under Settings → Suppressed addresses.",
    softBounces:
      "The address bounced on several messages in a row: it isn't taking mail. Once the mailbox works again, lift it under Settings → Suppressed addresses.",
    complaint:
      "The person marked an email as spam: they get no more marketing email, and this can't be lifted.",
    noConsent: "No marketing consent (not subscribed to email)",
    noEmail: "The contact has no email address",
    noPush: "No web push subscription in any browser",
    uninstalled: "The app was uninstalled",
    leftSite: "Not shown: the shopper left the site",
    none: "No reason recorded",
  },
  {
    hardBounce:
      "Адрес недоступен: провайдер сообщил, что на него нельзя доставить письмо. Когда покупатель даст рабочий адрес, снимите блокировку в разделе «Настройки → Заблокированные адреса».",
    softBounces:
      "Письма на адрес не доставлялись несколько раз подряд: он не принимает почту. Когда ящик заработает, снимите блокировку в разделе «Настройки → Заблокированные адреса».",
    complaint:
      "Получатель пометил письмо как спам: маркетинговые письма ему больше не отправляются, и это нельзя отменить.",
    noConsent: "Нет согласия на рассылку (не подписан на email)",
    noEmail: "У контакта нет email-адреса",
    noPush: "Нет подписки на web push ни в одном браузере",
    uninstalled: "Приложение удалено",
    leftSite: "Не показано: покупатель ушёл с сайта",
    none: "Причина не записана",
  },
);

/** The stored reasons, as written where messages are skipped. */
const STORED: Record<string, keyof typeof skippedWords.en> = {
  "the address bounced": "hardBounce",
  "the address bounced several times": "softBounces",
  "the person marked an email as spam": "complaint",
  "no marketing consent": "noConsent",
  "no email address": "noEmail",
  "no push subscription": "noPush",
  "app uninstalled": "uninstalled",
  "not shown: the shopper left the site": "leftSite",
  "": "none",
};

/** A stored reason in the admin's language; one this list does not know, as it is. */
export function skippedReasonIn(reason: string, locale: "en" | "ru"): string {
  const key = Object.hasOwn(STORED, reason) ? STORED[reason] : undefined;
  return key ? skippedWords[locale][key] : reason;
}
