// Keyword rules and messages at any scale, built like the peer harness's workload (../shared/bench/peer):
// ten real support words, then pseudo-words of 6–7 letters, no keyword inside another and none inside a
// filler word, so a message matches exactly the rule it was written for. Messages are 5–14 filler words
// (median about 50 characters); 70 % carry one keyword (lower, Capitalised or UPPER case), spread evenly
// over the whole rule list including the last rule, and 30 % carry none.
import { mulberry32 } from './mulberry32';

const REAL = ['refund', 'shipping', 'invoice', 'password', 'cancel', 'warranty', 'discount', 'delivery', 'address', 'payment'];
const FILLER = (
  'hello hi hey there i we you my our your the a an is are was can could would please help me with about ' +
  'question need want know thanks thank today now again still not yet just really quick small big new old this that it ' +
  'for on in at to from and or but so here some any more one two three week day order item account team message reply ' +
  'call store online time soon later sorry great good fine ok'
).split(' ');
const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
/** The shortest keyword: containment is checked through substrings at least this long. */
const MIN_LENGTH = 6;
export const HIT_RATIO = 0.7;

export interface KeywordMessage {
  text: string;
  /** Index of the rule the text was written for; -1 for a miss. */
  target: number;
}

export interface KeywordWorkload {
  keywords: string[];
  messages: KeywordMessage[];
}

export function keywordWorkload(k: number, messageCount: number, seed: number): KeywordWorkload {
  const rnd = mulberry32(seed);
  const keywords = generateKeywords(k, rnd);
  const hits = Math.round(messageCount * HIT_RATIO);
  const plan: number[] = [];
  for (let j = 0; j < hits; j++) plan.push(j === hits - 1 ? k - 1 : Math.floor(((j + rnd()) * k) / hits));
  while (plan.length < messageCount) plan.push(-1);
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const a = plan[i] ?? -1;
    plan[i] = plan[j] ?? -1;
    plan[j] = a;
  }
  const word = (list: readonly string[]): string => list[Math.floor(rnd() * list.length)] ?? '';
  const messages = plan.map((target) => {
    const words = Array.from({ length: 5 + Math.floor(rnd() * 10) }, () => word(FILLER));
    const keyword = keywords[target];
    if (keyword !== undefined) {
      const c = rnd();
      const typed = c < 0.6 ? keyword : c < 0.9 ? keyword.charAt(0).toUpperCase() + keyword.slice(1) : keyword.toUpperCase();
      words.splice(Math.floor(rnd() * (words.length + 1)), 0, typed);
    }
    if (rnd() < 0.5) {
      const i = Math.floor(rnd() * (words.length - 1));
      words[i] = `${words[i] ?? ''},`;
    }
    const text = words.join(' ').replace(/^./, (ch) => ch.toUpperCase()) + word(['?', '.', '!', '']);
    return { text, target };
  });
  return { keywords, messages };
}

function generateKeywords(k: number, rnd: () => number): string[] {
  const out = REAL.slice(0, k);
  const taken = new Set(out);
  // Every substring (of keyword length or more) of every keyword so far: a new word found here lies inside one.
  const inside = new Set<string>();
  for (const word of out) for (const part of longSubstrings(word)) inside.add(part);
  const letter = (set: string): string => set.charAt(Math.floor(rnd() * set.length));
  // The 6–7 letter pseudo-words number about 5 million, so this ends long before running dry at 100,000.
  for (let attempts = 0; out.length < k; attempts++) {
    if (attempts > k * 100) throw new Error(`could not find ${k} keywords that do not contain each other`);
    let word = letter(CONSONANTS) + letter(VOWELS) + letter(CONSONANTS) + letter(VOWELS) + letter(CONSONANTS) + letter(VOWELS);
    if (rnd() < 0.5) word += letter(CONSONANTS);
    if (inside.has(word)) continue;
    if (longSubstrings(word).some((part) => taken.has(part))) continue;
    if (FILLER.some((filler) => filler.includes(word))) continue;
    out.push(word);
    taken.add(word);
    for (const part of longSubstrings(word)) inside.add(part);
  }
  return out;
}

function longSubstrings(word: string): string[] {
  const parts: string[] = [];
  for (let length = MIN_LENGTH; length <= word.length; length++) {
    for (let start = 0; start + length <= word.length; start++) parts.push(word.slice(start, start + length));
  }
  return parts;
}
