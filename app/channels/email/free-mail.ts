// Free mailbox domains. Their owners publish DMARC policies (and Gmail's and Yahoo's bulk-sender
// rules demand DMARC alignment), so mail "from" one of their addresses sent through the shop's own
// provider is rejected or filtered: nobody but the mailbox service can sign for its domain.

/** Exact domains. */
const FREE_MAIL_DOMAINS = new Set([
  // Google
  "gmail.com",
  "googlemail.com",
  // Yahoo, AOL and Verizon's Yahoo-run addresses
  "ymail.com",
  "rocketmail.com",
  "aol.com",
  "aim.com",
  // Microsoft (hotmail.* is matched by brand below)
  "outlook.com",
  "live.com",
  "msn.com",
  "passport.com",
  // Apple
  "icloud.com",
  "me.com",
  "mac.com",
  // Mail.ru group
  "mail.ru",
  "inbox.ru",
  "list.ru",
  "bk.ru",
  "internet.ru",
  // Yandex
  "ya.ru",
  "narod.ru",
  "rambler.ru",
  // Germany and the rest of Europe
  "web.de",
  "t-online.de",
  "freenet.de",
  "mail.com",
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "laposte.net",
  "libero.it",
  "virgilio.it",
  // Privacy-minded and others
  "proton.me",
  "protonmail.com",
  "protonmail.ch",
  "pm.me",
  "zoho.com",
  "zohomail.com",
  "tutanota.com",
  "tuta.io",
  "fastmail.com",
  "hey.com",
  "qq.com",
  "163.com",
  "126.com",
  "naver.com",
]);

/**
 * Brands whose free mail lives under many country domains (yahoo.co.uk, gmx.de, hotmail.fr,
 * yandex.kz): the brand, then only a country-like suffix, so a shop's own "gmx-shop.com" is not
 * caught.
 */
const FREE_MAIL_BRANDS = new Set(["yahoo", "gmx", "hotmail", "yandex"]);
const COUNTRY_LIKE_SUFFIX =
  /^(com|net|org|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/;

/** True for an address at a free mailbox service (case and a trailing dot ignored). */
export function isFreeMailAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at < 0) return false;
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, "");
  if (FREE_MAIL_DOMAINS.has(domain)) return true;
  const dot = domain.indexOf(".");
  return (
    dot > 0 &&
    FREE_MAIL_BRANDS.has(domain.slice(0, dot)) &&
    COUNTRY_LIKE_SUFFIX.test(domain.slice(dot + 1))
  );
}
