/** A fresh id for a node or edge: readable prefix, random enough never to meet another in one flow. */
export function newId(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}
