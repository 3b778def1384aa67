// YAML documents read with the yaml package, with two of its answers mended. A document nested
// so deeply that the package's recursion overflows the stack says so, where the package reports
// "Maximum call stack size exceeded". And its check that a map's keys are unique is done in one
// pass: the package's own (`uniqueKeys: true`) compares each key with every earlier key
// of its map: one map of 40,000 keys, 0.7 MiB, took 10 s. So each document is parsed without it,
// and the first duplicate key of each document is added to its errors, where the package puts it
// and as it judges it: scalar keys equal by value (`1` and "1" differ, as in the core schema),
// other keys never.
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, YAMLParseError, type Document, type DocumentOptions, type EmptyStream, type ParseOptions, type SchemaOptions } from 'yaml';

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * Deeper documents are refused: printing one back would overflow the stack near 1,000 levels, and
 * no Kubernetes object comes close (CRD schemas, the deepest, stay well under 100).
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * Unique keys checked here; and no warnings on stderr: the package warns there when it turns a
 * collection key into a string, outside the answer and the results a user reads.
 */
const MENDED = { uniqueKeys: false, logLevel: 'error' } as const;

export function parseYamlDocuments(text: string, options: Options): Document.Parsed[] | EmptyStream {
  const documents = parseAllDocuments(text, { ...options, ...MENDED });
  if (Array.isArray(documents)) for (const document of documents) mend(document, text);
  return documents;
}

export function parseYamlDocument(text: string, options: Options): Document.Parsed {
  const document = parseDocument(text, { ...options, ...MENDED });
  mend(document, text);
  return document;
}

function mend(document: Document.Parsed, text: string): void {
  for (const error of document.errors) {
    error.message = error.message.replace(/^Maximum call stack size exceeded/, `nested too deeply to read (far more than the ${MAX_NESTING_DEPTH} levels any Kubernetes object stays within)`);
  }
  addDuplicateKeyError(document, text);
}

function addDuplicateKeyError(document: Document.Parsed, text: string): void {
  const duplicate = firstDuplicateKey(document.contents);
  if (!duplicate) return;
  const start = duplicate.range?.[0] ?? 0;
  const error = new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', `Map keys must be unique: ${JSON.stringify(String(duplicate.value))} is given twice (${position(text, start)})`);
  const before = document.errors.findIndex((other) => other.pos[0] > start);
  document.errors.splice(before < 0 ? document.errors.length : before, 0, error);
}

/** The first key, in document order, equal to an earlier key of its map; a loop, not recursion, for deep input. */
function firstDuplicateKey(root: unknown): { value: unknown; range?: readonly number[] | null } | undefined {
  const pending: unknown[] = [root];
  let first: { value: unknown; range?: readonly number[] | null } | undefined;
  while (pending.length > 0) {
    const node = pending.pop();
    if (isPair(node)) {
      pending.push(node.value, node.key);
      continue;
    }
    if (isSeq(node)) {
      for (const item of [...node.items].reverse()) pending.push(item);
      continue;
    }
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const { key } of node.items) {
        if (!isScalar(key) || Number.isNaN(key.value)) continue;
        if (seen.has(key.value)) {
          if (!first || (key.range?.[0] ?? 0) < (first.range?.[0] ?? 0)) first = key;
          break;
        }
        seen.add(key.value);
      }
      for (const item of [...node.items].reverse()) pending.push(item);
    }
  }
  return first;
}

function position(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
