// A fast reader for the block-style YAML that kpt (kyaml), kubectl and `yaml.stringify` write.
// The yaml package reads about 1 MB/s, too slow for a ResourceList of thousands of Nodes; this
// reads a line at a time, and only a strict subset: block maps and sequences, one-line plain and
// quoted scalars, literal block scalars, comments. For anything else (flow collections with
// content, anchors, aliases, tags, folded or multi-line scalars, tabs, complex or duplicate keys,
// directives, document markers, control characters) it gives up instead of guessing: the caller
// then reads the text with the yaml package. What it does return is exactly what the yaml
// package's parse() returns for the same text.
import { heapBudget, heapStatistics } from './heap.js';
import { readQuoted, resolvePlain } from './yaml-scalars.js';

/** A part of the text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A sequence entry: its value and its text, from the end of the entry before it to its last line. */
export interface EntrySpan extends Span {
  value: unknown;
  /** Start of the line of its dash. */
  line: number;
}

/** A block sequence: the column of its dashes and its entries. */
export interface SequenceLayout {
  column: number;
  entries: EntrySpan[];
}

/** A key of the root map: its value and its text, from the end of the key before it to its last line. */
export interface RootEntry extends Span {
  key: string;
  value: unknown;
  /** Start of the line of its key. */
  line: number;
  /** Right after the key's colon. */
  afterColon: number;
  /** Set when the value is a block sequence and the key is the one asked for. */
  sequence?: SequenceLayout;
}

export interface BlockDocument {
  entries: RootEntry[];
  /** Where the last entry's text ends: only comments and blank lines follow. */
  end: number;
}

/** The value of a document in the subset, or undefined when the text is outside it. */
export function parseBlockYaml(text: string): unknown {
  return attempt(text, (reader) => reader.value());
}

/**
 * A document whose root is a map, in the subset, with the text of each root entry and, when the
 * value of `sequenceKey` is a block sequence, the text of each of its entries; undefined when the
 * text is outside the subset.
 */
export function readBlockDocument(text: string, sequenceKey: string): BlockDocument | undefined {
  return attempt(text, (reader) => reader.document(sequenceKey));
}

/** Collections nested deeper go to the yaml package (which has its own limit); keeps recursion shallow. */
const MAX_DEPTH = 100;
/** Slots of the cache of keys read (a power of two): enough for the keys of Kubernetes objects. */
const KNOWN_KEY_SLOTS = 1024;
/** The yaml package rejects longer implicit keys. */
const MAX_KEY_LENGTH = 1024;
/** Control characters (but tab and newline), CR, NEL, line and paragraph separators, BOM. */
const UNSUPPORTED_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

const TAB = 9;
const NEWLINE = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
/** Characters that cannot start a plain scalar here (`-` only before a space, see startsPlain). */
const INDICATORS = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((char) => char.charCodeAt(0)));

class OutsideSubset extends Error {}

/** The input would take more memory than the process may use: refused before V8 runs out of heap. */
export class InputTooLarge extends Error {}

/** Lines read between two looks at the heap. */
const HEAP_CHECK_LINES = 0x10000;
/**
 * Past this share of the heap budget (the old generation's limit) while reading, the input is refused: the values read take
 * about half of what the whole render needs (the items and spans built after), measured on
 * dense input (scripts/measure-memory.mjs).
 */
const HEAP_SHARE_FOR_READING = 0.45;
/** More sequence entries under the asked key are refused: no ResourceList comes near (5,000 nodes is 5,000 items). */
export const MAX_ITEMS = 500_000;

function bail(): never {
  throw new OutsideSubset();
}

