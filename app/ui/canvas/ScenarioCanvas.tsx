// The scenario drawn as a map with React Flow (@xyflow/react, the canvas Dittofeed's builder and
// most journey editors use): the trigger on top, a card per step in its block kind's colour, edges
// labelled with the way they leave a step, laid out by dagre (layout.ts). Every step is a real
// button, so Tab and Enter reach it and a screen reader reads its words, its way in, its problems
// and its counts. Nothing here edits the scenario: the panel beside it does.
import {
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  getSmoothStepPath,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge as RfEdge,
  type EdgeProps,
  type Node as RfNode,
  type NodeProps,
} from "@xyflow/react";
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  type FocusEvent,
} from "react";
import type { NodeCounts } from "../../analytics/node-counts.server";
import {
  flowOf,
  type FlowEdge,
  type FlowNode,
} from "../../scenarios/editor/flow";
import type { Edge as InsertAt } from "../../scenarios/editor/graph";
import type { ScenarioDefinition } from "../../scenarios/model";
import type { Locale, Translate } from "../i18n";
import { triggerWords } from "../model-words";
import { stepLabel, viaWords } from "../path-words";
import type { CanvasWords } from "../words/canvas";
import type { ScenarioWords } from "../words/scenario";
import { layout } from "./layout";

export interface CanvasProps {
  definition: ScenarioDefinition;
  locale: Locale;
  t: Translate<ScenarioWords>;
  w: Translate<CanvasWords>;
  selected: string | null;
  onSelect(stepId: string): void;
  /** What needs fixing, in the merchant's words, by step id. */
  issues: Map<string, string[]>;
  counts: NodeCounts | null;
  /** A "+" on every edge that can take a step; absent, the map only reads. */
  onInsert?(at: InsertAt, edgeId: string): void;
  /** The edge whose "+" was chosen last (drawn pressed). */
  inserting?: string | null;
}

interface CardData extends Record<string, unknown> {
  kind: string;
  kindWord: string;
  label: string;
  /** Read after the label: the way in, the problems, the counts. */
  description: string;
  problem: string | null;
  figures: string | null;
  selected: boolean;
  /** Absent on nodes that open nothing (the end, the holdout). */
  onSelect?: () => void;
}
type Card = RfNode<CardData, "card">;

