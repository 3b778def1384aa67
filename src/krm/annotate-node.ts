// Annotations set on an item of any shape (flow or block maps, null or aliased metadata), as
// edits of its text at the offsets the yaml package's nodes give: a key inserted into a map, a
// value replaced. Everything else in the item stays byte for byte. annotate-text.ts does the
// common block-style case without the yaml package; this does the rest.
import { isAlias, isMap, isScalar, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseYamlDocument } from './yaml-documents.js';
import { toFlowYaml, toYaml } from './emit-yaml.js';
import { afterLine, lineStart } from './layout.js';
import { portableScalarTags } from './scalars.js';
import { isRecord } from '../plain-data.js';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** An edit that would change an item we do not own too (a map it shares through an anchor). */
export class SharedNodeConflict extends Error {}

/**
 * Edits of `text` (the whole document's) that set `annotations` on `item`. Throws
 * SharedNodeConflict when the map to edit is anchored and aliased elsewhere.
 */
export function annotationEdits(text: string, document: Document, item: Node, annotations: Record<string, string>): TextEdit[] {
  if (isAlias(item)) return [replaceWithCopy(document, item, ['metadata', 'annotations'], annotations)];
  if (!isMap(item)) return [];
  guardShared(document, item);
  const metadata = pairOf(item, 'metadata');
  if (!metadata) return [insertEntries(text, item, { metadata: { annotations } })];
  if (isAlias(metadata.value)) return [replaceWithCopy(document, metadata.value, ['annotations'], annotations)];
  if (!isMap(metadata.value)) return [replaceValue(text, metadata, { annotations })];
  guardShared(document, metadata.value);
  const existing = pairOf(metadata.value, 'annotations');
  if (!existing) return [insertEntries(text, metadata.value, { annotations })];
  if (isAlias(existing.value)) return [replaceWithCopy(document, existing.value, [], annotations)];
  if (!isMap(existing.value)) return [replaceValue(text, existing, annotations)];
  const map = existing.value;
  guardShared(document, map);
  const edits: TextEdit[] = [];
  const added: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    const pair = pairOf(map, key);
    if (!pair) added[key] = value;
    else if (!(isScalar(pair.value) && pair.value.value === value)) edits.push(replaceValue(text, pair, value));
  }
  if (Object.keys(added).length > 0) edits.push(insertEntries(text, map, added));
  return edits;
}

/** The entry text (`- ...` with the comments above it) of a block sequence, annotated; read on its own. */
export function annotateEntryByNodes(entryText: string, annotations: Record<string, string>): string {
  const document = parseYamlDocument(entryText, { customTags: portableScalarTags });
  const root = document.contents;
  const item = root && 'items' in root && Array.isArray(root.items) ? (root.items[0] as Node | undefined) : undefined;
  if (!item) throw new Error('unreachable: an item entry that is not a sequence entry');
  return applyEdits(entryText, annotationEdits(entryText, document, item, annotations), 0, entryText.length);
}

/** text[from, to) with the edits (sorted, within it, not overlapping) applied. */
export function applyEdits(text: string, edits: readonly TextEdit[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at, to);
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

function rangeOf(node: unknown): [number, number, number] {
  const range = (node as Node | null)?.range;
  if (!range) throw new Error('unreachable: a parsed node without a range');
  return range;
}

/** New keys at the end of a map: a line each at its column (block), or `, key: value` before its `}` (flow). */
function insertEntries(text: string, map: YAMLMap, entries: Record<string, unknown>): TextEdit {
  const [start, end] = rangeOf(map);
  if (map.flow) {
    const last = map.items.at(-1);
    const at = last ? rangeOf(last.value ?? last.key)[1] : text.indexOf('{', start) + 1;
    const pairs = Object.entries(entries).map(([key, value]) => `${toFlowYaml(key)}: ${toFlowYaml(value)}`).join(', ');
    return { start: at, end: at, text: last ? `, ${pairs}` : pairs };
  }
  const at = afterLine(text, end);
  const newline = text[at - 2] === '\r' ? '\r\n' : '\n';
  const lines = toYaml(entries, start - lineStart(text, start)).replace(/\n/g, newline);
  return { start: at, end: at, text: at > 0 && text[at - 1] !== '\n' ? newline + lines : lines };
}

/** The pair's value (null, a scalar) replaced by `value` in flow style. */
function replaceValue(text: string, pair: Pair, value: unknown): TextEdit {
  const node = pair.value as Node | null;
  const [start, end] = node ? rangeOf(node) : [rangeOf(pair.key)[1], rangeOf(pair.key)[1]];
  const space = start === end && text[start - 1] === ':' ? ' ' : '';
  return { start, end, text: `${space}${toFlowYaml(value)}` };
}

/** An alias replaced by a copy of what it points to, with the annotations set at `path`. */
function replaceWithCopy(document: Document, alias: Node, path: readonly string[], annotations: Record<string, string>): TextEdit {
  const [start, end] = rangeOf(alias);
  const copy = (alias as unknown as { resolve(document: Document): Node | undefined }).resolve(document)?.toJS(document, { maxAliasCount: -1 }) as unknown;
  let target: Record<string, unknown> = isRecord(copy) ? copy : {};
  const root = target;
  for (const key of path) {
    const next = isRecord(target[key]) ? { ...(target[key] as Record<string, unknown>) } : {};
    target[key] = next;
    target = next;
  }
  Object.assign(target, annotations);
  return { start, end, text: toFlowYaml(root) };
}

/** Refuses to edit a map that an alias elsewhere shares: the edit would change that item too. */
function guardShared(document: Document, map: YAMLMap): void {
  if (!map.anchor) return;
  let shared = false;
  visit(document, {
    Alias(_, alias) {
      if (alias.source === map.anchor && alias.resolve(document) === map) shared = true;
    },
  });
  if (shared) throw new SharedNodeConflict(`its map with the anchor &${map.anchor} is shared through an alias with another part of the input`);
}
