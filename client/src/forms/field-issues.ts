import { friendlyErrorMap } from '@parley/shared';
import type { z } from 'zod';

/** A problem with one field of a form: `path` points into the data the form edits. */
export interface FieldIssue {
  path: readonly PropertyKey[];
  message: string;
}

export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export function groupIssuesByPath(issues: readonly FieldIssue[]): ReadonlyMap<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const issue of issues) {
    const key = pathKey(issue.path);
    byPath.set(key, [...(byPath.get(key) ?? []), issue.message]);
  }
  return byPath;
}

/** Parses draft data with a schema and returns its problems as field issues (none when it is valid). */
export function schemaIssues(schema: z.ZodType, data: unknown): FieldIssue[] {
  const result = schema.safeParse(data, { error: friendlyErrorMap });
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}
