// Where each node of a scenario's canvas sits, by dagre (the layered layout Dittofeed's builder uses;
// synchronous, so a structural edit re-lays the graph in the same render, never by hand): top to
// bottom, branches side by side, fixed box sizes so cards never overlap, the trigger anchored at
// (0, 0) so the canvas does not jump when a path grows.
import dagre from "@dagrejs/dagre";
import type { Flow, FlowNode } from "../../scenarios/editor/flow";

export const SIZES: Record<
  FlowNode["kind"],
  { width: number; height: number }
> = {
  trigger: { width: 260, height: 92 },
  step: { width: 240, height: 92 },
  holdout: { width: 200, height: 64 },
  end: { width: 96, height: 32 },
};
/** Room for an edge's label ("Yes", "If not in time", "Variant b"). */
const LABEL = { width: 96, height: 20 };

export interface Placed {
  /** Top-left corner, as React Flow places nodes. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export function layout(flow: Flow): {
  positions: Map<string, Placed>;
  width: number;
  height: number;
} {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 32, ranksep: 40, edgesep: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of flow.nodes) g.setNode(node.id, { ...SIZES[node.kind] });
  for (const edge of flow.edges)
    g.setEdge(
      edge.source,
      edge.target,
      edge.via === null ? {} : { ...LABEL, labelpos: "c" },
      edge.id,
    );
  dagre.layout(g);
  const centre = (id: string) => g.node(id) as { x: number; y: number };
  const anchor = centre("trigger");
  const positions = new Map<string, Placed>();
  let right = 0;
  let bottom = 0;
  let left = 0;
  for (const node of flow.nodes) {
    const { x, y } = centre(node.id);
    const { width, height } = SIZES[node.kind];
    const placed = {
      x: x - anchor.x - width / 2,
      y: y - anchor.y - height / 2,
      width,
      height,
    };
    positions.set(node.id, placed);
    left = Math.min(left, placed.x);
    right = Math.max(right, placed.x + width);
    bottom = Math.max(bottom, placed.y + height);
  }
  return {
    positions,
    width: right - left,
    height: bottom + SIZES.trigger.height / 2,
  };
}
