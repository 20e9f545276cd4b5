import { describe, expect, it } from "vitest";
import { rangeFrom, toCsv } from "./csv";
import { analyticsCsv } from "./export";
import {
  dailySeries,
  dayAt,
  period,
  stepCounts,
  stepRates,
  zoneOffsetMinutes,
} from "./funnel";

describe("a send step's figures", () => {
  it("counts an email as far as it got: a click is also an open, a delivery and a send", () => {
    const counts = stepCounts("EMAIL", {
      SENT: 6,
      OPENED: 3,
      CLICKED: 1,
      FAILED: 2,
      UNKNOWN: 1,
      PENDING: 1,
      SENDING: 1,
      SKIPPED: 4,
    });
    expect(counts).toEqual({
      sent: 10,
      delivered: 10,
      // No provider reports: delivered is only "accepted", and no bounce is known.
      accepted: true,
      hardBounced: null,
      softBounced: null,
      complained: null,
      opened: 4,
      clicked: 1,
      pending: 2,
      failed: 2,
      unknown: 1,
      skipped: 4,
      machineOpened: 0,
      machineClicked: 0,
    });
    expect(stepRates(counts)).toEqual({
      openRate: 0.4,
      clickRate: 0.1,
      clickToOpenRate: 0.25,
      bounceRate: null,
      complaintRate: null,
    });
  });

  it("with the provider's reports counts delivered as reported: opens and clicks divide by it, bounces by sent, complaints by delivered", () => {
    const counts = stepCounts(
      "EMAIL",
      { SENT: 150, DELIVERED: 30, OPENED: 15, CLICKED: 5 },
      undefined,
      { delivered: 160, hardBounced: 30, softBounced: 10, complained: 2 },
    );
    expect(counts).toMatchObject({
      sent: 200,
      delivered: 160,
      accepted: false,
      hardBounced: 30,
      softBounced: 10,
      complained: 2,
    });
    expect(stepRates(counts)).toEqual({
      openRate: 20 / 160,
      clickRate: 5 / 160,
      clickToOpenRate: 5 / 20,
      bounceRate: 40 / 200,
      complaintRate: 2 / 160,
    });
    // Reports are the provider's about email: other channels ignore them.
    expect(
      stepCounts("POPUP", { SENT: 4 }, undefined, {
        delivered: 1,
        hardBounced: 1,
        softBounced: 0,
        complained: 1,
      }),
    ).toMatchObject({
      delivered: 4,
      accepted: false,
      hardBounced: null,
      complained: null,
    });
  });

  it("has no opens for on-site messages and push: CTR on shown, no open rate or CTOR", () => {
    for (const channel of ["POPUP", "CHAT", "WEB_PUSH"] as const) {
      const counts = stepCounts(channel, { SENT: 3, CLICKED: 1 });
      expect(counts).toMatchObject({
        sent: 4,
        delivered: 4,
        opened: null,
        clicked: 1,
      });
      expect(stepRates(counts)).toEqual({
        openRate: null,
        clickRate: 0.25,
        clickToOpenRate: null,
        bounceRate: null,
        complaintRate: null,
      });
    }
  });

  it("counts machines' opens and clicks apart, in no rate: the rates are people's", () => {
    const counts = stepCounts(
      "EMAIL",
      { SENT: 6, OPENED: 3, CLICKED: 1 },
      { opened: 7, clicked: 5 },
    );
    expect(counts).toMatchObject({
      opened: 4,
      clicked: 1,
      machineOpened: 7,
      machineClicked: 5,
    });
    expect(stepRates(counts)).toEqual({
      openRate: 0.4,
      clickRate: 0.1,
      clickToOpenRate: 0.25,
      bounceRate: null,
      complaintRate: null,
    });
    expect(
      stepCounts("POPUP", { SENT: 1 }, { opened: 0, clicked: 2 }),
    ).toMatchObject({ machineOpened: null, machineClicked: 2 });
  });

  it("has no rates when nothing was delivered", () => {
    expect(stepRates(stepCounts("EMAIL", { FAILED: 3 }))).toEqual({
      openRate: null,
      clickRate: null,
      clickToOpenRate: null,
      bounceRate: null,
      complaintRate: null,
    });
  });
});

