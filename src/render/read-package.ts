// Reads a package directory much as kpt does, into objects that keep their YAML nodes: every
// `*.yaml`, `*.yml` and `*.json` file below it except what `.krmignore` lists, each document one
// object, a `v1` `List` unwrapped into its items. Hidden entries (`.git`, `.github`) and symbolic
// links are skipped: they are never package content. Files are parsed with the failsafe schema
// (every scalar a string that remembers its style), so each value is passed on exactly as written;
// that holds for tags too: the yaml package would turn `!!timestamp`, `!!binary`, `!!set`,
// `!!omap`, `!!pairs` and `!!merge` into dates, bytes and sets even there (resolveKnownTags), which
// a failsafe document cannot print; left unresolved, each stays its string or collection with its
// tag, printed as written, and read as kpt would hand it over by the function's own reader.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { isMap, isScalar, isSeq, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { parseYamlDocuments } from '../krm/yaml-documents.js';
import { firstNonUtf8Line } from '../krm/utf8.js';
import { MAX_INPUT_BYTES } from '../krm/resource-list.js';
import { RenderFailure } from './failure.js';
import { isIgnored, parseIgnoreFile, type IgnoreRule } from './krmignore.js';
import { unlessMissing } from '../cli/unless-missing.js';
import { compareCodeUnits } from '../plain-data.js';
import { fileErrorInWords, statInputFile } from '../cli/input-file.js';

export interface SourceObject {
  /** The file it came from, as the user named it (for messages). */
  file: string;
  node: YAMLMap;
  /** The plain value; every scalar is a string (failsafe schema). */
  object: Record<string, unknown>;
  /**
   * The object's own text in its file, when it is a whole document (not a List's item, no alias
   * into another object): what the output copies when the object comes back unchanged.
   */
  text?: string;
  /** Set when it is an item of a `v1` `List` in its file. */
  listItem?: true;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;
const IGNORE_FILE = '.krmignore';
/** Past this many alias expansions a document is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 10_000;

export interface PackageLocation {
  /** Absolute path of the package directory. */
  directory: string;
  /** How messages name it: the directory as the user gave it. */
  shownAs: string;
  /** Absolute paths (files or directories) below it that are not package content. */
  skip?: readonly string[];
}

export async function readPackage({ directory, shownAs, skip = [] }: PackageLocation): Promise<SourceObject[]> {
  const skipped = new Set(skip.map((path) => resolve(path)));
  const files: string[] = [];
  const walk = async (relativeDir: string, inherited: readonly IgnoreRule[]): Promise<void> => {
    const absoluteDir = join(directory, relativeDir);
    const entries = await listDirectory(absoluteDir);
    const rules = [...inherited, ...(await readIgnoreRules(absoluteDir, relativeDir))];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      const absolute = resolve(absoluteDir, entry.name);
      if (skipped.has(absolute)) continue;
      if (entry.isDirectory()) {
        if (!isIgnored(rules, path, true)) await walk(path, rules);
      } else if (entry.isFile() && MANIFEST_FILE.test(entry.name) && !isIgnored(rules, path, false)) {
        files.push(path);
      }
    }
  };
  await walk('', []);
  // Sizes first: a package beyond the limit is refused before any of it is read.
  let total = 0;
  for (const path of files) {
    total += await sizeWithinLimit(join(directory, path), posix.join(shownAs, path));
    if (total > MAX_INPUT_BYTES) throw new RenderFailure(`the package's files hold more than ${mebibytes(MAX_INPUT_BYTES)} MiB together (at ${posix.join(shownAs, path)}), more than the function reads; list files that are not part of the package in ${IGNORE_FILE}`);
  }
  const objects: SourceObject[] = [];
  for (const path of files) {
    for (const object of await readObjectsFile(join(directory, path), posix.join(shownAs, path))) objects.push(object);
  }
  return objects;
}

/** The file's size in bytes, after checking it against the input limit (and that it is no device). */
async function sizeWithinLimit(path: string, file: string): Promise<number> {
  let size: number;
  try {
    size = (await statInputFile(path)).size;
  } catch (error) {
    throw new RenderFailure(`cannot read ${file}: ${fileErrorInWords(error)}`);
  }
  if (size > MAX_INPUT_BYTES) throw new RenderFailure(`${file} is ${mebibytes(size)} MiB, more than the ${mebibytes(MAX_INPUT_BYTES)} MiB the function reads`);
  return size;
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}

