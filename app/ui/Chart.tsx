// A small line chart in plain SVG (no charting library): a few series over the same days, a scale
// from zero to the largest value, the first, middle and last day under it, and a legend.
export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 12, bottom: 28, left: 36 };

export function Chart({
  title,
  days,
  series,
}: {
  title: string;
  days: string[];
  series: ChartSeries[];
}) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left +
    (days.length <= 1 ? innerW / 2 : (i / (days.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [
    ...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1]),
  ].filter((i) => i >= 0 && i < days.length);
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={title}
        data-chart="daily"
      >
        <title>{title}</title>
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(v)}
              y2={y(v)}
              stroke="#e3e3e3"
            />
            <text
              x={PAD.left - 6}
              y={y(v) + 4}
              fontSize="11"
              textAnchor="end"
              fill="#616161"
            >
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        {ticks.map((i) => (
          <text
            key={i}
            x={x(i)}
            y={HEIGHT - 8}
            fontSize="11"
            textAnchor={
              i === 0 ? "start" : i === days.length - 1 ? "end" : "middle"
            }
            fill="#616161"
          >
            {days[i].slice(5)}
          </text>
        ))}
        {series.map((s) => (
          <g key={s.label} data-series={s.label}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth="2"
              points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
            />
            {s.values.map((v, i) =>
              v > 0 ? (
                <circle key={i} cx={x(i)} cy={y(v)} r="3" fill={s.color}>
                  <title>{`${days[i]}: ${v}`}</title>
                </circle>
              ) : null,
            )}
          </g>
        ))}
      </svg>
      <figcaption style={{ display: "flex", gap: 16, fontSize: 12 }}>
        {series.map((s) => (
          <span key={s.label}>
            <span
              style={{
                display: "inline-block",
                width: 10,
                height: 10,
                background: s.color,
                marginRight: 4,
                borderRadius: 2,
              }}
            />
            {s.label}: {s.values.reduce((a, b) => a + b, 0)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
