// The answer, spliced from the input's text: every root entry and every kept item is copied byte
// for byte from its span (layout.ts), whichever reader found the spans; the only text we write is
// our own: generated items and results (printed by toYaml, or as JSON in a flow collection), the
// annotations we set (inserted at a precise offset, see annotate-*.ts) and, where the input has
// none, the `items:` key. No stand-in text goes through the output, so nothing of the user's can
// be mistaken for ours.
import { toFlowYaml, toYaml } from './emit-yaml.js';
import type { CollectionText, EntryText, ResourceListLayout, RootEntryText, Span } from './layout.js';
import type { Result } from './types.js';

export interface Splice {
  /** Input item indexes to leave out. */
  drop: ReadonlySet<number>;
  /** The text of a kept item that we edit, from its entry's text. */
  rewrite: (index: number, entry: EntryText) => string | undefined;
  /** Generated objects, after the kept items. */
  append: readonly object[];
  results: readonly Result[];
}

export function spliceResourceList(text: string, layout: ResourceListLayout, splice: Splice): string {
  const { root, items } = layout;
  const kept: string[] = [];
  for (const entry of root.entries) {
    if (entry.key === 'results') continue;
    kept.push(entry.key === 'items' && items ? itemsEntryText(text, entry, items, splice, root.flow ? -1 : root.column) : text.slice(entry.start, entry.end));
  }
  const added: string[] = [];
  if (!items && !root.entries.some((entry) => entry.key === 'items')) added.push(newEntry('items', splice.append, root));
  if (splice.results.length > 0) added.push(newEntry('results', splice.results, root));
  return text.slice(0, root.start) + joinCollection(text, root, kept, added, 'root') + text.slice(root.end);
}

function itemsEntryText(text: string, entry: RootEntryText, items: NonNullable<ResourceListLayout['items']>, splice: Splice, rootColumn: number): string {
  if ('empty' in items) return splice.append.length === 0 ? text.slice(entry.start, entry.end) : emptyFilled(text, entry, items.empty, splice.append, rootColumn);
  const { sequence } = items;
  const kept = sequence.entries.flatMap((item, index) => (splice.drop.has(index) ? [] : [splice.rewrite(index, item) ?? text.slice(item.start, item.end)]));
  const generated = sequence.flow ? splice.append.map((object) => toFlowYaml(object)) : splice.append.length > 0 ? [toYaml(splice.append, sequence.column)] : [];
  if (!sequence.flow && kept.length === 0 && generated.length === 0) {
    // No entry left: `items: []`, with the rest of the key line (a comment) and what follows the list.
    return text.slice(entry.start, entry.afterColon) + ' []' + text.slice(entry.afterColon, sequence.start) + text.slice(sequence.tail, entry.end);
  }
  return text.slice(entry.start, sequence.start) + joinCollection(text, sequence, kept, generated, 'items') + text.slice(sequence.end, entry.end);
}

/**
 * The entries of a collection: the kept ones (as given: their text with the comments above them
 * or, in flow style, the comma before them) and the added ones, then what followed the last entry.
 */
function joinCollection(text: string, collection: CollectionText, kept: readonly string[], added: readonly string[], where: 'root' | 'items'): string {
  if (collection.flow) {
    // The first entry left has no comma before it (the white space and comments after it stay); every later one, kept or added, has one.
    const pieces = [...kept.map((entryText, index) => (index === 0 ? entryText.replace(/^\s*,/, '') : entryText)), ...added.map((entryText, index) => (kept.length + index > 0 ? `, ${entryText}` : entryText))];
    const tail = text.slice(collection.tail, collection.end);
    const prefix = text.slice(collection.start, collection.entries[0]?.content ?? collection.tail);
    return prefix + pieces.join('') + (pieces.length === 0 ? tail.replace(/^\s*,/, '') : tail);
  }
  const parts = [...kept];
  const tail = text.slice(collection.tail, collection.end);
  // The root's trailing comments stay above what we add there; an item list's stay below our items.
  if (where === 'root') parts.push(tail);
  for (const entryText of added) {
    if (!endsLine(parts)) parts.push('\n');
    parts.push(entryText);
  }
  if (where === 'items') parts.push(tail);
  return concatenated(parts);
}

/**
 * Whether the texts, one after another, are empty or end a line. Asked of the last text that is not
 * empty, not of all of them joined: a joined text would be copied whole to answer.
 */
function endsLine(texts: readonly string[]): boolean {
  for (let index = texts.length - 1; index >= 0; index--) {
    const text = texts[index]!;
    if (text !== '') return text.endsWith('\n');
  }
  return true;
}

/**
 * The texts one after another. Not `join('')`: that copies every text into a new string, which for
 * the root's entries is the whole answer (a quarter of a MiB with the Calico CRDs) once more; `+`
 * only links them, and the answer is copied once, when it is written.
 */
function concatenated(texts: readonly string[]): string {
  let text = '';
  for (const part of texts) text += part;
  return text;
}

/** A new root entry: `items` or `results`. */
function newEntry(key: 'items' | 'results', values: readonly object[], root: CollectionText): string {
  if (root.flow) return `${JSON.stringify(key)}: [${values.map((value) => toFlowYaml(value)).join(', ')}]`;
  const pad = ' '.repeat(root.column);
  if (values.length === 0) return `${pad}${key}: []\n`;
  return `${pad}${key}:\n${toYaml(values, root.column + 2)}`;
}

/** `items:` with no list (null, `[]`) given our generated items: the value replaced, the rest of its line kept. */
function emptyFilled(text: string, entry: RootEntryText, empty: Span, append: readonly object[], rootColumn: number): string {
  if (rootColumn < 0) {
    const space = text[empty.start - 1] === ':' ? ' ' : '';
    return `${text.slice(entry.start, empty.start)}${space}[${append.map((object) => toFlowYaml(object)).join(', ')}]${text.slice(empty.end, entry.end)}`;
  }
  const lineEnd = text.indexOf('\n', empty.end);
  const restOfLine = lineEnd === -1 || lineEnd >= entry.end ? `${text.slice(empty.end, entry.end)}\n` : text.slice(empty.end, lineEnd + 1);
  const after = lineEnd === -1 || lineEnd >= entry.end ? entry.end : lineEnd + 1;
  return text.slice(entry.start, empty.start).replace(/ +$/, '') + restOfLine.replace(/^ *(?=\r?\n)/, '') + toYaml(append, rootColumn + 2) + text.slice(after, entry.end);
}
