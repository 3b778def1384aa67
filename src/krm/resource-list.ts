// The KRM boundary: parse the ResourceList once, hand the stages plain values, and write the
// answer so that every item we do not own comes back exactly as it came. Two readers, one writer:
// - the block-style YAML that kpt and kubectl write is read by our own reader (block-yaml.ts),
//   about 50 times faster than the yaml package;
// - anything else (flow collections, anchors, tags, CRLF, errors) by the `yaml` package.
// Both report where each root entry and item sits in the text (layout.ts); the answer is spliced
// from those spans (splice.ts), so what we do not own is copied, never printed.
import { isAscii } from 'node:buffer';
import { isCollection, isMap, isPair, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { MAX_NESTING_DEPTH, parseYamlDocuments } from './yaml-documents.js';
import { firstNonUtf8Line } from './utf8.js';
import { annotateEntryText } from './annotate-text.js';
import { annotateEntryByNodes, annotationEdits, applyEdits, SharedNodeConflict } from './annotate-node.js';
import { heapBudget } from './heap.js';
import { InputTooLarge, MAX_ITEMS, readBlockDocument, type BlockDocument } from './block-yaml.js';
import { afterLine, blockCollection, isConsistent, type EntryText, type ResourceListLayout, type RootEntryText } from './layout.js';
import { layoutOfDocument, UnsupportedLayout } from './layout-document.js';
import { spliceResourceList } from './splice.js';
import { portableScalarTags } from './scalars.js';
import type { InputItem, Result } from './types.js';
import { isRecord } from '../plain-data.js';

export const RESOURCE_LIST = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' } as const;

/** Past this many alias expansions a document is treated as an alias bomb and rejected. */
const MAX_ALIAS_COUNT = 10_000;

/**
 * Larger input is refused before parsing. On the text path a render takes about 50 ms and 10 MB of
 * memory per MiB (`kubectl get nodes -o yaml` of 5,000 nodes: 25 MiB, 1.3 s, 250 MB); a
 * NodeConditionSnapshot takes ~200 bytes a node.
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Larger input that only the yaml package can read is refused: it costs about 1 s and 100 MB of
 * memory per MiB of Node objects and up to 3.5 s and 330 MB per MiB of tiny items (measured with
 * scripts/measure-memory.mjs, docs/guarantees.md).
 */
export const MAX_DOCUMENT_INPUT_BYTES = 8 * 1024 * 1024;


export interface ParsedResourceList {
  items: InputItem[];
  functionConfig?: Record<string, unknown>;
  /** What the answer is spliced from: the input's text, where its parts are and, when the yaml package read it, its nodes. */
  source: { text: string; layout: ResourceListLayout; document?: Document };
}

export class MalformedInputError extends Error {}

/** The answer cannot be written without changing an item we do not own: an error result, and the input back unchanged. */
export class SpliceConflict extends Error {}

const FOR_LARGE_CLUSTERS = 'for large clusters give the node conditions as a NodeConditionSnapshot ("networking-calico-fn snapshot") instead of Node objects';

/** The ResourceList as text, or as the bytes read from stdin: those are checked before they are decoded. */
export function parseResourceList(input: string | Buffer): ParsedResourceList {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes > MAX_INPUT_BYTES) {
    throw new MalformedInputError(`input is at least ${mebibytes(bytes)} MiB, more than the ${mebibytes(MAX_INPUT_BYTES)} MiB this function reads; ${FOR_LARGE_CLUSTERS}`);
  }
  refuseBeyondHeap(input, bytes);
  const nonUtf8Line = typeof input === 'string' ? undefined : firstNonUtf8Line(input);
  if (nonUtf8Line !== undefined) {
    throw new MalformedInputError(`input is not UTF-8 at line ${nonUtf8Line}: YAML is read as UTF-8, as kpt and kubectl read it; re-encode the file it comes from (e.g. iconv -f latin1 -t utf-8)`);
  }
  // A byte order mark may open a YAML stream; it is no part of the ResourceList we answer with.
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  let fromText;
  try {
    fromText = readFromText(text);
  } catch (error) {
    if (error instanceof InputTooLarge) throw new MalformedInputError(`input is refused: ${error.message}; ${FOR_LARGE_CLUSTERS}`);
    throw error;
  }
  if (fromText) return fromText;
  if (bytes > MAX_DOCUMENT_INPUT_BYTES) {
    throw new MalformedInputError(`input is ${mebibytes(bytes)} MiB: above ${mebibytes(MAX_DOCUMENT_INPUT_BYTES)} MiB this function reads only the block-style YAML that kpt and kubectl write (no flow collections, anchors, tags or multi-line plain scalars); ${FOR_LARGE_CLUSTERS}`);
  }
  const needed = documentPathMemory(text);
  const heapLimit = heapBudget();
  if (needed > heapLimit) {
    throw new MalformedInputError(`input is ${mebibytes(bytes)} MiB that only the yaml package reads (flow collections, anchors, tags): that needs about ${mebibytes(needed)} MiB of memory, more than the ${mebibytes(heapLimit)} MiB heap of this process; write it in block style, or raise the heap (NODE_OPTIONS=--max-old-space-size=...)`);
  }
  try {
    return readDocument(text);
  } catch (error) {
    // The yaml package recurses per level of nesting, in places before our depth check can run.
    if (error instanceof RangeError) throw new MalformedInputError(`input is nested too deeply to read (more than ${MAX_NESTING_DEPTH} levels, which no Kubernetes object needs)`);
    throw error;
  }
}

