// A small, fast YAML printer for the plain data we generate (maps, lists, strings, numbers,
// booleans): printing ~1,500 lines through the yaml package's document model costs more than
// the rest of a render. Strings are written plain only when every YAML 1.1 and 1.2 reader takes
// them for the same string; otherwise double-quoted (JSON escapes are valid YAML) or, when
// multi-line, as literal blocks.
import { isAmbiguousInYaml11 } from './scalars.js';

const INDENT = '  ';
/** Plain scalars start with no indicator and hold no `: `, ` #`, trailing `:`, edge space or control character. */
const PLAIN_START = /^(?:[A-Za-z0-9_./$(]|-[^\s])/;
const UNSAFE_IN_PLAIN = /: | #|:$|\s$|[\u0000-\u001f\u007f]/;
const YAML12_NON_STRING = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

export function toYaml(value: unknown, depth = 0): string {
  return lines(value, depth).join('\n') + '\n';
}

function lines(value: unknown, depth: number): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${pad(depth)}[]`] : value.flatMap((item) => listItem(item, depth));
  if (isMap(value)) {
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
    return entries.length === 0 ? [`${pad(depth)}{}`] : entries.flatMap(([key, entry]) => mapEntry(key, entry, depth));
  }
  return [`${pad(depth)}${scalar(value, depth)}`];
}

function mapEntry(key: string, value: unknown, depth: number): string[] {
  const head = `${pad(depth)}${scalar(key, depth)}:`;
  if (isNested(value)) return [head, ...lines(value, depth + 1)];
  return [`${head} ${inline(value, depth + 1)}`];
}

/** `- first line`, the rest indented under it, as the yaml package prints sequences. */
function listItem(value: unknown, depth: number): string[] {
  if (!isNested(value)) return [`${pad(depth)}- ${inline(value, depth + 1)}`];
  const [first = '', ...rest] = lines(value, depth + 1);
  return [`${pad(depth)}- ${first.slice(pad(depth + 1).length)}`, ...rest];
}

function inline(value: unknown, depth: number): string {
  if (Array.isArray(value)) return '[]';
  if (isMap(value)) return '{}';
  return scalar(value, depth);
}

function isNested(value: unknown): boolean {
  return (Array.isArray(value) && value.length > 0) || (isMap(value) && Object.values(value).some((entry) => entry !== undefined));
}

function scalar(value: unknown, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  const text = String(value);
  if (text.includes('\n') && isLiteralSafe(text)) return literalBlock(text, depth);
  if (PLAIN_START.test(text) && !UNSAFE_IN_PLAIN.test(text) && !YAML12_NON_STRING.test(text) && !isAmbiguousInYaml11(text)) return text;
  return JSON.stringify(text);
}

/**
 * Literal blocks keep text exactly, provided it has no control characters but newlines and tabs,
 * and starts with neither white space nor an empty line (the block's indentation is read there).
 */
function isLiteralSafe(text: string): boolean {
  return !/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text) && !/^[\s]/.test(text);
}

function literalBlock(text: string, depth: number): string {
  const trailing = /\n+$/.exec(text)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = (trailing === 0 ? text : text.slice(0, -trailing)).split('\n');
  const indent = pad(depth);
  const blankTail = trailing > 1 ? Array.from({ length: trailing - 1 }, () => '') : [];
  return `|${chomp}\n${[...body, ...blankTail].map((line) => (line === '' ? '' : indent + line)).join('\n')}`;
}

function pad(depth: number): string {
  return INDENT.repeat(depth);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
