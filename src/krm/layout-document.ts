// The layout of a ResourceList the yaml package read (anything outside the block subset): the
// spans of its root entries and items, from the nodes' source ranges, in the same terms as the
// block reader's (layout.ts), so that one writer copies both.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { afterLine, blockCollection, lineStart, type CollectionText, type EntryText, type ResourceListLayout, type RootEntryText } from './layout.js';

export class UnsupportedLayout extends Error {}

export function layoutOfDocument(text: string, document: Document, root: YAMLMap): ResourceListLayout {
  const rootLayout = root.flow ? flowMap(text, root) : blockMap(text, root, documentEnd(text, document));
  const itemsPair = root.items.find((pair) => keyOf(pair) === 'items');
  const itemsNode = itemsPair?.value;
  if (!itemsPair) return { root: rootLayout };
  if (isAlias(itemsNode)) throw new UnsupportedLayout(`ResourceList.items is the alias *${itemsNode.source}: give the items as a list of their own, so that each can be kept as it is`);
  const owner = rootLayout.entries.find((entry) => entry.key === 'items') as RootEntryText;
  if (isSeq(itemsNode) && itemsNode.items.length > 0) {
    return { root: rootLayout, items: { sequence: itemsNode.flow ? flowSeq(itemsNode) : blockSeq(text, itemsNode, afterLine(text, owner.afterColon), owner.end) } };
  }
  const range = (itemsNode as Node | null)?.range;
  return { root: rootLayout, items: { empty: range ? { start: range[0], end: range[1] } : { start: owner.afterColon, end: owner.afterColon } } };
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function rangeOf(node: unknown): [number, number, number] {
  const range = (node as Node | null)?.range;
  if (!range) throw new UnsupportedLayout('a node without a place in the text');
  return range;
}

/** Where the pair's content ends: its value, else its key. */
function pairEnd(pair: Pair): number {
  return rangeOf(pair.value ?? pair.key)[1];
}

function afterColonOf(text: string, pair: Pair): number {
  const colon = text.indexOf(':', rangeOf(pair.key)[1]);
  if (colon === -1) throw new UnsupportedLayout('a root key without its colon');
  return colon + 1;
}

function blockMap(text: string, map: YAMLMap, end: number): ResourceListLayout['root'] {
  const start = rangeOf(map)[0];
  const column = columnOf(text, start);
  const collection = blockCollection(
    text,
    column,
    map.items.map((pair) => ({ line: lineStart(text, rangeOf(pair.key)[0]), contentEnd: afterLine(text, pairEnd(pair)) })),
    start - column,
    end,
  );
  return { ...collection, entries: collection.entries.map((entry, index) => rootEntry(text, entry, map.items[index] as Pair)) };
}

function flowMap(text: string, map: YAMLMap): ResourceListLayout['root'] {
  const collection = flowCollection(map, map.items.map((pair) => ({ start: rangeOf(pair.key)[0], end: pairEnd(pair) })));
  return { ...collection, entries: collection.entries.map((entry, index) => rootEntry(text, entry, map.items[index] as Pair)) };
}

function rootEntry(text: string, entry: EntryText, pair: Pair): RootEntryText {
  return { ...entry, key: keyOf(pair), afterColon: afterColonOf(text, pair) };
}

function blockSeq(text: string, seq: YAMLSeq, regionStart: number, regionEnd: number): CollectionText {
  const column = columnOf(text, rangeOf(seq)[0]);
  const places = seq.items.map((item) => {
    const [start, end] = rangeOf(item);
    return { line: dashLine(text, start, column), contentEnd: afterLine(text, end) };
  });
  return blockCollection(text, column, places, regionStart, regionEnd);
}

function flowSeq(seq: YAMLSeq): CollectionText {
  return flowCollection(seq, seq.items.map((item) => ({ start: rangeOf(item)[0], end: rangeOf(item)[1] })));
}

/** A flow collection: each entry from the end of the one before it (its comma) to the end of its value. */
function flowCollection(node: YAMLMap | YAMLSeq, spans: readonly { start: number; end: number }[]): CollectionText {
  const [start, end] = rangeOf(node);
  const entries = spans.map((span, index) => ({ start: index === 0 ? span.start : (spans[index - 1] as { end: number }).end, content: span.start, end: span.end }));
  return { flow: true, column: -1, entries, tail: entries.at(-1)?.end ?? start + 1, start, end };
}

/** The line of the dash of the sequence entry whose value starts at `from`: it, or one above it with only comments between. */
function dashLine(text: string, from: number, column: number): number {
  for (let line = lineStart(text, from); ; line = lineStart(text, line - 1)) {
    if (text[line + column] === '-' && /^ *$/.test(text.slice(line, line + column))) return line;
    if (line === 0) throw new UnsupportedLayout('a sequence entry without its dash');
  }
}

function columnOf(text: string, offset: number): number {
  const start = lineStart(text, offset);
  if (!/^ *$/.test(text.slice(start, offset))) throw new UnsupportedLayout('a block collection that does not start its own line');
  return offset - start;
}

/** Where the document ends: at its `...` marker, else at the end of the text. */
function documentEnd(text: string, document: Document): number {
  const contentsEnd = rangeOf(document.contents)[1];
  const marker = /^\.\.\.(?=[ \t\r\n]|$)/m.exec(text.slice(contentsEnd));
  return marker ? contentsEnd + marker.index : text.length;
}
