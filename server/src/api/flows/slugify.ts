/** A flow id from a name: ASCII letters and digits joined by "-"; "flow" when nothing is left (e.g. 欢迎). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/g, '');
  return slug === '' ? 'flow' : slug;
}
