// Text put into HTML, for the email renderer, the admin's previews and the storefront's pages.
// Pure.

/** Text as HTML text or attribute value: &, <, >, " and ' as character references. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
