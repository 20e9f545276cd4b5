import { timingSafeEqual } from "node:crypto";

/** Compared in constant time (the length of a signature is no secret). */
export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
