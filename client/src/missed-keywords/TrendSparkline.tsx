// A group's count per day as a row of tiny bars (a bar reads well even for one day or many zeros).
// Screen readers get the counts by day in the label instead of the picture.
const WIDTH = 120;
const HEIGHT = 24;

export function TrendSparkline({ days, daily }: { days: readonly string[]; daily: readonly number[] }) {
  const points = days.map((day, index) => ({ day, count: daily[index] ?? 0 }));
  const max = Math.max(1, ...points.map((point) => point.count));
  const step = WIDTH / Math.max(1, points.length);
  const label = `Daily counts: ${points.map((point) => `${point.day} ${point.count}`).join(', ')}`;
  return (
    <svg className="missed-trend" role="img" aria-label={label} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`}>
      <line className="missed-trend-base" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      {points.map((point, index) => {
        const height = (point.count / max) * (HEIGHT - 2);
        return <rect key={point.day} className="missed-trend-bar" x={index * step} y={HEIGHT - height} width={Math.max(step * 0.8, 0.5)} height={height} />;
      })}
    </svg>
  );
}
