// One measured figure, printed as one JSON line on stdout: the contract between every benchmark and the runner.
import { z } from 'zod';

export const figureSchema = z.object({
  bench: z.string(),
  case: z.string(),
  metric: z.string(),
  value: z.number(),
  unit: z.string(),
  /** What `ratio` divides by: another figure measured in the same run (`case/metric`), or null when there is none. */
  baseline: z.string().nullable(),
  /** value ÷ the baseline's value (same unit); null without a baseline. */
  ratio: z.number().nullable(),
  /** The target for this figure, in words ("< 1024"), when it has one. */
  target: z.string().optional(),
  met: z.boolean().optional(),
});
export type Figure = z.infer<typeof figureSchema>;

/** Prints the figure as one JSON line, numbers rounded to what the measurement can tell apart. */
export function printFigure(figure: Figure): void {
  const rounded: Figure = { ...figure, value: significant(figure.value), ratio: figure.ratio === null ? null : significant(figure.ratio) };
  process.stdout.write(`${JSON.stringify(rounded)}\n`);
}

/** 4 significant digits, whole numbers kept whole. */
function significant(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  return Number(value.toPrecision(4));
}
