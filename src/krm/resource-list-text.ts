// The answer to a ResourceList the block reader took (block-yaml.ts), written from the input's
// own text: the root entries and every kept item are copied byte for byte (comments, quoting,
// spelling), annotations are inserted as lines, and only what we generate (objects, results) is
// printed, by toYaml, at the column of the input's items.
import { annotateEntryText } from './annotate-text.js';
import type { BlockDocument, EntrySpan, RootEntry } from './block-yaml.js';
import { reprintAnnotated } from './document-edits.js';
import { toYaml } from './emit-yaml.js';
import type { ItemEdits } from './resource-list.js';
import type { Result } from './types.js';

/** The column of our items when the input has none to follow, as the yaml package would print them. */
const DEFAULT_ITEM_COLUMN = 2;

export function writeFromText(text: string, document: BlockDocument, edits: ItemEdits, results: readonly Result[]): string {
  const parts: string[] = [];
  const itemsEntry = document.entries.find((entry) => entry.key === 'items');
  for (const entry of document.entries) {
    if (entry === itemsEntry) parts.push(itemsText(text, entry, edits));
    else if (entry.key !== 'results') parts.push(text.slice(entry.start, entry.end));
  }
  if (!itemsEntry) parts.push(itemsText(text, undefined, edits));
  parts.push(text.slice(document.end));
  if (results.length > 0) parts.push('results:\n', toYaml(results, 2));
  return parts.join('');
}

function itemsText(text: string, entry: RootEntry | undefined, edits: ItemEdits): string {
  const sequence = entry?.sequence;
  const column = sequence?.column ?? DEFAULT_ITEM_COLUMN;
  const kept = (sequence?.entries ?? []).flatMap((item, index) => (edits.drop.has(index) ? [] : [itemText(text, item, column, edits.annotate.get(index))]));
  if (edits.append.length > 0) kept.push(toYaml(edits.append, column));
  if (kept.length === 0) return 'items: []\n';
  // The key line as it came (with the comments above it), when it heads a block sequence.
  const head = entry && sequence ? text.slice(entry.start, sequence.entries[0]?.start ?? entry.end) : 'items:\n';
  return head + kept.join('');
}

function itemText(text: string, item: EntrySpan, column: number, annotations: Record<string, string> | undefined): string {
  const original = text.slice(item.start, item.end);
  if (!annotations) return original;
  const object = item.value as Record<string, unknown>;
  return annotateEntryText(original, object, annotations) ?? reprintAnnotated(original, column, annotations);
}
