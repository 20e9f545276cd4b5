// The scenario engine: pure functions of state, input and an injected context (clock, randomness,
// the contact's facts). No I/O.
export * from "./types";
export { decide, initialState } from "./decide";
export {
  admit,
  triggerMatches,
  type Admission,
  type TriggerInput,
} from "./admit";
export { seededRandom } from "./random";
export { personalize } from "./personalize";
export {
  nextAllowedSend,
  nextOutsideQuietHours,
  type QuietHours,
} from "./policies";
export {
  compileOnSiteRules,
  MAX_ON_SITE_DELAY_MS,
  ON_SITE_MS,
  type OnSiteRule,
} from "./on-site";