function CardNode({ id, data }: NodeProps<Card>) {
  const describedBy = `map-about-${id}`;
  const body = (
    <>
      <span className="tm-card__kind">{data.kindWord}</span>
      <span className="tm-card__label">{data.label}</span>
    </>
  );
  return (
    <div
      className={`tm-card tm-card--${data.kind}${data.selected ? " is-selected" : ""}${data.problem ? " has-problem" : ""}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {data.onSelect ? (
        <button
          type="button"
          id={`map-step-${id}`}
          className="tm-card__button nodrag nopan"
          aria-label={data.label}
          aria-describedby={describedBy}
          aria-pressed={data.selected}
          onClick={data.onSelect}
        >
          {body}
        </button>
      ) : (
        <div className="tm-card__button">{body}</div>
      )}
      {data.problem ? (
        <span className="tm-card__problem" title={data.problem}>
          {data.problem}
        </span>
      ) : (
        data.figures && <span className="tm-card__figures">{data.figures}</span>
      )}
      <span id={describedBy} hidden>
        {data.description}
      </span>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

const FIT = { padding: 0.1, maxZoom: 1 };

interface WayData extends Record<string, unknown> {
  label: string | null;
  /** What the "+" says to a screen reader: where the step would go. */
  insertLabel: string | null;
  pressed: boolean;
  onInsert?: () => void;
}
type Way = RfEdge<WayData, "way">;

/** An edge with its way's label and, when the map edits, a "+" beside it. */
function WayEdge(props: EdgeProps<Way>) {
  const [path, x, y] = getSmoothStepPath(props);
  const { data } = props;
  return (
    <>
      <BaseEdge id={props.id} path={path} />
      {(data?.label || data?.onInsert) && (
        <EdgeLabelRenderer>
          <div
            className="tm-way nodrag nopan"
            style={{
              transform: `translate(-50%, -50%) translate(${x}px,${y}px)`,
            }}
          >
            {data.label && <span className="tm-way__label">{data.label}</span>}
            {data.onInsert && (
              <button
                type="button"
                className="tm-way__add"
                aria-label={data.insertLabel ?? undefined}
                aria-pressed={data.pressed}
                data-edge={props.id}
                onClick={data.onInsert}
              >
                +
              </button>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

// Module level, so React Flow never sees a new set of node types and remounts every node.
const NODE_TYPES = { card: memo(CardNode) };
const EDGE_TYPES = { way: memo(WayEdge) };

export function ScenarioCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas(props: CanvasProps) {
  const { definition, locale, t, w, selected, issues, counts, onSelect } =
    props;
  const flow = useMemo(() => flowOf(definition), [definition]);
  // Laid out again only when the shape changes, not when a field's text does.
  const shape = JSON.stringify([
    flow.nodes.map((n) => [n.id, n.kind]),
    flow.edges.map((e) => [e.source, e.target, e.via]),
  ]);
  const placed = useMemo(() => layout(flow), [shape]);
  const onFocus = useKeepInView(shape);

  const nodes = useMemo<Card[]>(
    () =>
      flow.nodes.map((node) => {
        const at = placed.positions.get(node.id)!;
        const ways = flow.edges
          .filter((e) => e.target === node.id && e.via !== null)
          .map((e) => edgeWords(e, t, w));
        const problems = issues.get(node.id) ?? [];
        const { kind, kindWord, label, figures } = cardOf(
          node,
          definition,
          { locale, t, w },
          counts,
        );
        return {
          id: node.id,
          type: "card",
          position: { x: at.x, y: at.y },
          width: at.width,
          height: at.height,
          // React Flow lets no pointer through to a node that is neither selectable nor
          // draggable; the card's own button takes the click.
          style: { pointerEvents: "all" as const },
          data: {
            kind,
            kindWord,
            label,
            problem: problems[0] ?? null,
            figures,
            description: [
              ...(ways.length ? [w("reached", { via: ways.join(", ") })] : []),
              ...problems,
              ...(figures ? [figures] : []),
            ].join(". "),
            selected: node.id === selected,
            ...(node.kind === "step"
              ? { onSelect: () => onSelect(node.id) }
              : {}),
          },
        };
      }),
    [flow, placed, issues, counts, selected, locale, t, w, onSelect],
  );
  const { onInsert, inserting } = props;
  const edges = useMemo<Way[]>(() => {
    const names = new Map(nodes.map((n) => [n.id, n.data.label]));
    return flow.edges.map((e) => {
      const label = e.via === null ? null : edgeWords(e, t, w);
      const at = e.insertAt;
      const after = names.get(e.source) ?? "";
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: "way",
        ...(label ? { ariaLabel: label } : {}),
        className: e.via === "holdout" ? "tm-edge--holdout" : undefined,
        data: {
          label,
          insertLabel: label
            ? w("insertAfterWay", { step: after, way: label })
            : w("insertAfter", { step: after }),
          pressed: inserting === e.id,
          ...(onInsert && at ? { onInsert: () => onInsert(at, e.id) } : {}),
        },
      };
    });
  }, [flow, nodes, t, w, onInsert, inserting]);

  return (
    <div
      className="tm-canvas"
      style={{ height: Math.min(Math.max(placed.height * 0.9, 320), 720) }}
      role="region"
      aria-label={w("label")}
      onFocus={onFocus}
    >
      <p className="tm-canvas__help">{w("help")}</p>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        // Its keyboard help is for moving nodes, which the map never does.
        disableKeyboardA11y
        zoomOnScroll={false}
        preventScrolling={false}
        zoomOnDoubleClick={false}
        minZoom={0.2}
        maxZoom={1.5}
        fitView
        fitViewOptions={FIT}
        ariaLabelConfig={{
          "controls.ariaLabel": w("controls"),
          "controls.zoomIn.ariaLabel": w("zoomIn"),
          "controls.zoomOut.ariaLabel": w("zoomOut"),
          "controls.fitView.ariaLabel": w("fitView"),
        }}
      >
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/**
 * A step reached with Tab may lie outside the view: the browser would scroll the clipped pane
 * under the transform, so the pane is put back and the view moves to the step instead. A new
 * shape fits the whole graph again.
 */
function useKeepInView(shape: string) {
  const flow = useReactFlow();
  const shown = useRef(shape);
  useEffect(() => {
    if (shown.current === shape) return;
    shown.current = shape;
    void flow.fitView(FIT);
  }, [shape, flow]);
  return useCallback(
    (event: FocusEvent<HTMLDivElement>) => {
      const card = (event.target as HTMLElement).closest(".react-flow__node");
      const pane = card?.closest(".react-flow");
      if (!card || !pane) return;
      pane.scrollTop = 0;
      pane.scrollLeft = 0;
      const node = flow.getNode(card.getAttribute("data-id") ?? "");
      const box = card.getBoundingClientRect();
      const view = pane.getBoundingClientRect();
      const inside =
        box.left >= view.left &&
        box.right <= view.right &&
        box.top >= view.top &&
        box.bottom <= view.bottom;
      if (node && !inside)
        void flow.setCenter(
          node.position.x + (node.width ?? 0) / 2,
          node.position.y + (node.height ?? 0) / 2,
          { zoom: Math.max(flow.getZoom(), 0.8), duration: 200 },
        );
    },
    [flow],
  );
}

function edgeWords(
  edge: FlowEdge,
  t: Translate<ScenarioWords>,
  w: Translate<CanvasWords>,
): string {
  if (edge.via === null) return "";
  return edge.via === "holdout" ? w("heldOut") : viaWords(edge.via, t);
}

function cardOf(
  node: FlowNode,
  definition: ScenarioDefinition,
  words: {
    locale: Locale;
    t: Translate<ScenarioWords>;
    w: Translate<CanvasWords>;
  },
  counts: NodeCounts | null,
): { kind: string; kindWord: string; label: string; figures: string | null } {
  const { locale, t, w } = words;
  const list = (parts: Array<string | false>) =>
    parts.filter(Boolean).join(" · ") || null;
  switch (node.kind) {
    case "trigger":
      return {
        kind: "trigger",
        kindWord: w("kind_trigger"),
        label: triggerWords(definition.trigger, locale),
        figures: counts && w("entered", { count: counts.entered }),
      };
    case "end":
      return { kind: "end", kindWord: "", label: w("end"), figures: null };
    case "holdout":
      return {
        kind: "holdout",
        kindWord: "",
        label: t("holdout", { percent: node.percent }),
        figures:
          counts && w("heldOutCount", { count: counts.variants.holdout ?? 0 }),
      };
    case "step": {
      const { step } = node;
      const figures =
        counts &&
        list([
          step.type === "send" &&
            w("sent", { count: counts.sent[step.id] ?? 0 }),
          ...(step.type === "split"
            ? step.variants.map((v) =>
                w("variant", {
                  key: v.key,
                  count: counts.variants[v.key] ?? 0,
                }),
              )
            : []),
          (step.type === "wait" ||
            step.type === "wait_until" ||
            step.type === "wait_for_hours" ||
            (counts.here[step.id] ?? 0) > 0) &&
            w("hereNow", { count: counts.here[step.id] ?? 0 }),
          (counts.failed[step.id] ?? 0) > 0 &&
            w("failed", { count: counts.failed[step.id]! }),
        ]);
      return {
        kind: step.type,
        kindWord: w(`kind_${step.type}`),
        label: stepLabel(step, locale, t),
        figures,
      };
    }
  }
}