function attempt<T>(text: string, read: (reader: BlockReader) => T): T | undefined {
  if (!text.endsWith('\n') || UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  try {
    return read(new BlockReader(text));
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class BlockReader {
  /** Start of the first line not looked at yet. */
  private next = 0;
  /** The current line, once peek() found it: where its content starts, its column, its newline. */
  private start = 0;
  private column = -1;
  private end = 0;
  private peeked = false;
  /** Where reading goes on within the current line (after a key's colon). */
  private at = 0;
  /** End of the last line read as content, with its newline. */
  private consumed = 0;
  private linesTaken = 0;
  /** The next tab at or after the current line, to refuse tabs outside block scalars in linear time. */
  private nextTab: number;
  /**
   * Keys read before, by length and first and last character: objects get their keys as the same
   * few strings, which V8 stores faster than a fresh copy of each.
   */
  private readonly knownKeys: (string | undefined)[] = new Array<string | undefined>(KNOWN_KEY_SLOTS);

  constructor(private readonly text: string) {
    this.nextTab = text.indexOf('\t');
  }

  value(): unknown {
    const column = this.peek();
    if (column === -1) bail();
    const value = this.isDash() ? this.sequence(column, 0) : this.map(column, 0);
    if (this.peek() !== -1) bail();
    return value;
  }

  document(sequenceKey: string): BlockDocument {
    const entries: RootEntry[] = [];
    const keys = new Set<string>();
    while (this.peek() === 0 && !this.isDash()) {
      const start = this.consumed;
      const line = this.start;
      const key = this.key();
      const afterColon = this.at;
      if (keys.has(key)) bail();
      keys.add(key);
      const sequence: SequenceLayout | undefined = key === sequenceKey ? { column: -1, entries: [] } : undefined;
      const value = this.valueAfterKey(0, 0, sequence);
      entries.push({ key, value, start, end: this.consumed, line, afterColon, ...(sequence && sequence.column >= 0 ? { sequence } : {}) });
    }
    if (this.peek() !== -1) bail();
    return { entries, end: this.consumed };
  }

  /** The column of the next line with content (not blank, not a comment), or -1 at the end. */
  private peek(): number {
    if (this.peeked) return this.column;
    const { text } = this;
    let at = this.next;
    while (at < text.length) {
      const end = text.indexOf('\n', at);
      let start = at;
      while (text.charCodeAt(start) === SPACE) start += 1;
      const first = text.charCodeAt(start);
      if (first === TAB) bail();
      if (start === end || first === HASH) {
        at = end + 1;
        continue;
      }
      if (this.nextTab !== -1 && this.nextTab < start) this.nextTab = text.indexOf('\t', start);
      if (this.nextTab !== -1 && this.nextTab < end) bail();
      this.start = start;
      this.column = start - at;
      this.end = end;
      this.next = end + 1;
      this.peeked = true;
      return this.column;
    }
    this.column = -1;
    this.peeked = true;
    return -1;
  }

  /** Reads the current line to its end. */
  private take(): void {
    this.peeked = false;
    this.consumed = this.next;
    if (++this.linesTaken % HEAP_CHECK_LINES === 0) {
      const heap = heapStatistics();
      const budget = heapBudget(heap);
      if (heap.used_heap_size > budget * HEAP_SHARE_FOR_READING) {
        throw new InputTooLarge(`reading it needs more memory than this process may use (a heap of ${Math.round(budget / 1048576)} MiB)`);
      }
    }
  }

  /** Makes the rest of the current line, from `at`, the current line, at its own column (after `- `). */
  private continueAt(at: number): void {
    this.column += at - this.start;
    this.start = at;
  }

  private isDash(): boolean {
    const after = this.text.charCodeAt(this.start + 1);
    return this.text.charCodeAt(this.start) === DASH && (after === SPACE || after === NEWLINE);
  }

  private map(column: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) bail();
    const map: Record<string, unknown> = {};
    while (this.peek() === column) {
      if (this.isDash()) bail();
      const key = this.key();
      if (Object.hasOwn(map, key)) bail();
      const value = this.valueAfterKey(column, depth);
      // As the yaml package sets it: `__proto__` becomes an own key, not the prototype.
      if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
      else map[key] = value;
    }
    return map;
  }

  private sequence(column: number, depth: number, layout?: SequenceLayout): unknown[] {
    if (depth > MAX_DEPTH) bail();
    const list: unknown[] = [];
    if (layout) layout.column = column;
    while (this.peek() === column && this.isDash()) {
      const start = this.consumed;
      const line = this.start - this.column;
      const value = this.entry(column, depth);
      list.push(value);
      if (layout && layout.entries.push({ value, start, end: this.consumed, line }) > MAX_ITEMS) {
        throw new InputTooLarge(`it holds more than ${MAX_ITEMS.toLocaleString('en')} items`);
      }
    }
    return list;
  }

  /** A sequence entry, from its dash. */
  private entry(column: number, depth: number): unknown {
    const at = this.skipSpaces(this.start + 1);
    if (this.isLineEnd(at)) {
      this.take();
      return this.nested(column, depth, false);
    }
    this.continueAt(at);
    const { text, start } = this;
    if (this.isDash()) return this.sequence(this.column, depth + 1);
    const first = text[start];
    if (first === '|') return this.literal(start, column);
    if (first === '"' || first === "'") {
      const quoted = readQuoted(text, start, this.end);
      return quoted && text[quoted.end] === ':' ? this.map(this.column, depth + 1) : this.quoted(start);
    }
    if (first !== '{' && first !== '[' && this.keyColon(start) !== -1) return this.map(this.column, depth + 1);
    return this.scalar(start);
  }

  /** Reads the key at the start of the current line; `at` moves past its colon. */
  private key(): string {
    const { text, start } = this;
    const first = text[start];
    if (first === '"' || first === "'") {
      const quoted = readQuoted(text, start, this.end);
      const after = quoted ? text.charCodeAt(quoted.end + 1) : 0;
      if (!quoted || text[quoted.end] !== ':' || (after !== SPACE && after !== NEWLINE)) bail();
      this.at = quoted.end + 1;
      return quoted.value;
    }
    const colon = this.keyColon(start);
    if (colon === -1) bail();
    this.at = colon + 1;
    const slot = ((colon - start) * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(colon - 1)) & (KNOWN_KEY_SLOTS - 1);
    const known = this.knownKeys[slot];
    if (known !== undefined && known.length === colon - start && text.startsWith(known, start)) return known;
    if (colon - start > MAX_KEY_LENGTH || !this.startsPlain(start) || text.charCodeAt(colon - 1) === SPACE) bail();
    const key = text.slice(start, colon);
    // Keys that are not strings would change in JavaScript (`1.0` becomes "1"); `---` and `...` can mark documents.
    if (typeof resolvePlain(key) !== 'string' || key.startsWith('---') || key.startsWith('...') || key === '<<') bail();
    this.knownKeys[slot] = key;
    return key;
  }

  /** The colon of an implicit key on the current line from `from`: a `:` before a space or the newline, not in a comment. */
  private keyColon(from: number): number {
    const { text, end } = this;
    for (let at = from; at < end; at += 1) {
      const char = text.charCodeAt(at);
      if (char === COLON) {
        const after = text.charCodeAt(at + 1);
        if (after === SPACE || after === NEWLINE) return at;
      } else if (char === HASH && text.charCodeAt(at - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** The value after a key's colon: on the same line, or a block map or sequence on the lines below. */
  private valueAfterKey(column: number, depth: number, layout?: SequenceLayout): unknown {
    const at = this.skipSpaces(this.at);
    if (this.isLineEnd(at)) {
      this.take();
      return this.nested(column, depth, true, layout);
    }
    const first = this.text[at];
    if (first === '|') return this.literal(at, column);
    if (first === '"' || first === "'") return this.quoted(at);
    return this.scalar(at);
  }

  /** What follows `key:` or `-` on the lines below: a block map or sequence, else null. */
  private nested(column: number, depth: number, afterKey: boolean, layout?: SequenceLayout): unknown {
    const indent = this.peek();
    // A key's sequence may sit at the key's own column (`key:\n- a`, as kpt writes it).
    if ((indent > column || (afterKey && indent === column)) && this.isDash()) return this.sequence(indent, depth + 1, layout);
    if (indent > column) return this.map(indent, depth + 1);
    return null;
  }

  /** A one-line plain scalar, or `{}` or `[]`, from `at` to the end of the line or a comment. */
  private scalar(at: number): unknown {
    const { text, end } = this;
    const first = text[at];
    if (first === '{' || first === '[') {
      if (text[at + 1] !== (first === '{' ? '}' : ']')) bail();
      this.endLine(at + 2);
      return first === '{' ? {} : [];
    }
    if (!this.startsPlain(at)) bail();
    let last = at;
    for (let index = at; index < end; index += 1) {
      const char = text.charCodeAt(index);
      if (char === COLON) {
        const after = text.charCodeAt(index + 1);
        if (after === SPACE || after === NEWLINE) bail();
      } else if (char === HASH && text.charCodeAt(index - 1) === SPACE) {
        break;
      }
      if (char !== SPACE) last = index;
    }
    this.take();
    return resolvePlain(text.slice(at, last + 1));
  }

  private quoted(at: number): string {
    const quoted = readQuoted(this.text, at, this.end);
    if (!quoted) bail();
    this.endLine(quoted.end);
    return quoted.value;
  }

  /**
   * A literal block scalar whose header (`|`, `|-` or `|+`) is at `at`: its lines are those indented
   * at least like its first line, which must be deeper than `column`, the column of its key or dash.
   */
  private literal(at: number, column: number): string {
    const { text } = this;
    const indicator = text.charAt(at + 1);
    const chomp = indicator === '-' || indicator === '+' ? indicator : '';
    this.endLine(at + 1 + chomp.length);
    const lines: string[] = [];
    let indent = -1;
    let blankLines = 0;
    let widestBlank = 0;
    let lineStart = this.next;
    while (lineStart < text.length) {
      const end = text.indexOf('\n', lineStart);
      let start = lineStart;
      while (text.charCodeAt(start) === SPACE) start += 1;
      const spaces = start - lineStart;
      if (start === end) {
        blankLines += 1;
        widestBlank = Math.max(widestBlank, spaces);
      } else {
        if (spaces < indent || spaces <= column) break;
        if (indent === -1) indent = spaces;
        for (; blankLines > 0; blankLines -= 1) lines.push('');
        lines.push(text.slice(lineStart + indent, end));
      }
      lineStart = end + 1;
    }
    // No content, or blank lines with spaces beyond the indentation (content the yaml package keeps).
    if (indent === -1 || widestBlank > indent) bail();
    this.next = lineStart;
    this.consumed = lineStart;
    const value = lines.join('\n');
    if (chomp === '-') return value;
    return chomp === '+' ? value + '\n'.repeat(blankLines + 1) : value + '\n';
  }

  /** After a value: only spaces, then a comment or the newline. */
  private endLine(at: number): void {
    const rest = this.skipSpaces(at);
    if (!(this.text.charCodeAt(rest) === NEWLINE || (rest > at && this.text.charCodeAt(rest) === HASH))) bail();
    this.take();
  }

  private isLineEnd(at: number): boolean {
    const char = this.text.charCodeAt(at);
    return char === NEWLINE || char === HASH;
  }

  private startsPlain(at: number): boolean {
    const first = this.text.charCodeAt(at);
    if (first === DASH) {
      const after = this.text.charCodeAt(at + 1);
      return after !== SPACE && after !== NEWLINE;
    }
    return !INDICATORS.has(first);
  }

  private skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === SPACE) at += 1;
    return at;
  }
}
