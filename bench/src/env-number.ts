/** A positive number from the environment, or the default; anything else stops the benchmark with the variable's name. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw}: expected a positive number`);
  return value;
}

/** A comma-separated list of positive numbers from the environment (BENCH_KEYWORD_KS=10,1000), or the default. */
export function envNumberList(name: string, fallback: readonly number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  return raw.split(',').map((part) => {
    const value = Number(part);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw}: expected positive numbers separated by commas`);
    return value;
  });
}