/** Every object of one file (multi-document, `v1` `List`s unwrapped); `file` names it in messages. */
export async function readObjectsFile(path: string, file: string): Promise<SourceObject[]> {
  await sizeWithinLimit(path, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new RenderFailure(`cannot read ${file}: ${fileErrorInWords(error)}`);
  }
  const nonUtf8Line = firstNonUtf8Line(bytes);
  if (nonUtf8Line !== undefined) {
    throw new RenderFailure(`${file} is not UTF-8 at line ${nonUtf8Line}: YAML is read as UTF-8, and kpt refuses the file too; re-encode it (e.g. iconv -f latin1 -t utf-8)`);
  }
  const text = bytes.toString('utf8');
  const documents = parseYamlDocuments(text, { schema: 'failsafe', resolveKnownTags: false, prettyErrors: true });
  if (!Array.isArray(documents)) return [];
  const objects: SourceObject[] = [];
  let documentStart = 0;
  documents.forEach((document, index) => {
    const where = documents.length > 1 ? `${file}, document ${index + 1}` : file;
    for (const object of objectsOfDocument(document, where, file, () => documentText(text, documentStart, document))) objects.push(object);
    documentStart = document.range[2];
  });
  return objects;
}

/**
 * The text of a document that holds one object: from the end of the document before it (its own
 * head comments included, the `---` line not) to its end (without a `...` line). Undefined where
 * the document's text holds more than the object (directives, content on the `---` line).
 */
function documentText(text: string, from: number, document: Document.Parsed): string | undefined {
  let start = from;
  if (text.charCodeAt(start) === 0xfeff) start += 1;
  const marker = /^---(?:[ \t]+(?:#[^\n]*)?)?\r?\n/.exec(text.slice(start, start + 4096));
  if (marker) start += marker[0].length;
  else if (text.startsWith('---', start)) return undefined;
  const own = text.slice(start, document.range[2]).replace(/^\.\.\.[ \t]*(?:#[^\n]*)?\r?\n?$/m, '');
  if (own.startsWith('%') || /^---/m.test(own)) return undefined;
  return own.endsWith('\n') ? own : `${own}\n`;
}

/** `textOf` gives the document's text, for an object that is the whole document. */
function objectsOfDocument(document: Document.Parsed, where: string, file: string, textOf: () => string | undefined): SourceObject[] {
  const problem = document.errors[0];
  if (problem) throw new RenderFailure(`${where} is not valid YAML: ${problem.message}`);
  // An empty document (`---` with nothing but comments after it) holds no object, as kpt and kubectl read it.
  if (document.contents === null || (isScalar(document.contents) && document.contents.range?.[0] === document.contents.range?.[1])) return [];
  const object = objectOf(document.contents, document, where, file);
  // Its aliases, if any, point into the document itself: the text stands on its own.
  if (object.object.apiVersion !== 'v1' || object.object.kind !== 'List') return [{ ...object, text: textOf() }];
  const items = object.node.get('items', true);
  if (items === undefined) return [];
  if (!isSeq(items)) throw new RenderFailure(`${where}: the items of a v1 List must be a list of Kubernetes objects`);
  return items.items.map((item, index) => ({ ...objectOf(item as Node, document, `${where}, List item ${index}`, file), listItem: true }));
}

function objectOf(node: Node, document: Document.Parsed, where: string, file: string): SourceObject {
  let value: unknown;
  try {
    value = node.toJS(document, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new RenderFailure(`${where} cannot be read: ${(error as Error).message}`);
  }
  const object = value as Record<string, unknown>;
  if (!isMap(node) || typeof object.apiVersion !== 'string' || !object.apiVersion || typeof object.kind !== 'string' || !object.kind) {
    throw new RenderFailure(
      `${where} is not a Kubernetes object (a map with apiVersion and kind): list files that are not part of the package in ${IGNORE_FILE}`,
    );
  }
  return { file, node: withoutAliases(node, document), object };
}

/**
 * The object with each alias replaced by a copy of what it points to: objects are printed one by
 * one, and an anchor in another object (a List's earlier item) would not be there. (Aliases were
 * counted when the value was read, so the copies are bounded.)
 */
function withoutAliases(node: YAMLMap, document: Document.Parsed): YAMLMap {
  let hasAlias = false;
  visit(node, { Alias: () => { hasAlias = true; return visit.BREAK; } });
  if (!hasAlias) return node;
  const own = node.clone() as YAMLMap;
  visit(own, {
    Alias(_, alias) {
      const target = alias.resolve(document);
      return target ? (target.clone() as Node) : undefined;
    },
  });
  return own;
}

async function listDirectory(directory: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    // Byte order, not locale order: the same package gives the same output everywhere.
    return entries.sort((a, b) => compareCodeUnits(a.name, b.name));
  } catch (error) {
    throw new RenderFailure(`cannot read the package directory ${directory}: ${(error as Error).message}`);
  }
}

async function readIgnoreRules(absoluteDir: string, relativeDir: string): Promise<IgnoreRule[]> {
  const path = join(absoluteDir, IGNORE_FILE);
  try {
    const stats = await unlessMissing(stat(path));
    if (stats === undefined) return [];
    // Read only a regular file: opening a FIFO waits for a writer that may never come.
    if (!stats.isFile()) throw new RenderFailure(`cannot read ${path}: it is not a regular file`);
    return parseIgnoreFile(await readFile(path, 'utf8'), relativeDir);
  } catch (error) {
    if (error instanceof RenderFailure) throw error;
    throw new RenderFailure(`cannot read ${path}: ${(error as Error).message}`);
  }
}

