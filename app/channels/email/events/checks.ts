// What the providers' webhook checks share: a secret compared in constant time (the app's one
// comparison, security/same-text.ts), and a signed timestamp that must be near now (an old request
// replayed is refused).
export { sameText } from "../../../security/same-text";

/** How far a signed timestamp may be from now, either way: retries are signed afresh. */
export const REPLAY_WINDOW_MS = 10 * 60_000;

/** Unix seconds (a string or a number, as the provider sent it) within the window of now. */
export function isFresh(seconds: unknown, now: Date): boolean {
  const value =
    typeof seconds === "string" && /^\d+(\.\d+)?$/.test(seconds)
      ? Number(seconds)
      : seconds;
  return (
    typeof value === "number" &&
    Number.isFinite(value) &&
    Math.abs(now.getTime() - value * 1000) <= REPLAY_WINDOW_MS
  );
}

/** A provider's unix seconds as a date; `fallback` when it sent none. */
export const fromUnixSeconds = (seconds: unknown, fallback: Date): Date =>
  typeof seconds === "number" && Number.isFinite(seconds)
    ? new Date(Math.round(seconds * 1000))
    : fallback;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const text = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;
