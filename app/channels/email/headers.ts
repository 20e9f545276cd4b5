// Headers every marketing email carries (RFC 2369, RFC 8058): an https link through the app proxy
// that unsubscribes in one POST, and a mailto fallback; mail providers show "Unsubscribe" from them.
export function unsubscribeHeaders(
  oneClickUrl: string,
  mailto: string,
): Record<string, string> {
  return {
    "List-Unsubscribe": `<${oneClickUrl}>, <mailto:${mailto}?subject=unsubscribe>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