/**
 * The text path, for a well-formed ResourceList in the block subset; undefined for anything else,
 * which the Document path reads and reports on, with the yaml package's messages.
 */
function readFromText(text: string): ParsedResourceList | undefined {
  const block = readBlockDocument(text, 'items');
  if (!block) return undefined;
  const valueOf = (key: string) => block.entries.find((entry) => entry.key === key)?.value;
  const items = valueOf('items') ?? [];
  const functionConfig = valueOf('functionConfig') ?? undefined;
  if (valueOf('kind') !== RESOURCE_LIST.kind || !Array.isArray(items) || !items.every(isRecord)) return undefined;
  if (functionConfig !== undefined && !isRecord(functionConfig)) return undefined;
  const layout = layoutOfBlock(text, block);
  if (!isConsistent(layout, text.length)) return undefined;
  return { items: items.map((object, index) => ({ index, object })), functionConfig, source: { text, layout } };
}

function layoutOfBlock(text: string, block: BlockDocument): ResourceListLayout {
  const places = (entries: readonly { line: number; end: number }[]) => entries.map((entry) => ({ line: entry.line, contentEnd: entry.end }));
  const collection = blockCollection(text, 0, places(block.entries), block.entries[0]?.line ?? 0, text.length);
  const entries: RootEntryText[] = collection.entries.map((entry, index) => {
    const { key, afterColon } = block.entries[index] as BlockDocument['entries'][number];
    return { ...entry, key, afterColon };
  });
  const root = { ...collection, entries };
  const index = block.entries.findIndex((entry) => entry.key === 'items');
  const owner = entries[index];
  if (!owner) return { root };
  const sequence = block.entries[index]?.sequence;
  if (sequence) return { root, items: { sequence: blockCollection(text, sequence.column, places(sequence.entries), afterLine(text, owner.afterColon), owner.end) } };
  return { root, items: { empty: valueOnKeyLine(text, owner.afterColon) } };
}

/** The one-line value (`[]`, `~`, nothing) after a key's colon, without the comment after it. */
function valueOnKeyLine(text: string, afterColon: number): { start: number; end: number } {
  let start = afterColon;
  while (text[start] === ' ') start += 1;
  let end = start;
  while (end < text.length && text[end] !== '\n' && !(text[end] === '#' && text[end - 1] === ' ')) end += 1;
  while (end > start && text[end - 1] === ' ') end -= 1;
  return { start, end };
}

const EMPTY_INPUT = 'empty input: expected a ResourceList (config.kubernetes.io/v1) on stdin, as kpt sends it (networking-calico-fn help lists the other commands)';

