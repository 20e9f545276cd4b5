// CSV for spreadsheets (RFC 4180: commas, quotes doubled, CRLF). A cell that a spreadsheet would
// run as a formula (=, +, -, @ first) is prefixed with an apostrophe: scenario and step names are
// the merchant's words, and a CSV must not execute them.
export type Cell = string | number | null;

function cell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number")
    return Number.isFinite(value) ? String(value) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Cell[][]): string {
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** The reporting periods offered: the last 7, 30 or 90 days. */
export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];

export function rangeFrom(value: string | null | undefined): RangeDays {
  const days = Number(value);
  return (RANGES as readonly number[]).includes(days)
    ? (days as RangeDays)
    : 30;
}