describe("days", () => {
  it("fills every day of the period, zero where nothing happened", () => {
    expect(dailySeries("2025-02-27", 3, { "2025-02-28": 4 })).toEqual([
      { day: "2025-02-27", value: 0 },
      { day: "2025-02-28", value: 4 },
      { day: "2025-03-01", value: 0 },
    ]);
  });

  it("puts an instant on the shop's calendar day", () => {
    expect(dayAt(new Date("2025-03-01T22:30:00Z"), 180)).toBe("2025-03-02");
    expect(dayAt(new Date("2025-03-01T02:30:00Z"), -300)).toBe("2025-02-28");
    expect(
      zoneOffsetMinutes("Europe/Moscow", new Date("2025-03-01T12:00:00Z")),
    ).toBe(180);
    expect(
      zoneOffsetMinutes("America/New_York", new Date("2025-07-01T12:00:00Z")),
    ).toBe(-240);
    expect(zoneOffsetMinutes("Not/AZone", new Date())).toBe(0);
  });

  it("makes a period of whole local days, today the last", () => {
    expect(period(new Date("2025-03-01T22:30:00Z"), 7, 180)).toEqual({
      from: "2025-02-24",
      since: new Date("2025-02-23T21:00:00Z"),
    });
    expect(period(new Date("2025-03-01T10:00:00Z"), 1, 0)).toEqual({
      from: "2025-03-01",
      since: new Date("2025-03-01T00:00:00Z"),
    });
  });
});

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(
      toCsv([
        ["step", "sent"],
        ['Say "hi", now', 3],
        ["=HYPERLINK(1)", null],
        ["-1", -1],
      ]),
    ).toBe(
      'step,sent\r\n"Say ""hi"", now",3\r\n\'=HYPERLINK(1),\r\n\'-1,-1\r\n',
    );
  });

  it("offers 7, 30 or 90 days, 30 by default", () => {
    expect(rangeFrom("7")).toBe(7);
    expect(rangeFrom("90")).toBe(90);
    expect(rangeFrom("365")).toBe(30);
    expect(rangeFrom(null)).toBe(30);
  });
});

describe("the CSV export", () => {
  it("writes the per-step table with each credit's rule, then the daily series", () => {
    const counts = stepCounts(
      "EMAIL",
      { SENT: 6, OPENED: 3, CLICKED: 1 },
      { opened: 2, clicked: 1 },
    );
    const popup = stepCounts("POPUP", { SENT: 3, CLICKED: 1 });
    const csv = analyticsCsv({
      steps: [
        {
          stepId: "mail",
          channel: "EMAIL",
          title: null,
          counts,
          rates: stepRates(counts),
          credited: [
            {
              rule: "DISCOUNT_CODE",
              windowDays: null,
              conversions: 2,
              revenue: [{ currency: "USD", amount: 100 }],
            },
            {
              rule: "CLICK_WINDOW",
              windowDays: 5,
              conversions: 1,
              revenue: [{ currency: "USD", amount: 30.5 }],
            },
          ],
        },
        {
          stepId: "popup",
          channel: "POPUP",
          title: null,
          counts: popup,
          rates: stepRates(popup),
          credited: [],
        },
      ],
      days: [{ day: "2025-03-01", launches: 4, conversions: 1 }],
    });
    expect(csv.split("\r\n")).toEqual([
      "step,channel,sent_or_shown,delivered,opened,clicked,open_rate,ctr,ctor,pending,failed,unknown,skipped,conversions,rules,revenue,machine_opened,machine_clicked,delivered_is,hard_bounced,soft_bounced,complained,bounce_rate,complaint_rate",
      "mail,EMAIL,10,10,4,1,0.4,0.1,0.25,0,0,0,0,3,code used: 2; click within 5 days: 1,130.50 USD,2,1,accepted,n/a,n/a,n/a,n/a,n/a",
      "popup,POPUP,4,4,n/a,1,n/a,0.25,n/a,0,0,0,0,0,,,n/a,0,delivered,n/a,n/a,n/a,n/a,n/a",
      "",
      "day,launches,conversions",
      "2025-03-01,4,1",
      "",
    ]);
  });
});
