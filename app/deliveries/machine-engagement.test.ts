// Which opens and clicks are machines': Apple's image proxy, link scanners, HEAD checks and clicks
// too soon after the send; Gmail's image proxy and a person's browser are people.
import { describe, expect, it } from "vitest";
import { machineVerdict, type EngagementRequest } from "./machine-engagement";

const sentAt = new Date("2026-12-01T10:00:00Z");
const after = (seconds: number) => new Date(sentAt.valueOf() + seconds * 1000);
const SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
const request = (over: Partial<EngagementRequest> = {}): EngagementRequest => ({
  touch: "CLICKED",
  method: "GET",
  userAgent: SAFARI,
  at: after(3600),
  ...over,
});
const opened = { sentAt, opened: true };
const unopened = { sentAt, opened: false };

describe("machineVerdict", () => {
  it("takes a browser's click an hour after the send as a person's", () => {
    expect(machineVerdict(request(), unopened)).toEqual({ machine: false });
  });

  it("takes a HEAD request as a machine's, open or click", () => {
    expect(machineVerdict(request({ method: "HEAD" }), opened)).toEqual({
      machine: true,
      rule: "HEAD_REQUEST",
    });
    expect(
      machineVerdict(request({ touch: "OPENED", method: "head" }), opened),
    ).toMatchObject({ machine: true });
  });

  it("takes a request with no user agent as a machine's", () => {
    expect(machineVerdict(request({ userAgent: null }), opened)).toEqual({
      machine: true,
      rule: "NO_USER_AGENT",
    });
    expect(machineVerdict(request({ userAgent: "  " }), opened)).toMatchObject({
      machine: true,
    });
  });

  it("takes an open with the bare Mozilla/5.0 user agent as Apple's privacy proxy", () => {
    expect(
      machineVerdict(
        request({ touch: "OPENED", userAgent: "Mozilla/5.0", at: after(5) }),
        unopened,
      ),
    ).toEqual({ machine: true, rule: "APPLE_PRIVACY_PROXY" });
  });

  it("takes an open from a full browser user agent as a person's, however soon", () => {
    expect(
      machineVerdict(request({ touch: "OPENED", at: after(1) }), unopened),
    ).toEqual({ machine: false });
  });

  it("never takes Gmail's image proxy as a machine: it loads the image when the message is opened", () => {
    const gmail =
      "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";
    expect(
      machineVerdict(
        request({ touch: "OPENED", userAgent: gmail, at: after(2) }),
        unopened,
      ),
    ).toEqual({ machine: false });
  });

  it.each([
    "Mozilla/5.0 (compatible; Microsoft-URLAnalyzer/1.0)",
    "Barracuda Sentinel (EE)",
    "Proofpoint URL Defense",
    "Mimecast URL Protect",
    "Symantec Email Security.cloud",
    "Cisco IronPort Web Security",
  ])("takes the scanner %s as a machine, an hour after the send too", (ua) => {
    expect(machineVerdict(request({ userAgent: ua }), opened)).toEqual({
      machine: true,
      rule: "SCANNER_USER_AGENT",
    });
  });

  it("takes a click seconds after the send as a scanner's, opened or not", () => {
    expect(machineVerdict(request({ at: after(3) }), opened)).toEqual({
      machine: true,
      rule: "CLICK_SECONDS_AFTER_SEND",
    });
  });

  it("takes a click within a minute of the send on a never-opened message as a machine's, but not on an opened one", () => {
    expect(machineVerdict(request({ at: after(40) }), unopened)).toEqual({
      machine: true,
      rule: "UNOPENED_CLICK_SOON_AFTER_SEND",
    });
    expect(machineVerdict(request({ at: after(40) }), opened)).toEqual({
      machine: false,
    });
    expect(machineVerdict(request({ at: after(90) }), unopened)).toEqual({
      machine: false,
    });
  });

  it("applies no timing rule when the send time is unknown or after the click", () => {
    expect(
      machineVerdict(request({ at: after(1) }), {
        sentAt: null,
        opened: false,
      }),
    ).toEqual({ machine: false });
    expect(machineVerdict(request({ at: after(-5) }), unopened)).toEqual({
      machine: false,
    });
  });
});
