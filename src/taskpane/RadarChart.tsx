import { tokens } from "@fluentui/react-components";

/** One series of levels, one per label (null where none applies). */
export interface RadarSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/** Series colours: the sheet's charts use the same two (self-assessed, reviewed). */
const COLORS = ["#4472C4", "#C55A11"];

/**
 * A radar chart of domain levels (0-5) drawn as SVG in the pane: no chart library, nothing
 * fetched, and it scales with the pane. With several series, a legend names them.
 */
export function RadarChart({
  labels,
  series,
  title,
}: {
  readonly labels: readonly string[];
  readonly series: readonly RadarSeries[];
  readonly title: string;
}) {
  // Wide enough for labels of eight Chinese characters beside the chart.
  const width = 340;
  const legend = series.length > 1 ? 20 : 0;
  const height = 250 + legend;
  const cx = width / 2;
  const cy = (height - legend) / 2;
  const radius = 90;
  const angle = (i: number) => (Math.PI * 2 * i) / labels.length - Math.PI / 2;
  const point = (i: number, value: number) =>
    [
      cx + Math.cos(angle(i)) * radius * (value / 5),
      cy + Math.sin(angle(i)) * radius * (value / 5),
    ] as const;
  const anchor = (i: number) => {
    const x = Math.cos(angle(i));
    return x > 0.2 ? "start" : x < -0.2 ? "end" : "middle";
  };
  const polygon = (value: (i: number) => number) =>
    labels.map((_, i) => point(i, value(i)).join(",")).join(" ");
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
      role="img"
      aria-label={title}
      data-testid="radar"
    >
      {[1, 2, 3, 4, 5].map((ring) => (
        <polygon key={ring} points={polygon(() => ring)} fill="none" stroke="#d0d0d0" />
      ))}
      {labels.map((_, i) => {
        const [x, y] = point(i, 5);
        return <line key={i} x1={cx} y1={cy} x2={x} y2={y} stroke="#e0e0e0" />;
      })}
      {series.map((s, k) => (
        <polygon
          key={s.name}
          points={polygon((i) => s.values[i] ?? 0)}
          fill={series.length > 1 ? "none" : "rgba(31,78,121,0.25)"}
          stroke={series.length > 1 ? COLORS[k % COLORS.length] : tokens.colorBrandForeground1}
          strokeWidth={2}
          data-testid="radar-series"
        />
      ))}
      {series.length > 1 &&
        series.map((s, k) => (
          <g key={s.name} transform={`translate(${cx - 80 + k * 100}, ${height - 10})`}>
            <line x1={0} y1={0} x2={16} y2={0} stroke={COLORS[k % COLORS.length]} strokeWidth={3} />
            <text x={20} y={0} fontSize="11" dominantBaseline="middle" fill="#404040">
              {s.name}
            </text>
          </g>
        ))}
      {labels.map((label, i) => {
        const [x, y] = point(i, 5.5);
        return (
          <text
            key={label}
            x={x}
            y={y}
            fontSize="11"
            textAnchor={anchor(i)}
            dominantBaseline="middle"
            fill="#404040"
          >
            {label}
          </text>
        );
      })}
    </svg>
  );
}
