// The admin in the merchant's language. Shopify opens an embedded app with `?locale=` (e.g. "ru",
// "ru-RU"); the app layout's loader reads it once and every page takes its words from there.
// Each page keeps its words in one dictionary (`app/ui/words/<page>.ts`), English and Russian with
// the same keys, which the type checker holds them to.
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";

export const LOCALES = ["en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

/** The admin's language from Shopify's `locale` parameter; English for any other. */
export function localeFrom(request: Request): Locale {
  const given =
    new URL(request.url).searchParams.get("locale")?.toLowerCase() ?? "";
  return given === "ru" || given.startsWith("ru-") ? "ru" : "en";
}

export type Words = Record<string, string>;
export interface Dictionary<W extends Words> {
  en: W;
  ru: { [K in keyof W]: string };
}

/** A page's dictionary: Russian must name every English key. */
export function defineWords<const W extends Words>(
  en: W,
  ru: { [K in keyof W]: string },
): Dictionary<W> {
  return { en, ru };
}

export type Translate<W extends Words> = (
  key: keyof W,
  vars?: Record<string, string | number>,
) => string;

/** `{name}` placeholders filled from vars; a missing one stays visible rather than printing "undefined". */
export function translate<W extends Words>(
  dictionary: Dictionary<W>,
  locale: Locale,
): Translate<W> {
  const words = dictionary[locale] as Words;
  return (key, vars) => {
    const text =
      words[key as string] ??
      (dictionary.en as Words)[key as string] ??
      String(key);
    return vars
      ? text.replace(/\{(\w+)\}/g, (whole, name: string) =>
          name in vars ? String(vars[name]) : whole,
        )
      : text;
  };
}

/** The admin's language, from the app layout's loader (routes/app.tsx). */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale?: Locale }>("routes/app");
  return data?.locale ?? "en";
}

/** A page's translator: `const t = useT(dashboardWords); t("title", { shop })`. */
export function useT<W extends Words>(dictionary: Dictionary<W>): Translate<W> {
  const locale = useLocale();
  // The same function while the language stays: memoized children given `t` need not re-render.
  return useMemo(() => translate(dictionary, locale), [dictionary, locale]);
}

/** Text given per language (templates' names, a scenario's copy): the locale's, else English. */
export function pick(
  text: Partial<Record<string, string>> & { en: string },
  locale: Locale,
): string {
  return text[locale] || text.en;
}
