// Edits of items as yaml Document nodes: the annotations we set on input items, and the head
// comment kpt writes inside an item. Shared by the Document path of the KRM boundary and the text
// path, which re-prints through here the rare item whose shape its own edit does not cover.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { portableScalarTags } from './scalars.js';

export function setAnnotations(document: Document, item: YAMLMap, annotations: Record<string, string>): void {
  const existing = ownMap(document, ownMap(document, item, 'metadata'), 'annotations');
  for (const [key, value] of Object.entries(annotations)) existing.set(key, document.createNode(value));
}

/**
 * yaml reads `- # comment` as a comment on the item and would print it above the `-`, where
 * kpt's comment restoration no longer finds it and adds the original again. Put it on the first
 * key, which prints back as `- # comment`.
 */
export function keepHeadCommentInside(item: unknown): void {
  if (!isMap(item) || !item.commentBefore) return;
  const firstKey = item.items[0]?.key;
  if (!isScalar(firstKey) || firstKey.commentBefore) return;
  firstKey.commentBefore = item.commentBefore;
  item.commentBefore = undefined;
}

/**
 * One sequence entry's text (`- ...` at `column`), annotated and printed back by the yaml package
 * at the same column. The text is in the block subset, so it holds no anchors or aliases.
 */
export function reprintAnnotated(entryText: string, column: number, annotations: Record<string, string>): string {
  const document = parseDocument(entryText, { uniqueKeys: true, customTags: portableScalarTags });
  const item = isSeq(document.contents) ? document.contents.items[0] : undefined;
  if (!isMap(item)) throw new Error('unreachable: only map items are annotated');
  setAnnotations(document, item, annotations);
  // Block style for what we edited (`metadata: {}` stays flow otherwise), so the answer stays in
  // the block subset and a render of it takes the text path again.
  const metadata = item.get('metadata', true);
  if (isMap(metadata)) {
    metadata.flow = false;
    const edited = metadata.get('annotations', true);
    if (isMap(edited)) edited.flow = false;
  }
  keepHeadCommentInside(item);
  const printed = document.toString({ lineWidth: 0, flowCollectionPadding: false });
  // Indenting every line alike keeps the meaning, literal blocks included.
  return printed.replace(/^(?=.)/gm, ' '.repeat(column));
}

/**
 * The map under `key`, as the parent's own node: absent or null becomes an empty map, an alias a
 * copy of the map it points to, so the edit stays on this item. (The stages reject items whose
 * metadata or annotations are anything else before they ask for annotations.)
 */
function ownMap(document: Document, parent: YAMLMap, key: string): YAMLMap {
  const node = parent.get(key, true);
  if (isMap(node)) return node;
  const target = isAlias(node) ? node.resolve(document) : undefined;
  const map = isMap(target) ? (target.clone() as YAMLMap) : (document.createNode({}) as YAMLMap);
  map.anchor = undefined;
  parent.set(key, map);
  return map;
}