function readDocument(text: string): ParsedResourceList {
  if (text.trim() === '') throw new MalformedInputError(EMPTY_INPUT);
  const documents = parseYamlDocuments(text, { prettyErrors: true, customTags: portableScalarTags });
  if (!Array.isArray(documents)) throw new MalformedInputError(EMPTY_INPUT);
  if (documents.length !== 1) throw new MalformedInputError(`expected one YAML document holding a ResourceList, found ${documents.length}`);
  const document = documents[0] as Document;
  const problem = document.errors[0];
  if (problem) throw new MalformedInputError(`input is not valid YAML: ${problem.message}`);
  if (nestedDeeperThan(document.contents, MAX_NESTING_DEPTH)) {
    throw new MalformedInputError(`input is nested more than ${MAX_NESTING_DEPTH} levels deep, which no Kubernetes object needs`);
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new MalformedInputError(`input cannot be read: ${(error as Error).message}`);
  }
  if (!isRecord(value) || value.kind !== RESOURCE_LIST.kind || !isMap(document.contents)) {
    throw new MalformedInputError('input is not a ResourceList: expected a map with kind: ResourceList and an items list');
  }
  const items = value.items ?? [];
  if (!Array.isArray(items)) throw new MalformedInputError('ResourceList.items must be a list');
  refuseTooManyItems(items.length);
  const inputItems: InputItem[] = items.map((item, index) => {
    if (!isRecord(item)) throw new MalformedInputError(`ResourceList.items[${index}] is not a map: every item must be a Kubernetes object`);
    return { index, object: item };
  });
  const functionConfig = value.functionConfig;
  if (functionConfig !== undefined && functionConfig !== null && !isRecord(functionConfig)) {
    throw new MalformedInputError('ResourceList.functionConfig must be a map');
  }
  let layout: ResourceListLayout;
  try {
    layout = layoutOfDocument(text, document, document.contents);
  } catch (error) {
    if (error instanceof UnsupportedLayout) throw new MalformedInputError(`the ResourceList cannot be copied exactly: ${error.message}`);
    throw error;
  }
  if (!isConsistent(layout, text.length)) throw new MalformedInputError('the ResourceList cannot be copied exactly: its entries are laid out in a way this function does not read');
  return { items: inputItems, functionConfig: functionConfig ?? undefined, source: { text, layout, document } };
}

/**
 * Smaller input is not checked against the heap, so that a render of a few KB never loads node:v8
 * (heap.ts): below it the estimate (renderMemory) stays under about 18 MiB even at one item every
 * 7 bytes, which renders under a 16 MiB heap (measured), and the block reader still looks at the
 * heap every 65,536 lines.
 */
const HEAP_CHECK_BYTES = 256 * 1024;

/**
 * Input whose render would not fit in the heap is refused before it is decoded and read, instead
 * of V8 aborting the process halfway ("Reached heap limit", exit 134, no result).
 */
function refuseBeyondHeap(input: string | Buffer, bytes: number): void {
  if (bytes < HEAP_CHECK_BYTES) return;
  const { needed, lines } = renderMemory(input);
  const budget = heapBudget();
  if (needed > budget) {
    throw new MalformedInputError(`input is refused: ${mebibytes(bytes)} MiB in ${lines.toLocaleString('en')} lines needs about ${mebibytes(needed)} MiB of memory to read and answer, more than this process may use (a heap of ${mebibytes(budget)} MiB); raise the heap (NODE_OPTIONS=--max-old-space-size=...), or ${FOR_LARGE_CLUSTERS}`);
  }
}

/**
 * An estimate of the heap a render of the input takes at least, on the block reader's path: a
 * base (the function's own objects), the text three times over (as read, as answered, the strings
 * in between) at 1 byte a character, 2 when a character is beyond Latin-1 (in bytes read: beyond
 * ASCII), 48 bytes a line (the value and the span each line of block YAML makes) and 200 more a
 * line that opens a sequence entry at column 0 or 2, where kpt, kubectl and the yaml package put
 * the items (each item is classified, and one without a kind gets a result of its own). Fitted
 * above the smallest --max-old-space-size that renders each of twelve inputs
 * (docs/guarantees.md). The yaml package's path takes far more (documentPathMemory), checked once
 * the text needs it.
 */
function renderMemory(input: string | Buffer): { needed: number; lines: number } {
  const codeAt = typeof input === 'string' ? (index: number) => input.charCodeAt(index) : (index: number) => input[index] ?? 0;
  const isEntry = (at: number) => codeAt(at) === DASH && codeAt(at + 1) === SPACE;
  let lines = 0;
  let entries = isEntry(0) ? 1 : 0;
  const newline = typeof input === 'string' ? (from: number) => input.indexOf('\n', from) : (from: number) => input.indexOf(NEWLINE, from);
  for (let at = newline(0); at !== -1; at = newline(at + 1)) {
    lines++;
    if (isEntry(at + 1) || (codeAt(at + 1) === SPACE && codeAt(at + 2) === SPACE && isEntry(at + 3))) entries++;
  }
  const bytesPerCharacter = typeof input === 'string' ? (/[^\u0000-\u00ff]/.test(input) ? 2 : 1) : isAscii(input) ? 1 : 2;
  return { needed: 8 * 1024 * 1024 + 3 * bytesPerCharacter * input.length + 48 * lines + 200 * entries, lines };
}

const NEWLINE = 10;
const SPACE = 32;
const DASH = 45;

