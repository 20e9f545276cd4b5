import { describe, expect, it } from "vitest";
import { nextAllowedSend, nextOutsideQuietHours } from "./policies";

const quiet = { start: 21, end: 9 };

describe("quiet hours", () => {
  it("let a message go during the contact's day", () => {
    const now = new Date("2026-11-23T15:00:00Z"); // 10:00 in New York
    expect(nextOutsideQuietHours(now, "America/New_York", quiet)).toEqual(now);
  });

  it("defer a late-evening message to 09:00 the next local morning", () => {
    const now = new Date("2026-11-23T03:30:00Z"); // 22:30 on the 22nd in New York
    expect(
      nextOutsideQuietHours(now, "America/New_York", quiet).toISOString(),
    ).toBe("2026-11-23T14:00:00.000Z");
  });

  it("defer an early-morning message to 09:00 the same local day, in the contact's zone", () => {
    const now = new Date("2026-11-23T05:00:00Z"); // 08:00 in Moscow, 00:00 in New York
    expect(
      nextOutsideQuietHours(now, "Europe/Moscow", quiet).toISOString(),
    ).toBe("2026-11-23T06:00:00.000Z");
    expect(
      nextOutsideQuietHours(now, "America/New_York", quiet).toISOString(),
    ).toBe("2026-11-23T14:00:00.000Z");
  });

  it("land on 09:00 local across a DST change", () => {
    // Berlin leaves summer time on 2026-10-25: 09:00 is 07:00Z the day before, 08:00Z that day.
    const before = new Date("2026-10-24T20:00:00Z"); // 22:00 CEST
    expect(
      nextOutsideQuietHours(before, "Europe/Berlin", quiet).toISOString(),
    ).toBe("2026-10-25T08:00:00.000Z");
    // New York starts summer time on 2026-03-08.
    const spring = new Date("2026-03-08T04:00:00Z"); // 23:00 EST on the 7th
    expect(
      nextOutsideQuietHours(spring, "America/New_York", quiet).toISOString(),
    ).toBe("2026-03-08T13:00:00.000Z");
  });
});

describe("the daily budget", () => {
  const base = { timeZone: "Europe/Berlin", quiet, dailyCap: 2 };

  it("lets a message go while the contact has had fewer than the cap today", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    expect(
      nextAllowedSend({
        ...base,
        now,
        sentAt: [new Date("2026-11-23T08:00:00Z")],
      }),
    ).toEqual(now);
  });

  it("defers a capped message to the next allowed morning instead of dropping it", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    const sentAt = [
      new Date("2026-11-23T08:00:00Z"),
      new Date("2026-11-23T09:00:00Z"),
    ];
    expect(nextAllowedSend({ ...base, now, sentAt }).toISOString()).toBe(
      "2026-11-24T08:00:00.000Z",
    );
  });

  it("counts the contact's local day, not UTC's", () => {
    // 23:30Z on the 22nd is already the 23rd in Berlin.
    const now = new Date("2026-11-23T10:00:00Z");
    const sentAt = [
      new Date("2026-11-22T23:30:00Z"),
      new Date("2026-11-23T09:00:00Z"),
    ];
    expect(nextAllowedSend({ ...base, now, sentAt }).toISOString()).toBe(
      "2026-11-24T08:00:00.000Z",
    );
  });
});
