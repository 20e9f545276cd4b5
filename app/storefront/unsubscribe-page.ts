// The unsubscribe page's HTML, in English and Russian: the language of the email the link came in
// (its `l` parameter), else the browser's, else English. Only fixed text and the link's own
// parameters go in it: never anything about the contact, who may have been erased.
import { escapeHtml } from "../http/escape-html";

const PAGE_TEXT = {
  en: {
    confirm: {
      title: "Unsubscribe",
      body: "You will no longer receive marketing emails from this shop.",
      button: "Unsubscribe",
    },
    done: {
      title: "You are unsubscribed",
      body: "You will no longer receive marketing emails from this shop. Order emails still reach you.",
    },
    invalid: {
      title: "This link does not work",
      body: "It may have been copied incompletely. Use the link in your latest email.",
    },
  },
  ru: {
    confirm: {
      title: "Отписка",
      body: "Вы больше не будете получать рекламные письма от этого магазина.",
      button: "Отписаться",
    },
    done: {
      title: "Вы отписаны",
      body: "Вы больше не будете получать рекламные письма от этого магазина. Письма о заказах будут приходить по-прежнему.",
    },
    invalid: {
      title: "Эта ссылка не работает",
      body: "Возможно, она скопирована не полностью. Воспользуйтесь ссылкой из последнего письма.",
    },
  },
} as const;

export type PageLanguage = keyof typeof PAGE_TEXT;
const known = (value: string | null | undefined): PageLanguage | null => {
  const language = value?.trim().slice(0, 2).toLowerCase();
  return language === "en" || language === "ru" ? language : null;
};

/** The link's language, else the first known one the browser asks for, else English. */
export function pageLanguage(
  params: URLSearchParams,
  acceptLanguage: string | null,
): PageLanguage {
  return (
    known(params.get("l")) ??
    (acceptLanguage ?? "")
      .split(",")
      .map((part) => known(part.split(";")[0]))
      .find(Boolean) ??
    "en"
  );
}

// What a link may carry (app/storefront/unsubscribe.server.ts): the button posts them back as they came.
const LINK_PARAMS = ["d", "a", "l", "s", "c", "t"];

export function unsubscribePage(
  state: keyof (typeof PAGE_TEXT)["en"],
  params: URLSearchParams,
  language: PageLanguage,
): string {
  const text = PAGE_TEXT[language][state];
  const own = new URLSearchParams(
    LINK_PARAMS.flatMap((key) =>
      params.has(key) ? [[key, params.get(key)!]] : [],
    ),
  );
  const action = `/apps/trigger-map/unsubscribe?${own}`;
  return `<div class="page-width" style="max-width:36rem;margin:3rem auto;padding:0 1rem" lang="${language}">
  <h1>${text.title}</h1>
  <p>${text.body}</p>
  ${"button" in text ? `<form method="post" action="${escapeHtml(action)}"><button type="submit" class="button">${text.button}</button></form>` : ""}
</div>`;
}