/** More items than the block reader takes (MAX_ITEMS) are refused on every path, with one message. */
export function refuseTooManyItems(count: number): void {
  if (count > MAX_ITEMS) throw new MalformedInputError(`input is refused: it holds more than ${MAX_ITEMS.toLocaleString('en')} items; ${FOR_LARGE_CLUSTERS}`);
}

export interface ItemEdits {
  /** Input item indexes to leave out of the output. */
  drop: ReadonlySet<number>;
  /** Annotations to set on input items (e.g. local-config on snapshots), by input index. */
  annotate: ReadonlyMap<number, Record<string, string>>;
  /** New objects appended after the kept input items. */
  append: readonly object[];
}

/**
 * Writes the output ResourceList: the root entries and the items we keep exactly as they came,
 * with our annotations inserted, then the generated objects and the results. Throws
 * SpliceConflict when that would change an item we keep (an alias into an item we drop, a map
 * shared through an anchor).
 */
export function writeResourceList(input: ParsedResourceList, edits: ItemEdits, results: readonly Result[]): string {
  const { text, layout, document } = input.source;
  const sequence = layout.items && 'sequence' in layout.items ? layout.items.sequence : undefined;
  if (document && sequence && edits.drop.size > 0) guardDroppedAnchors(document, sequence.entries, edits.drop);
  const itemNodes = document ? ((document.contents as YAMLMap).get('items', true) as { items?: Node[] } | undefined)?.items : undefined;
  const rewrite = (index: number, entry: EntryText): string | undefined => {
    const annotations = edits.annotate.get(index);
    if (!annotations) return undefined;
    try {
      const node = itemNodes?.[index];
      if (document && node) return applyEdits(text, annotationEdits(text, document, node, annotations), entry.start, entry.end);
      const entryText = text.slice(entry.start, entry.end);
      return annotateEntryText(entryText, input.items[index]?.object ?? {}, annotations) ?? annotateEntryByNodes(entryText, annotations);
    } catch (error) {
      if (error instanceof SharedNodeConflict) throw new SpliceConflict(`items[${index}] cannot be annotated ${Object.keys(annotations).join(', ')} without changing another item: ${error.message}; give it metadata of its own`);
      throw error;
    }
  };
  return spliceResourceList(text, layout, { drop: edits.drop, rewrite, append: edits.append, results });
}

/** The input as it came, with only the results added: what an error run answers. */
export function writeUnchanged(input: ParsedResourceList, results: readonly Result[]): string {
  return writeResourceList(input, { drop: new Set(), annotate: new Map(), append: [] }, results);
}

/** An alias in a part we keep must not point into an item we leave out: it would point to nothing. */
function guardDroppedAnchors(document: Document, entries: readonly EntryText[], drop: ReadonlySet<number>): void {
  const dropped = [...drop].flatMap((index) => (entries[index] ? [{ index, span: entries[index] }] : []));
  const droppedAt = (offset: number) => dropped.find(({ span }) => offset >= span.start && offset < span.end);
  visit(document, {
    Alias(_, alias) {
      const target = alias.resolve(document);
      const holder = target?.range ? droppedAt(target.range[0]) : undefined;
      if (holder && alias.range && !droppedAt(alias.range[0])) {
        throw new SpliceConflict(`items[${holder.index}] is replaced by this render, but the anchor &${alias.source} in it is used elsewhere (*${alias.source}): give that part a copy of its own instead of the alias`);
      }
    },
  });
}

/**
 * An upper estimate of the peak memory of the Document path, in bytes: a base, a share per byte
 * (the text, held several times over) and a share per structural character (`:`, `,`, `-`,
 * brackets, newlines: each opens tokens and nodes). Fitted to measured peaks (resident set size,
 * scripts/measure-memory.mjs): 4 MiB of `- {a: b}` items (1,342 MB) and of kubectl Node objects
 * in flow style (394 MB).
 */
function documentPathMemory(text: string): number {
  let structural = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 10 || char === 44 || char === 45 || char === 58 || char === 91 || char === 93 || char === 123 || char === 125) structural++;
  }
  return 50 * 1024 * 1024 + 35 * text.length + 500 * structural;
}

/** Iterative, so that the check itself cannot overflow the stack. */
function nestedDeeperThan(root: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (!isCollection(node)) continue;
    if (depth >= limit) return true;
    for (const entry of node.items) {
      if (isPair(entry)) pending.push([entry.key, depth + 1], [entry.value, depth + 1]);
      else pending.push([entry, depth + 1]);
    }
  }
  return false;
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}


