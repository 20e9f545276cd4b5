// What the email's blocks say around their data, in the contact's language, and prices in a
// currency. Pure. Formatters are kept: building an Intl.NumberFormat costs more than rendering a
// block, and a batch of emails asks for the same few.

type LabelKey =
  | "viewed_products"
  | "popular_products"
  | "cart_items"
  | "cart_button"
  | "discount_code"
  | "latest_articles"
  | "read"
  | "quantity";
export type Labels = Record<LabelKey, string>;

const LABELS: Record<"en" | "ru", Labels> = {
  en: {
    viewed_products: "You looked at",
    popular_products: "Popular right now",
    cart_items: "Your cart",
    cart_button: "Return to your cart",
    discount_code: "Your code",
    latest_articles: "From our blog",
    read: "Read",
    quantity: "Qty",
  },
  ru: {
    viewed_products: "Вы смотрели",
    popular_products: "Популярное сейчас",
    cart_items: "Ваша корзина",
    cart_button: "Вернуться к корзине",
    discount_code: "Ваш промокод",
    latest_articles: "Новое в блоге",
    read: "Читать",
    quantity: "Кол-во",
  },
};

export const labelsFor = (language: string): Labels =>
  Object.hasOwn(LABELS, language)
    ? LABELS[language as keyof typeof LABELS]
    : LABELS.en;

const formats = new Map<string, Intl.NumberFormat | null>();

/** 49 in USD for "en" → "$49.00"; for "ru" → "49,00 $". An unknown currency code prints as "49.00 XYZ". */
export function formatPrice(
  amount: number,
  currency: string,
  language: string,
): string {
  const key = `${language}|${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(language, { style: "currency", currency });
    } catch {
      format = null; // RangeError: not a currency code Intl knows
    }
    formats.set(key, format);
  }
  return format ? format.format(amount) : `${amount.toFixed(2)} ${currency}`;
}
