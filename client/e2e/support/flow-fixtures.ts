// The example flows in flows/*.json, imported and published through the API as a signed-in user would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from 'playwright-core';

const FLOWS_DIR = path.resolve(__dirname, '../../../flows');

/** Imports flows/<name>.json as a draft; returns the flow's revision. */
export async function importExampleFlow(request: APIRequestContext, name: string): Promise<number> {
  const document: unknown = JSON.parse(readFileSync(path.join(FLOWS_DIR, `${name}.json`), 'utf8'));
  const response = await request.post('/api/flows/import', { data: document });
  if (!response.ok()) throw new Error(`importing ${name}.json failed: ${response.status()} ${await response.text()}`);
  const flow: { revision: number } = await response.json();
  return flow.revision;
}

export async function publishFlow(request: APIRequestContext, id: string, revision: number): Promise<void> {
  const response = await request.post(`/api/flows/${id}/publish`, { data: { revision } });
  if (!response.ok()) throw new Error(`publishing ${id} failed: ${response.status()} ${await response.text()}`);
}
