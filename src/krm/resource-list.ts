// The KRM boundary: parse the ResourceList once, hand the stages plain values, and write the
// answer so that every item we do not own comes back exactly as it came. Two paths, one result:
// - text: the block-style YAML that kpt and kubectl write is read by our own reader
//   (block-yaml.ts), about 50 times faster than the yaml package, and the answer is written from
//   the input's text (resource-list-text.ts);
// - Document: anything else (flow collections, anchors, tags, errors) is read by the `yaml`
//   package and the answer written back into the same Document, node for node.
import { Document, isCollection, isMap, isPair, isSeq, parseAllDocuments, type YAMLSeq } from 'yaml';
import { readBlockDocument, type BlockDocument } from './block-yaml.js';
import { keepHeadCommentInside, setAnnotations } from './document-edits.js';
import { toYaml } from './emit-yaml.js';
import { writeFromText } from './resource-list-text.js';
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
 * Larger input that only the yaml package can read is refused: it costs about 1 s and 60 MB of
 * memory per MB of Node objects and up to 4 s and 130 MB per MB of tiny items.
 */
export const MAX_DOCUMENT_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * Deeper documents are refused: printing one back would overflow the stack near 1,000 levels, and
 * no Kubernetes object comes close (CRD schemas, the deepest, stay well under 100).
 */
export const MAX_NESTING_DEPTH = 256;

export interface ParsedResourceList {
  items: InputItem[];
  functionConfig?: Record<string, unknown>;
  /** What the answer is written from. */
  source: { text: string; block: BlockDocument } | { document: Document };
}

export class MalformedInputError extends Error {}

const FOR_LARGE_CLUSTERS = 'for large clusters give the node conditions as a NodeConditionSnapshot ("networking-calico-fn snapshot") instead of Node objects';

export function parseResourceList(text: string): ParsedResourceList {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_INPUT_BYTES) {
    throw new MalformedInputError(`input is at least ${mebibytes(bytes)} MiB, more than the ${mebibytes(MAX_INPUT_BYTES)} MiB this function reads; ${FOR_LARGE_CLUSTERS}`);
  }
  const fromText = readFromText(text);
  if (fromText) return fromText;
  if (bytes > MAX_DOCUMENT_INPUT_BYTES) {
    throw new MalformedInputError(`input is ${mebibytes(bytes)} MiB: above ${mebibytes(MAX_DOCUMENT_INPUT_BYTES)} MiB this function reads only the block-style YAML that kpt and kubectl write (no flow collections, anchors, tags or multi-line plain scalars); ${FOR_LARGE_CLUSTERS}`);
  }
  return readDocument(text);
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
  return { items: items.map((object, index) => ({ index, object })), functionConfig, source: { text, block } };
}

function readDocument(text: string): ParsedResourceList {
  if (text.trim() === '') throw new MalformedInputError('empty input: expected a ResourceList (config.kubernetes.io/v1) on stdin');
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, customTags: portableScalarTags });
  if (!Array.isArray(documents)) throw new MalformedInputError('empty input: expected a ResourceList (config.kubernetes.io/v1) on stdin');
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
  if (!isRecord(value) || value.kind !== RESOURCE_LIST.kind) {
    throw new MalformedInputError('input is not a ResourceList: expected a map with kind: ResourceList and an items list');
  }
  const items = value.items ?? [];
  if (!Array.isArray(items)) throw new MalformedInputError('ResourceList.items must be a list');
  const inputItems: InputItem[] = items.map((item, index) => {
    if (!isRecord(item)) throw new MalformedInputError(`ResourceList.items[${index}] is not a map: every item must be a Kubernetes object`);
    return { index, object: item };
  });
  const functionConfig = value.functionConfig;
  if (functionConfig !== undefined && functionConfig !== null && !isRecord(functionConfig)) {
    throw new MalformedInputError('ResourceList.functionConfig must be a map');
  }
  return { items: inputItems, functionConfig: functionConfig ?? undefined, source: { document } };
}

export interface ItemEdits {
  /** Input item indexes to leave out of the output. */
  drop: ReadonlySet<number>;
  /** Annotations to set on input items (e.g. local-config on snapshots), by input index. */
  annotate: ReadonlyMap<number, Record<string, string>>;
  /** New objects appended after the kept input items. */
  append: readonly object[];
}

/** Stand-ins that the printed document carries where our own printer's text goes. */
const GENERATED_ITEMS_MARK = '__networking_calico_fn_generated_items__';
const RESULTS_MARK = '__networking_calico_fn_results__';

/**
 * Writes the output ResourceList: the items we keep exactly as they came, with the edits, then the
 * generated objects and the results, printed by toYaml.
 */
export function writeResourceList(input: ParsedResourceList, edits: ItemEdits, results: readonly Result[]): string {
  const { source } = input;
  return 'text' in source ? writeFromText(source.text, source.block, edits, results) : writeIntoDocument(source.document, edits, results);
}

/** The input as it came, with only the results added: what an error run answers. */
export function writeUnchanged(input: ParsedResourceList, results: readonly Result[]): string {
  return writeResourceList(input, { drop: new Set(), annotate: new Map(), append: [] }, results);
}

/** The Document path: the edits applied to the input document, which prints the items we keep. */
function writeIntoDocument(document: Document, edits: ItemEdits, results: readonly Result[]): string {
  const root = document.contents;
  if (!isMap(root)) throw new Error('unreachable: parseResourceList accepted a non-map document');
  let itemsNode = root.get('items', true) as YAMLSeq | undefined;
  if (!isSeq(itemsNode)) {
    itemsNode = document.createNode([]) as YAMLSeq;
    root.set('items', itemsNode);
  }
  for (const [index, annotations] of edits.annotate) {
    const item = itemsNode.items[index];
    if (isMap(item)) setAnnotations(document, item, annotations);
  }
  itemsNode.items = itemsNode.items.filter((_, index) => !edits.drop.has(index));
  for (const item of itemsNode.items) keepHeadCommentInside(item);
  // Block style, so the generated items can follow as `  - ...` lines.
  itemsNode.flow = false;
  if (edits.append.length > 0) itemsNode.items.push(document.createNode(GENERATED_ITEMS_MARK));
  root.delete('results');
  if (results.length > 0) root.set('results', RESULTS_MARK);

  return document
    .toString({ lineWidth: 0, flowCollectionPadding: false })
    .replace(`  - ${GENERATED_ITEMS_MARK}\n`, () => toYaml(edits.append, 2))
    .replace(`results: ${RESULTS_MARK}\n`, () => `results:\n${toYaml(results, 2)}`);
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


