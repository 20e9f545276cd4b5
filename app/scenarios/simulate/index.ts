// The pre-launch simulator: a scenario replayed over stored history, counted, never carried out. Pure.
export * from "./types";
export { createSimulation, triggerRecorded } from "./simulate";
