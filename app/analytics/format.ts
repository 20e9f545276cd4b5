// Figures as the merchant reads them, in the admin's language.
import type { Locale } from "../ui/i18n";

const tag = (locale: Locale) => (locale === "ru" ? "ru-RU" : "en-US");

export const formatNumber = (value: number, locale: Locale, digits = 0) =>
  new Intl.NumberFormat(tag(locale), {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);

/** A share as a percentage with one decimal; `fallback` where it does not apply. */
export const formatPercent = (
  value: number | null,
  locale: Locale,
  fallback: string,
) =>
  value === null
    ? fallback
    : new Intl.NumberFormat(tag(locale), {
        style: "percent",
        maximumFractionDigits: 1,
        minimumFractionDigits: 1,
      }).format(value);

export function formatMoney(
  amount: number,
  currency: string,
  locale: Locale,
): string {
  try {
    return new Intl.NumberFormat(tag(locale), {
      style: "currency",
      currency,
    }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

export const formatRevenue = (
  revenue: Array<{ currency: string; amount: number }>,
  locale: Locale,
) =>
  revenue.length
    ? revenue.map((m) => formatMoney(m.amount, m.currency, locale)).join(" + ")
    : "0";

/** A p-value: three decimals, "< 0.001" below. */
export const formatP = (p: number, locale: Locale) =>
  p < 0.001
    ? `< ${formatNumber(0.001, locale, 3)}`
    : formatNumber(p, locale, 3);
