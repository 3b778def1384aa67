// A small, fast YAML printer for the plain data we generate (maps, lists, strings, numbers,
// booleans): printing ~1,500 lines through the yaml package's document model costs more than
// the rest of a render. Strings are written plain only when every YAML 1.1 and 1.2 reader takes
// them for the same string; otherwise double-quoted (JSON escapes are valid YAML) or, when
// multi-line, as literal blocks. What it prints stays in the block subset our own reader takes
// (block-yaml.ts), so a render of our output reads it the same fast way.
import { isAmbiguousInYaml11, mayBeNumber, startsLikeNumber } from './scalars.js';
import { isDigitsOnly, isRecord } from '../plain-data.js';
import { PRINTED_COLUMN, printedYamlOf, type PrintedYaml } from '../printed-yaml.js';

/** Each nesting level indents by this many columns. */
const STEP = 2;
/** Plain scalars start with no indicator and hold no `: `, ` #`, trailing `:`, edge space or control character. */
const PLAIN_START = /^(?:[A-Za-z0-9_./$(]|-[^\s])/;
/** PLAIN_START's first characters, but for `-`, which it takes before anything but white space. */
const PLAIN_FIRST_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./$(';
const UNSAFE_IN_PLAIN = /: | #|:$|\s$|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** Characters YAML wants escaped (not printable, or line breaks to some readers) that JSON.stringify leaves as they are. */
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u2028\u2029\ufeff]/g;
const YAML12_NON_STRING = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/**
 * How a sequence that is a map's value sits: `indented` under its key (as the yaml package prints
 * by default, and kpt reads), or `compact`, its dashes in the key's column (as kpt writes files).
 */
export type SequenceStyle = 'indented' | 'compact';

/** `value` as YAML lines starting at column `indent` (the column of a sequence's dashes, say). */
export function toYaml(value: unknown, indent = 0, sequences: SequenceStyle = 'indented'): string {
  // Every line is pushed once, in order, into one array: no per-level arrays to copy up.
  const out: string[] = [];
  write(out, value, indent, pad(indent), sequences === 'compact' ? 0 : STEP);
  return out.join('\n') + '\n';
}

/** `value` printed ahead of time (src/printed-yaml.ts), in both styles, each at its column. */
export function printedAhead(value: unknown): PrintedYaml {
  const at = (style: SequenceStyle) => toYaml(value, PRINTED_COLUMN[style], style).slice(PRINTED_COLUMN[style], -1);
  return { indented: at('indented'), compact: at('compact') };
}

/**
 * Pushes the lines of `value` at column `indent`. Its first line starts with `lead`: the column's
 * spaces, or what stands before the value on that line: the dashes of the list items it opens
 * (`- - key: 1`), or its key when it fits on the key's line (`key: 1`, `key: []`). An element
 * pushed may hold several lines (a literal block, text printed ahead of time); the caller joins
 * with newlines. `sequenceIndent`: how far a map's sequence value is indented past its key.
 */
function write(out: string[], value: unknown, indent: number, lead: string, sequenceIndent: number): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${lead}[]`);
    // `- first line`, the rest indented under it, as the yaml package prints sequences.
    for (let index = 0; index < value.length; index++) write(out, value[index], indent + STEP, `${index === 0 ? lead : pad(indent)}- `, sequenceIndent);
    return;
  }
  if (isRecord(value)) {
    const printed = printedText(value, sequenceIndent);
    if (printed !== undefined) {
      out.push(lead + moved(printed, indent));
      return;
    }
    let first = true;
    // Index loops, here and below: a cold render runs this in the interpreter, where for-of
    // allocates an iterator and a result object for every key (about 100 KB of a default render).
    const keys = Object.keys(value);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const entry = value[key];
      if (entry === undefined) continue;
      writeMapEntry(out, key, entry, indent, first ? lead : pad(indent), sequenceIndent);
      first = false;
    }
    if (first) out.push(`${lead}{}`);
    return;
  }
  out.push(lead + scalar(value, indent));
}

/** `key: value` when the value fits on the key's line (a scalar, `[]`, `{}`), else the value under it. */
function writeMapEntry(out: string[], key: string, value: unknown, indent: number, lead: string, sequenceIndent: number): void {
  const head = `${lead}${lineString(key)}:`;
  if (!isNested(value, sequenceIndent)) {
    write(out, value, indent + STEP, `${head} `, sequenceIndent);
    return;
  }
  out.push(head);
  const column = indent + (Array.isArray(value) ? sequenceIndent : STEP);
  write(out, value, column, pad(column), sequenceIndent);
}

function isNested(value: unknown, sequenceIndent: number): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (!isRecord(value)) return false;
  // Printed ahead of time: its text says, without a look inside (printedStandIn builds on a look).
  const printed = printedText(value, sequenceIndent);
  if (printed !== undefined) return printed.text !== '{}';
  const keys = Object.keys(value);
  for (let index = 0; index < keys.length; index++) if (value[keys[index]!] !== undefined) return true;
  return false;
}

/** Text printed ahead of time, and the column it was printed at. */
interface PrintedText {
  text: string;
  column: number;
}

/**
 * The text `value` was printed as ahead of time, in the style of this print: only that style's
 * text is read (the bundle keeps each style in a file of its own, read on first use).
 */
function printedText(value: object, sequenceIndent: number): PrintedText | undefined {
  const style = sequenceIndent === STEP ? 'indented' : 'compact';
  const text = printedYamlOf(value)?.[style];
  return text === undefined ? undefined : { text, column: PRINTED_COLUMN[style] };
}

function scalar(value: unknown, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  const text = String(value);
  if (text.includes('\n') && isLiteralSafe(text)) return literalBlock(text, indent);
  return lineString(text);
}

/** A string on one line (a key, say: a literal block is none): plain when every reader takes it for that string, else double-quoted. */
function lineString(text: string): string {
  if (text.includes('\n')) return toFlowYaml(text);
  let printed = PRINTED_LINES.get(text);
  if (printed === undefined) {
    printed = lineScalar(text);
    if (text.length <= NAME_LENGTH_MAX && PRINTED_LINES.size < PRINTED_LINES_MAX) PRINTED_LINES.set(text, printed);
  }
  return printed;
}

/**
 * One-line strings as printed: a render prints the same names (`name`, `kube-system`) hundreds of
 * times, and a lookup costs less than the tests that choose the style. Names only, and so many, so
 * that a large input cannot grow it without end.
 */
const PRINTED_LINES = new Map<string, string>();
const PRINTED_LINES_MAX = 4096;
const NAME_LENGTH_MAX = 253;

// Each regular expression costs most at its first use, when V8 compiles it (once a start, and
// again to machine code at its second): the tests that rule out most strings come first and
// compare characters, so that a render compiles only what its strings need.
function lineScalar(text: string): string {
  if (startsPlain(text) && !UNSAFE_IN_PLAIN.test(text) && !isAmbiguousInYaml11(text) && !isYaml12Number(text)) return text;
  return toFlowYaml(text);
}

function startsPlain(text: string): boolean {
  return (text !== '' && PLAIN_FIRST_CHARACTERS.includes(text.charAt(0))) || (text.startsWith('-') && PLAIN_START.test(text));
}

/**
 * A YAML 1.2 number: it starts with a digit, a sign or a dot, and its decimal forms hold nothing
 * but digits, signs, a dot and an exponent. (Its other non-strings, the null and boolean words,
 * are YAML 1.1's too.)
 */
function isYaml12Number(text: string): boolean {
  if (!startsLikeNumber(text)) return false;
  return isDigitsOnly(text) || (mayBeNumber(text, YAML12_DECIMAL_CHARACTERS) && YAML12_NON_STRING.test(text));
}

const YAML12_DECIMAL_CHARACTERS = '0123456789+-.eE';

/** `value` as one line of flow YAML: JSON, with the characters YAML wants escaped escaped. */
export function toFlowYaml(value: unknown): string {
  return JSON.stringify(value).replace(UNESCAPED_BY_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Literal blocks keep text exactly, provided it has no control characters but newlines and tabs,
 * starts with neither white space nor an empty line (the block's indentation is read there), and
 * has no line of spaces only (whose spaces beyond the indentation block-yaml.ts leaves to the yaml
 * package).
 */
function isLiteralSafe(text: string): boolean {
  return !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text) && !/^[\s]/.test(text) && !/^ +$/m.test(text);
}

function literalBlock(text: string, indent: number): string {
  const trailing = /\n+$/.exec(text)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = (trailing === 0 ? text : text.slice(0, -trailing)).split('\n');
  const blankTail = trailing > 1 ? Array.from({ length: trailing - 1 }, () => '') : [];
  return `|${chomp}\n${[...body, ...blankTail].map((line) => (line === '' ? '' : pad(indent) + line)).join('\n')}`;
}

/**
 * Printed text moved from its column to column `indent`, but for its first line (which the caller
 * leads): what printing it there gives, since every line the printer writes carries its column as
 * leading spaces, except the empty lines of literal blocks. So each other line gains the
 * difference, or loses it (a line printed at column c starts with at least c spaces).
 */
function moved({ text, column }: PrintedText, indent: number): string {
  if (indent === column) return text;
  if (indent > column) return text.replace(NON_EMPTY_LINE_START, `\n${pad(indent - column)}`);
  return text.replace(lineStartWithSpaces(column - indent), '\n');
}

/** The start of a line after the first, unless the line is empty. */
const NON_EMPTY_LINE_START = /\n(?=[^\n])/g;

/** `\n` and the first `count` spaces of the line it starts, for each count met (a handful). */
const LINE_STARTS: RegExp[] = [];

function lineStartWithSpaces(count: number): RegExp {
  return (LINE_STARTS[count] ??= new RegExp(`\n {${count}}`, 'g'));
}

/** Spaces for each column met so far: the printer asks for the same few columns again and again. */
const PADS: string[] = [];

function pad(indent: number): string {
  return (PADS[indent] ??= ' '.repeat(indent));
}
