import { z } from 'zod';
import { groupIssuesByPath, schemaIssues } from './field-issues';

describe('schemaIssues', () => {
  const schema = z.object({
    name: z.string().min(1),
    count: z.number().int().max(10),
    tags: z.array(z.string()).min(1),
    code: z.string().regex(/^[a-z]+$/, 'code: lowercase letters'),
  });

  it('says what to do instead of zod defaults, and keeps messages written in the schema', () => {
    const issues = schemaIssues(schema, { name: '', count: 'ten', tags: [], code: 'A1' });
    expect(Object.fromEntries(groupIssuesByPath(issues))).toEqual({
      name: ['required'],
      count: ['enter a number'],
      tags: ['add at least one'],
      code: ['code: lowercase letters'],
    });
  });

  it('reports nested paths and numbers out of range', () => {
    const issues = schemaIssues(z.object({ rows: z.array(z.object({ n: z.number().int().max(10) })) }), { rows: [{ n: 1 }, { n: 11 }, { n: 1.5 }] });
    expect(issues).toEqual([
      { path: ['rows', 1, 'n'], message: 'at most 10' },
      { path: ['rows', 2, 'n'], message: 'enter a whole number' },
    ]);
  });

  it('is empty for valid data', () => {
    expect(schemaIssues(schema, { name: 'a', count: 1, tags: ['x'], code: 'ok' })).toEqual([]);
  });
});
