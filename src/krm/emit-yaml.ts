// A small, fast YAML printer for the plain data we generate (maps, lists, strings, numbers,
// booleans): printing ~1,500 lines through the yaml package's document model costs more than
// the rest of a render. Strings are written plain only when every YAML 1.1 and 1.2 reader takes
// them for the same string; otherwise double-quoted (JSON escapes are valid YAML) or, when
// multi-line, as literal blocks. What it prints stays in the block subset our own reader takes
// (block-yaml.ts), so a render of our output reads it the same fast way.
import { isAmbiguousInYaml11 } from './scalars.js';
import { isRecord } from '../plain-data.js';
import { printedYamlOf } from '../printed-yaml.js';

/** Each nesting level indents by this many columns. */
const STEP = 2;
/** Plain scalars start with no indicator and hold no `: `, ` #`, trailing `:`, edge space or control character. */
const PLAIN_START = /^(?:[A-Za-z0-9_./$(]|-[^\s])/;
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
  return lines(value, indent, sequences === 'compact' ? 0 : STEP).join('\n') + '\n';
}

/** `sequenceIndent`: how far a map's sequence value is indented past its key. */
function lines(value: unknown, indent: number, sequenceIndent: number): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${pad(indent)}[]`] : value.flatMap((item) => listItem(item, indent, sequenceIndent));
  if (isRecord(value)) {
    // Text printed ahead of time is in the indented style.
    const printed = sequenceIndent === STEP ? printedYamlOf(value) : undefined;
    if (printed !== undefined) return [indented(printed, indent)];
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
    return entries.length === 0 ? [`${pad(indent)}{}`] : entries.flatMap(([key, entry]) => mapEntry(key, entry, indent, sequenceIndent));
  }
  return [`${pad(indent)}${scalar(value, indent)}`];
}

function mapEntry(key: string, value: unknown, indent: number, sequenceIndent: number): string[] {
  const head = `${pad(indent)}${scalar(key, indent)}:`;
  if (isNested(value)) return [head, ...lines(value, indent + (Array.isArray(value) ? sequenceIndent : STEP), sequenceIndent)];
  return [`${head} ${inline(value, indent + STEP)}`];
}

/** `- first line`, the rest indented under it, as the yaml package prints sequences. */
function listItem(value: unknown, indent: number, sequenceIndent: number): string[] {
  if (!isNested(value)) return [`${pad(indent)}- ${inline(value, indent + STEP)}`];
  const [first = '', ...rest] = lines(value, indent + STEP, sequenceIndent);
  return [`${pad(indent)}- ${first.slice(indent + STEP)}`, ...rest];
}

function inline(value: unknown, indent: number): string {
  if (Array.isArray(value)) return '[]';
  if (isRecord(value)) return '{}';
  return scalar(value, indent);
}

function isNested(value: unknown): boolean {
  return (Array.isArray(value) && value.length > 0) || (isRecord(value) && Object.values(value).some((entry) => entry !== undefined));
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
  if (PLAIN_START.test(text) && !UNSAFE_IN_PLAIN.test(text) && !YAML12_NON_STRING.test(text) && !isAmbiguousInYaml11(text)) return text;
  return toFlowYaml(text);
}

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
 * Text printed at column 0, moved to column `indent`: what printing it there gives, since every
 * line the printer writes carries its column as leading spaces, except the empty lines of literal
 * blocks. One element holding every line: callers join lines with newlines.
 */
function indented(printed: string, indent: number): string {
  if (indent === 0) return printed;
  const prefix = pad(indent);
  return printed.split('\n').map((line) => (line === '' ? '' : prefix + line)).join('\n');
}

function pad(indent: number): string {
  return ' '.repeat(indent);
}

