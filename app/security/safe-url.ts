// The one rule for every address a merchant or a shopper can put on a page, in an email or in a
// push notification (a button's link, a product's link or image, a notification's link or icon):
// an absolute http(s) URL, or a path on the shop's own site ("/collections/all"). Anything else
// (javascript:, data:, vbscript:, "//elsewhere", "/\elsewhere", a scheme hidden by a tab or a
// newline, which browsers strip) is refused, so it can never run script on the shop's origin.
// Pure and self-contained: the storefront runtime bundles it, and the service worker carries its
// source (`safeUrl.toString()`), so it must not use anything outside its own body.

/** The address as given if it is safe to use as a link or an image; null if not. */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048)
    return null;
  // Controls, spaces (ASCII and Unicode) and backslashes: browsers strip or reread them, and
  // "java\tscript:" or "/\evil.com" would then mean what it does not say.
  if (
    /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/.test(
      value,
    )
  )
    return null;
  if (value.charAt(0) === "/") return value.charAt(1) === "/" ? null : value;
  if (!/^https?:\/\/[^/]/i.test(value)) return null;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") &&
      url.hostname !== ""
      ? value
      : null;
  } catch {
    return null;
  }
}

/** The words of the refusal (the editor's messages put them in the merchant's language). */
export const UNSAFE_URL_MESSAGE =
  "a link must start with https:// or with / (a page of this store)";
