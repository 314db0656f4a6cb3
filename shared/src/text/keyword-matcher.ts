// Matches a message against many keywords at once: exact via a Map, contains via one Aho–Corasick automaton
// over the normalised keywords (cost O(text + matches), whatever the keyword count), regex one by one on re2js
// (on the normalised text and on the text as typed).
import { RE2JS } from 're2js';
import { normalizeText } from './normalize-text';
import { regexFinds } from './regex-finds';

export type KeywordMatchKind = 'exact' | 'contains' | 'regex';
export interface KeywordEntry<T> {
  text: string;
  match: KeywordMatchKind;
  value: T;
}

/** True when re2js accepts the pattern (re2 syntax: no backreferences or lookaround). */
export function isValidRegex(pattern: string): boolean {
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return true;
  } catch {
    return false;
  }
}

const ROOT = 0;

export class KeywordMatcher<T> {
  private readonly entries: readonly KeywordEntry<T>[];
  private readonly exact = new Map<string, number[]>();
  private readonly regexes: { index: number; re: RE2JS }[] = [];
  // Aho–Corasick automaton, one slot per state. `dictLink` jumps straight to the nearest
  // failure ancestor that ends a keyword, so reporting never walks states without output.
  private readonly goto: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [ROOT];
  private readonly output: number[][] = [[]];
  private readonly dictLink: number[] = [-1];

  constructor(entries: readonly KeywordEntry<T>[]) {
    this.entries = entries;
    entries.forEach((entry, index) => {
      switch (entry.match) {
        case 'exact':
          this.addExact(normalizeText(entry.text), index);
          break;
        case 'contains':
          this.addContains(normalizeText(entry.text), index);
          break;
        case 'regex':
          this.regexes.push({ index, re: compileRegex(entry.text) });
          break;
        default: {
          const unreachable: never = entry.match;
          throw new Error(`unknown keyword match kind: ${String(unreachable)}`);
        }
      }
    });
    this.buildFailureLinks();
  }

  /** Values of every entry matching `text`, in entry order; an entry is reported once. */
  match(text: string): T[] {
    const normalized = normalizeText(text);
    const hits = new Set<number>(this.exact.get(normalized));
    this.scanContains(normalized, hits);
    // Like the other kinds, a text that normalises to nothing (an image without caption) matches no regex.
    if (normalized !== '') {
      for (const { index, re } of this.regexes) if (regexFinds(re, text, normalized)) hits.add(index);
    }
    return [...hits].sort((a, b) => a - b).map((index) => this.entryAt(index).value);
  }

  private entryAt(index: number): KeywordEntry<T> {
    const entry = this.entries[index];
    if (entry === undefined) throw new Error(`keyword entry ${index} out of range`);
    return entry;
  }

  private addExact(keyword: string, index: number): void {
    // A keyword that normalises to nothing would fire on every blank message: it never matches.
    if (keyword === '') return;
    const list = this.exact.get(keyword);
    if (list) list.push(index);
    else this.exact.set(keyword, [index]);
  }

  private addContains(keyword: string, index: number): void {
    // An empty keyword is a substring of everything: it never matches instead.
    if (keyword === '') return;
    let state = ROOT;
    for (let i = 0; i < keyword.length; i++) {
      const unit = keyword.charCodeAt(i);
      const transitions = this.stateGoto(state);
      let next = transitions.get(unit);
      if (next === undefined) {
        next = this.goto.length;
        this.goto.push(new Map());
        this.fail.push(ROOT);
        this.output.push([]);
        this.dictLink.push(-1);
        transitions.set(unit, next);
      }
      state = next;
    }
    this.stateOutput(state).push(index);
  }

  private buildFailureLinks(): void {
    // Breadth-first, so a state's failure target (always shallower) is final before its children need it.
    // Depth-1 states fail to the root, which has no output (empty keywords are never added).
    const queue: number[] = [...this.stateGoto(ROOT).values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? ROOT;
      for (const [unit, child] of this.stateGoto(state)) {
        queue.push(child);
        const target = this.advance(this.failOf(state), unit);
        this.fail[child] = target;
        this.dictLink[child] = this.stateOutput(target).length > 0 ? target : this.dictLinkOf(target);
      }
    }
  }

  private scanContains(text: string, hits: Set<number>): void {
    if (this.goto.length === 1) return;
    let state = ROOT;
    // UTF-16 code units, so a hit here is exactly what `text.includes(keyword)` would say.
    for (let i = 0; i < text.length; i++) {
      state = this.advance(state, text.charCodeAt(i));
      for (let s = state; s > ROOT; s = this.dictLinkOf(s)) {
        for (const index of this.stateOutput(s)) hits.add(index);
      }
    }
  }

  /** The goto function completed by failure links; amortised O(1) per text unit. */
  private advance(from: number, unit: number): number {
    for (let state = from; ; state = this.failOf(state)) {
      const next = this.stateGoto(state).get(unit);
      if (next !== undefined) return next;
      if (state === ROOT) return ROOT;
    }
  }

  private stateGoto(state: number): Map<number, number> {
    return this.goto[state] ?? new Map();
  }
  private stateOutput(state: number): number[] {
    return this.output[state] ?? [];
  }
  private failOf(state: number): number {
    return this.fail[state] ?? ROOT;
  }
  private dictLinkOf(state: number): number {
    return this.dictLink[state] ?? -1;
  }
}

function compileRegex(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`invalid regex keyword /${pattern}/: ${reason}`, { cause: err });
  }
}
