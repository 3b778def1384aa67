// Annotations set on an item by inserting lines into its text, so that everything else in it
// stays byte for byte as it came. The item's text is a block sequence entry the block reader
// accepted, so a line at a map's column is one of its keys, a `- ` of a key's sequence, or a
// comment: block scalars and nested collections sit deeper. Covered: metadata and annotations
// as block maps, or absent (what kpt, kubectl and our snapshot command write). Anything else
// (null or empty metadata or annotations, a key set to another value) returns undefined.
import { toYaml } from './emit-yaml.js';
import { isRecord } from '../plain-data.js';

export function annotateEntryText(text: string, object: Record<string, unknown>, annotations: Record<string, string>): string | undefined {
  const metadata = object.metadata;
  const existing = isRecord(metadata) ? metadata.annotations : undefined;
  const missing = Object.entries(annotations).filter(([key, value]) => !isRecord(existing) || existing[key] !== value);
  if (missing.length === 0) return text;
  if (isRecord(existing) && missing.some(([key]) => Object.hasOwn(existing, key))) return undefined;
  const added = Object.fromEntries(missing);

  // With its dash as a space, the entry's first key sits at the column of the others.
  const dash = contentLine(text, 0);
  if (!dash) return undefined;
  const masked = `${text.slice(0, dash.start + dash.indent)} ${text.slice(dash.start + dash.indent + 1)}`;
  const itemColumn = contentLine(masked, 0)?.indent ?? 0;
  if (metadata === undefined) return insert(text, text.length, toYaml({ metadata: { annotations: added } }, itemColumn));
  const metadataBlock = isFilledRecord(metadata) ? blockOf(masked, 'metadata', itemColumn, 0) : undefined;
  if (!metadataBlock) return undefined;
  if (existing === undefined) return insert(text, metadataBlock.end, toYaml({ annotations: added }, metadataBlock.column));
  const annotationsBlock = isFilledRecord(existing) ? blockOf(masked, 'annotations', metadataBlock.column, metadataBlock.start) : undefined;
  if (!annotationsBlock) return undefined;
  return insert(text, annotationsBlock.end, toYaml(added, annotationsBlock.column));
}

interface Line {
  start: number;
  indent: number;
  /** Start of the line after it. */
  next: number;
}

/** The map nested under `key`, one of the keys at `column` from `from` on: its column, first line and end. */
interface Block {
  column: number;
  start: number;
  end: number;
}

function blockOf(text: string, key: string, column: number, from: number): Block | undefined {
  for (let line = contentLine(text, from); line && line.indent >= column; line = contentLine(text, line.next)) {
    if (line.indent !== column || !isKeyLine(text, line.start + column, key)) continue;
    const first = contentLine(text, line.next);
    if (!first || first.indent <= column) return undefined;
    let after = contentLine(text, first.next);
    while (after && after.indent >= first.indent) after = contentLine(text, after.next);
    // Right before the next shallower line: after any blank lines, which a `|+` block may own.
    return { column: first.indent, start: first.start, end: after ? after.start : text.length };
  }
  return undefined;
}

/** The first line from `from` (a line start) that is neither blank nor a comment. */
function contentLine(text: string, from: number): Line | undefined {
  for (let start = from; start < text.length; ) {
    const next = text.indexOf('\n', start) + 1;
    let content = start;
    while (text[content] === ' ') content += 1;
    if (text[content] !== '\n' && text[content] !== '#') return { start, indent: content - start, next };
    start = next;
  }
  return undefined;
}

function isKeyLine(text: string, at: number, key: string): boolean {
  const after = text[at + key.length + 1];
  return text.startsWith(`${key}:`, at) && (after === ' ' || after === '\n');
}

function insert(text: string, at: number, lines: string): string {
  return text.slice(0, at) + lines + text.slice(at);
}


function isFilledRecord(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).length > 0;
}
