/** True when the text parses as JSON (the http node escapes values for it; the runtime parses answers by it). */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
