// A scenario as the builder's canvas draws it: the trigger, one node per step, a holdout node for a
// split that holds contacts out, and an end node for every path that stops. Edges keep their
// structural ids and the graph address (graph.ts's Edge) a "+" on them inserts at, so the
// definition stays the one source of truth and the canvas is derived from it, never edited.
import type { ScenarioDefinition, Step } from "../model";
import type { OutlineVia } from "../outline/outline";
import { edgesOf, type Edge, type Port } from "./graph";

export type FlowNode =
  | { id: "trigger"; kind: "trigger" }
  | { id: string; kind: "step"; step: Step }
  | { id: string; kind: "holdout"; percent: number }
  | { id: string; kind: "end" };

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  /** How the edge leaves its source: a branch's yes / no, a wait's event / timeout, a variant. */
  via: OutlineVia | "holdout" | null;
  /** Where a step inserted on this edge goes; null for the holdout, which leads to no step. */
  insertAt: Edge | null;
}

export interface Flow {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function viaOf(port: Port): OutlineVia | null {
  if (port === "next") return null;
  if (port === "onEvent") return "event";
  if (port === "onTimeout") return "timeout";
  if (port === "then" || port === "else") return port;
  return { variant: port.slice("variant:".length) };
}

const sourceOf = (edge: Edge) =>
  edge.from === "start" ? "trigger" : edge.from;
const portOf = (edge: Edge) => ("port" in edge ? edge.port : "next");

/** The canvas's nodes and edges, in the definition's order (so the layout is the same each time). */
export function flowOf(definition: ScenarioDefinition): Flow {
  const ids = new Set(definition.steps.map((s) => s.id));
  const nodes: FlowNode[] = [
    { id: "trigger", kind: "trigger" },
    ...definition.steps.map((step) => ({
      id: step.id,
      kind: "step" as const,
      step,
    })),
  ];
  const edges: FlowEdge[] = [];
  for (const { edge, target } of edgesOf(definition)) {
    const source = sourceOf(edge);
    const id = `${source}:${portOf(edge)}`;
    // A path that stops, or points at a step that is not there, ends: the end node shows where.
    const to = target !== null && ids.has(target) ? target : `end:${id}`;
    if (to !== target) nodes.push({ id: to, kind: "end" });
    edges.push({
      id,
      source,
      target: to,
      via: "port" in edge ? viaOf(edge.port) : null,
      insertAt: edge,
    });
  }
  for (const step of definition.steps)
    if (step.type === "split" && step.holdoutPercent > 0) {
      const id = `holdout:${step.id}`;
      nodes.push({ id, kind: "holdout", percent: step.holdoutPercent });
      edges.push({
        id: `${step.id}:holdout`,
        source: step.id,
        target: id,
        via: "holdout",
        insertAt: null,
      });
    }
  return { nodes, edges };
}
