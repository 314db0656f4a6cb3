// One node's days as small bars: entered (light) with completed (dark) inside, one slot per day of the
// range. The numbers are in a table under it, and summed in the chart's label for screen readers.
import type { NodeDailyStats } from '@parley/shared';
import { formatCount } from './format-stats';

const WIDTH = 300;
const HEIGHT = 80;

export function DailyChart({ days }: { days: NodeDailyStats['days'] }) {
  const max = Math.max(1, ...days.map((day) => Math.max(day.entered, day.exited)));
  const slot = WIDTH / Math.max(1, days.length);
  const height = (count: number) => (count / max) * HEIGHT;
  const entered = days.reduce((sum, day) => sum + day.entered, 0);
  const completed = days.reduce((sum, day) => sum + day.exited, 0);
  return (
    <figure className="daily-chart">
      <svg
        className="daily-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Entered and completed per day: ${formatCount(entered)} entered and ${formatCount(completed)} completed over ${days.length} day${days.length === 1 ? '' : 's'}`}
      >
        {days.map((day, position) => (
          <g key={day.day}>
            <title>{`${day.day}: ${formatCount(day.entered)} entered, ${formatCount(day.exited)} completed`}</title>
            <rect className="daily-chart__entered" x={position * slot + slot * 0.1} y={HEIGHT - height(day.entered)} width={slot * 0.8} height={height(day.entered)} />
            <rect className="daily-chart__completed" x={position * slot + slot * 0.25} y={HEIGHT - height(day.exited)} width={slot * 0.5} height={height(day.exited)} />
          </g>
        ))}
      </svg>
      <figcaption className="daily-chart__legend">
        <span className="daily-chart__key daily-chart__key--entered" aria-hidden /> Entered <span className="daily-chart__key daily-chart__key--completed" aria-hidden />{' '}
        Completed
      </figcaption>
      <details className="daily-chart__details">
        <summary>Numbers per day</summary>
        <table className="analytics-table" aria-label="Numbers per day">
          <thead>
            <tr>
              <th scope="col" className="analytics-table__text">
                Day
              </th>
              <th scope="col">Entered</th>
              <th scope="col">Completed</th>
              <th scope="col">Dropped</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.day}>
                <th scope="row">{day.day}</th>
                <td>{formatCount(day.entered)}</td>
                <td>{formatCount(day.exited)}</td>
                <td>{formatCount(day.dropped)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
