// The scenario model: pure data schemas, no I/O.
export * from "./primitives";
export * from "./events";
export * from "./triggers";
export * from "./conditions";
export * from "./steps";
export * from "./definition";
export * from "./upgrade";
