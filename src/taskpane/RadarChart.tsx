import { tokens } from "@fluentui/react-components";

/**
 * A radar chart of domain levels (0-5) drawn as SVG in the pane: no chart library, nothing
 * fetched, and it scales with the pane.
 */
export function RadarChart({
  labels,
  values,
  title,
}: {
  readonly labels: readonly string[];
  readonly values: readonly (number | null)[];
  readonly title: string;
}) {
  // Wide enough for labels of eight Chinese characters beside the chart.
  const width = 340;
  const height = 250;
  const cx = width / 2;
  const cy = height / 2;
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
      <polygon
        points={polygon((i) => values[i] ?? 0)}
        fill="rgba(31,78,121,0.25)"
        stroke={tokens.colorBrandForeground1}
        strokeWidth={2}
      />
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
