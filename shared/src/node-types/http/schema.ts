import { z } from 'zod';

export const httpDataSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  /** A template; must render to an http(s) URL. */
  url: z.string().min(1).max(2048),
  headers: z.array(z.object({ name: z.string().min(1), value: z.string() })).default([]),
  /** A template; sent as is (JSON when it parses). */
  body: z.string().max(65_536).default(''),
  timeoutMs: z.number().int().min(100).max(30_000).default(10_000),
  /** Response values saved into flow variables: `path` is a dotted path into the JSON body ("data.id"). */
  saveAs: z.array(z.object({ variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/), path: z.string() })).default([]),
});
export type HttpData = z.infer<typeof httpDataSchema>;

export const httpHandles = (_data: HttpData): string[] => ['ok', 'error'];
