// Whether an open or a click on a message was a machine's rather than a person's. Pure: the request's
// facts and the delivery's come in, a verdict (with the rule that gave it) comes out. A machine's
// open or click is recorded apart (Delivery.machineOpenedAt / machineClickedAt): it moves no status,
// reaches no scenario as message_opened / message_clicked, and credits no order.
//
// The rules, each simple and each from something the request shows:
// - HEAD: a person's mail client or browser GETs the image and the link; a HEAD is a checker.
// - no user agent: every mail client and browser sends one.
// - Apple Mail Privacy Protection fetches every image through Apple's proxies as soon as the mail
//   reaches the device, read or not (as ESPs such as SocketLabs describe it). Apple documents neither
//   the proxy's user agent nor its addresses. The bare "Mozilla/5.0" is the signature ESPs commonly
//   match for it, not confirmed by Apple; no browser or mail client sends it, so an open with
//   exactly that user agent is a machine's even where it is not Apple's. Addresses are not used:
//   none are published for this proxy, and behind a proxy the app may not see the client's.
// - a known link scanner's user agent (Microsoft Safe Links / Defender, Barracuda, Proofpoint,
//   Mimecast, Symantec, Cisco IronPort, and the like): they fetch every link to check it. Many
//   scanners send an ordinary browser's user agent, hence the timing rules below.
// - a click within SCANNER_SECONDS of the send: a person cannot receive, open, read and click a
//   message that fast; a gateway scanning it on arrival does.
// - a click within UNOPENED_SECONDS of the send on a message never opened: scanners do not load
//   the open image before following links; a person whose client blocks images rarely clicks
//   within a minute of the send.
// Google's image proxy (GoogleImageProxy) fetches the image when a Gmail user opens the message:
// a real open, never counted as a machine's.

export type Touch = "OPENED" | "CLICKED";

export interface EngagementRequest {
  touch: Touch;
  method: string;
  userAgent: string | null;
  at: Date;
}

export interface DeliveryFacts {
  /** When the provider took the message; null when unknown (then no timing rule applies). */
  sentAt: Date | null;
  /** A person's or a machine's open was recorded before. */
  opened: boolean;
}

export type MachineRule =
  | "HEAD_REQUEST"
  | "NO_USER_AGENT"
  | "APPLE_PRIVACY_PROXY"
  | "SCANNER_USER_AGENT"
  | "CLICK_SECONDS_AFTER_SEND"
  | "UNOPENED_CLICK_SOON_AFTER_SEND";

export type Verdict = { machine: false } | { machine: true; rule: MachineRule };

export const SCANNER_SECONDS = 10;
export const UNOPENED_SECONDS = 60;

/** Apple's proxy, as ESPs report it: the product token alone, nothing after it. */
const APPLE_PROXY_AGENT = "Mozilla/5.0";

// Lower-case fragments of the user agents link and attachment scanners are reported to send.
const SCANNER_AGENTS = [
  "safelinks",
  "microsoft-urlanalyzer",
  "microsoft office existence discovery",
  "barracuda",
  "proofpoint",
  "mimecast",
  "symantec",
  "ironport",
  "forcepoint",
  "trend micro",
  "sophos",
  "bitdefender",
  "fireeye",
  "checkpoint",
];

const HUMAN_PROXIES = ["googleimageproxy"];

const machine = (rule: MachineRule): Verdict => ({ machine: true, rule });

export function machineVerdict(
  request: EngagementRequest,
  delivery: DeliveryFacts,
): Verdict {
  if (request.method.toUpperCase() === "HEAD") return machine("HEAD_REQUEST");
  const agent = (request.userAgent ?? "").trim();
  if (!agent) return machine("NO_USER_AGENT");
  const lower = agent.toLowerCase();
  if (HUMAN_PROXIES.some((p) => lower.includes(p))) return { machine: false };
  if (SCANNER_AGENTS.some((s) => lower.includes(s)))
    return machine("SCANNER_USER_AGENT");
  if (request.touch === "OPENED")
    return agent === APPLE_PROXY_AGENT
      ? machine("APPLE_PRIVACY_PROXY")
      : { machine: false };
  if (!delivery.sentAt) return { machine: false };
  const seconds = (request.at.valueOf() - delivery.sentAt.valueOf()) / 1000;
  if (seconds < 0) return { machine: false };
  if (seconds <= SCANNER_SECONDS) return machine("CLICK_SECONDS_AFTER_SEND");
  if (!delivery.opened && seconds <= UNOPENED_SECONDS)
    return machine("UNOPENED_CLICK_SOON_AFTER_SEND");
  return { machine: false };
}
