// The KRM boundary, on the `yaml` package: parse the ResourceList once, hand the stages plain
// values, and write the answer back into the same Document, so every item we do not own keeps
// its exact nodes: scalar styles, quoting, anchors and every annotation.
import { Document, isMap, isScalar, isSeq, parseAllDocuments, type YAMLMap, type YAMLSeq } from 'yaml';
import { toYaml } from './emit-yaml.js';
import { portableScalarTags } from './scalars.js';
import type { InputItem, Result } from './types.js';

export const RESOURCE_LIST = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' } as const;

/** Past this many alias expansions a document is treated as an alias bomb and rejected. */
const MAX_ALIAS_COUNT = 10_000;

export interface ParsedResourceList {
  document: Document;
  items: InputItem[];
  functionConfig?: Record<string, unknown>;
}

export class MalformedInputError extends Error {}

export function parseResourceList(text: string): ParsedResourceList {
  if (text.trim() === '') throw new MalformedInputError('empty input: expected a ResourceList (config.kubernetes.io/v1) on stdin');
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, customTags: portableScalarTags });
  if (!Array.isArray(documents)) throw new MalformedInputError('empty input: expected a ResourceList (config.kubernetes.io/v1) on stdin');
  if (documents.length !== 1) throw new MalformedInputError(`expected one YAML document holding a ResourceList, found ${documents.length}`);
  const document = documents[0] as Document;
  const problem = document.errors[0];
  if (problem) throw new MalformedInputError(`input is not valid YAML: ${problem.message}`);

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
  return { document, items: inputItems, functionConfig: functionConfig ?? undefined };
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
 * Writes the output ResourceList: edits applied to the input document, which prints the items
 * we keep exactly as they came; the generated objects and the results are printed by toYaml.
 */
export function writeResourceList(input: ParsedResourceList, edits: ItemEdits, results: readonly Result[]): string {
  const { document } = input;
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
    .replace(`  - ${GENERATED_ITEMS_MARK}\n`, () => toYaml(edits.append, 1))
    .replace(`results: ${RESULTS_MARK}\n`, () => `results:\n${toYaml(results, 1)}`);
}

/** The input as it came, with only the results added: what an error run answers. */
export function writeUnchanged(input: ParsedResourceList, results: readonly Result[]): string {
  return writeResourceList(input, { drop: new Set(), annotate: new Map(), append: [] }, results);
}

/**
 * yaml reads `- # comment` as a comment on the item and would print it above the `-`, where
 * kpt's comment restoration no longer finds it and adds the original again. Put it on the first
 * key, which prints back as `- # comment`.
 */
function keepHeadCommentInside(item: unknown): void {
  if (!isMap(item) || !item.commentBefore) return;
  const firstKey = item.items[0]?.key;
  if (!isScalar(firstKey) || firstKey.commentBefore) return;
  firstKey.commentBefore = item.commentBefore;
  item.commentBefore = undefined;
}

function setAnnotations(document: Document, item: YAMLMap, annotations: Record<string, string>): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (!item.hasIn(['metadata', 'annotations'])) item.setIn(['metadata', 'annotations'], document.createNode({}));
    item.setIn(['metadata', 'annotations', key], document.createNode(value));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

