// bench/engine: how many engine decisions per second one process makes, walking the abandoned-cart
// template (SA3) start to finish. Baseline in the same run: a JSON round trip of the run state,
// the least work any persisted decision costs. Prints both and their ratio.
import { performance } from "node:perf_hooks";
import { decide, initialState, type RunState } from "../app/scenarios/engine";
import { parseScenarioDefinition } from "../app/scenarios/model";
import { resolveParameters, templateByKey } from "../app/scenarios/templates";
import { testContact } from "../app/scenarios/engine/contact-fixture";
import { int, reportResult } from "./support";

const template = templateByKey("SA3")!;
const parsed = parseScenarioDefinition(
  template.build(resolveParameters(template)),
);
if (!parsed.ok) throw new Error("SA3 does not validate");
const definition = parsed.definition;

const contact = testContact({
  visitCount: 2,
  values: { first_name: "Ann", code: "BACK10" },
});
const shop = {
  dailyCap: 100,
  quietHours: { start: 0, end: 0 },
  timeZone: "UTC",
};
const T0 = new Date("2026-11-23T12:00:00Z").valueOf();

/** One contact's whole journey: start plus four "due" decisions. */
function walk(): number {
  let state: RunState = initialState(new Date(T0));
  let decisions = 0;
  let now = new Date(T0);
  const ctx = () => ({ now, contact, shop, language: "en", random: () => 0.5 });
  state = decide(definition, state, { kind: "start" }, ctx()).state;
  decisions++;
  while (state.status === "waiting") {
    now = new Date(state.dueAt!);
    state = decide(definition, state, { kind: "due" }, ctx()).state;
    decisions++;
  }
  return decisions;
}

function baseline(): number {
  const state = initialState(new Date(T0));
  for (let i = 0; i < 5; i++)
    JSON.parse(JSON.stringify({ ...state, stepId: String(i) }));
  return 5;
}

function measure(name: string, fn: () => number, seconds = 2) {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000)
    for (let i = 0; i < 200; i++) count += fn();
  const perSecond = count / ((performance.now() - start) / 1000);
  return { name, perSecond };
}

const engine = measure("engine decisions (SA3 journeys)", walk);
const floor = measure("baseline: JSON round trips of a run state", baseline);
const GOAL = 100_000;
const ratio = engine.perSecond / floor.perSecond;
console.log(`${engine.name}: ${int(engine.perSecond)}/s`);
console.log(`${floor.name}: ${int(floor.perSecond)}/s`);
console.log(`ratio engine / baseline: ${ratio.toFixed(2)}`);
console.log(
  `goal >= 100,000 decisions/s: ${engine.perSecond >= GOAL ? "met" : "NOT met"}`,
);
reportResult([
  {
    name: "engine decisions",
    goal: "≥ 100,000 decisions/s",
    figure: `${int(engine.perSecond)}/s`,
    baseline: `${int(floor.perSecond)}/s JSON round trips of a run state`,
    ratio,
    met: engine.perSecond >= GOAL,
  },
]);
