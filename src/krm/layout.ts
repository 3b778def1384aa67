// Where the parts of a ResourceList sit in its text: the root map's entries and the items'
// entries, each as a span of the input that the writer copies byte for byte or leaves out. Both
// readers (block-yaml.ts, and the yaml package in layout-document.ts) report where each entry's
// first line starts and where its content ends; which comment lines belong to which entry is
// decided here, once, for both.

/** A part of the text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/**
 * One entry of a collection. Block: from the end of the entry before it (so the comments above
 * it are its own) to its last line. Flow: from the end of the entry before it (the comma is its
 * own) to the end of its value.
 */
export interface EntryText extends Span {
  /** Where the entry itself starts: its key, dash or (flow) value. */
  content: number;
}

export interface CollectionText<Entry extends EntryText = EntryText> extends Span {
  flow: boolean;
  /** Block: the column of its keys or dashes. */
  column: number;
  entries: Entry[];
  /** Where what follows the last entry starts: comments that are not its own, or the closing bracket. */
  tail: number;
}

export interface RootEntryText extends EntryText {
  key: unknown;
  /** Right after the key's colon. */
  afterColon: number;
}

export interface ResourceListLayout {
  root: CollectionText<RootEntryText>;
  /** The items: a sequence, or the span of a value that holds none (null, `[]`). */
  items?: { sequence: CollectionText } | { empty: Span };
}

/** What a reader reports for each entry of a block collection. */
export interface BlockEntryPlace {
  /** Start of the line of its key or dash. */
  line: number;
  /** End of its last line of content, a line start or the end of the text. */
  contentEnd: number;
}

/**
 * The texts of a block collection's entries, over [regionStart, regionEnd). An entry owns the
 * lines from the end of the one before it to its last line of content, and the comment lines
 * after that which are indented deeper than `column` (`    # b: "2"` after an item's last line
 * is that item's, not the next one's); blank lines and comments at `column` or left of it that
 * follow go to the next entry, as its head, or after the last one to the collection's tail.
 */
export function blockCollection(text: string, column: number, places: readonly BlockEntryPlace[], regionStart: number, regionEnd: number): CollectionText {
  const entries: EntryText[] = [];
  let start = regionStart;
  places.forEach((place, index) => {
    const limit = places[index + 1]?.line ?? regionEnd;
    // A reader may count comments up to the next entry's dash as content (the yaml package does): never past it.
    const end = ownedEnd(text, Math.min(Math.max(place.contentEnd, start), limit), limit, column);
    entries.push({ start, content: place.line, end });
    start = end;
  });
  return { flow: false, column, entries, tail: start, start: regionStart, end: regionEnd };
}

function ownedEnd(text: string, from: number, limit: number, column: number): number {
  let end = from;
  for (let line = from; line < limit; ) {
    const newline = text.indexOf('\n', line);
    const next = newline === -1 || newline + 1 > limit ? limit : newline + 1;
    let at = line;
    while (text[at] === ' ' || text[at] === '\t') at += 1;
    const blank = at >= next || text[at] === '\n' || text[at] === '\r';
    if (!blank && (text[at] !== '#' || at - line > column)) end = next;
    line = next;
  }
  return end;
}

/** The start of the line that holds `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The start of the line after the one that holds the character before `offset` (or the text's end). */
export function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/**
 * Checks that the spans tile the text as the writer expects; a layout that does not (some valid
 * but exotic spelling no reader anticipated) would be copied wrong, so it is refused instead.
 */
export function isConsistent(layout: ResourceListLayout, length: number): boolean {
  const { root, items } = layout;
  const tiled = (collection: CollectionText<EntryText>) =>
    collection.start <= (collection.entries[0]?.content ?? collection.tail) &&
    collection.entries.every((entry, index) => entry.start <= entry.content && entry.content <= entry.end && entry.start === (index === 0 ? (collection.flow ? entry.content : collection.start) : collection.entries[index - 1]?.end)) &&
    (collection.entries.at(-1)?.end ?? collection.tail) === collection.tail &&
    collection.tail <= collection.end;
  if (!tiled(root) || root.end > length) return false;
  if (!items) return true;
  const owner = root.entries.find((entry) => entry.key === 'items');
  if (!owner) return false;
  const span = 'sequence' in items ? items.sequence : items.empty;
  return owner.afterColon <= span.start && span.end <= owner.end && (!('sequence' in items) || tiled(items.sequence));
}
