// `render -o OUT`: one file per object, for CI hydration (Flux) and review. Names are stable:
// `[<namespace>/]<kind>_<name>.yaml`, with the API group added to the kind only when two objects
// would otherwise share a file. Each file is replaced atomically and only when its content
// changes. What a render wrote is recorded in OUT/.networking-calico-fn-render (the package it
// came from and its files); the next render removes only files listed there that it no longer
// writes and that still carry our header. Nothing else in OUT is ever removed: not files of other
// renders in subdirectories, not files of a render by an earlier version that kept no record; and
// nothing without our header is replaced or read as ours, the record included. Whatever refuses is
// checked before the first write.
import type { KubernetesObject } from '@kubernetes/client-node';
import { lstat, readdir, readFile, realpath, rm, rmdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { makeDirectories } from '../cli/make-directories.js';
import { unlessMissing } from '../cli/unless-missing.js';
import { filePathOf } from '../emit/emit.js';
import { refOf } from '../krm/types.js';
import { writeFileAtomically } from '../cli/write-atomically.js';
import { CommandFailure } from '../cli/command.js';
import { RenderFailure } from './failure.js';
import type { OutputObject } from './run-function.js';
import { objectText } from './yaml-stream.js';

export const RENDERED_FILE_HEADER = '# Written by networking-calico-fn render: replaced on every render, do not edit.\n';

/** The record of what a render wrote into OUT. No .yaml or .json ending: `kubectl apply -f OUT` must not read it. */
export const MANIFEST_FILE = '.networking-calico-fn-render';
const MANIFEST_HEADER = `# networking-calico-fn render -o: the package rendered into this directory and the files it wrote.
# A render removes only files listed here; remove this file to hand the directory to another package.
`;

export interface OutputDirChanges {
  written: number;
  unchanged: number;
  removed: number;
  /** Set when OUT held files but no record of ours: nothing was removed. */
  unrecorded?: boolean;
}

/**
 * Refuses an OUT that is the package directory, inside it or holds it: a render would overwrite
 * the sources, or read its own output back as package content.
 */
export async function checkSeparateFromPackage(packageDir: string, outputDir: string): Promise<void> {
  const [pkg, out] = await Promise.all([realOrResolved(packageDir), realOrResolved(outputDir)]);
  const inside = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
  if (inside(out, pkg) || inside(pkg, out)) {
    const how = out === pkg ? 'is the package directory' : inside(out, pkg) ? 'is inside the package directory' : 'holds the package directory';
    throw new RenderFailure(`the output directory ${outputDir} ${how} ${packageDir}: write the render to a directory of its own, next to the package (e.g. -o rendered)`);
  }
}

export async function writeOutputDir(directory: string, objects: readonly OutputObject[], packageDir: string): Promise<OutputDirChanges> {
  const files = plannedFiles(objects);
  const changes: OutputDirChanges = { written: 0, unchanged: 0, removed: 0 };
  const source = relative(directory, packageDir).split(sep).join('/') || '.';
  try {
    // Everything that can refuse is checked before the first write: on an error nothing is written.
    const previous = await readManifest(directory);
    if (previous && previous.source !== source) {
      throw new RenderFailure(`${directory} holds the render of the package ${previous.source} (see ${join(directory, MANIFEST_FILE)}), not of ${packageDir}: render each package into a directory of its own`);
    }
    const toWrite = await filesToWrite(directory, files);
    await makeDirectories(directory);
    // Recorded before anything is written, so an interrupted render still knows every file it may have written.
    await writeManifest(directory, source, [...new Set([...(previous?.files ?? []), ...files.keys()])]);
    for (const [path, text] of toWrite) {
      const target = join(directory, path);
      await makeDirectories(dirname(target));
      await writeFileAtomically(target, text);
    }
    changes.written = toWrite.size;
    changes.unchanged = files.size - toWrite.size;
    if (previous) changes.removed = await removeStaleFiles(directory, previous.files, files);
    else changes.unrecorded = await holdsOtherFiles(directory, files);
    await writeManifest(directory, source, [...files.keys()]);
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    if (isFileSystemError(error)) throw new RenderFailure(`cannot write the output directory ${directory}: ${error.message}`);
    throw error;
  }
  return changes;
}

/**
 * The planned files whose content changes. A file in the way that is not ours, one without our
 * header (the user's own, or not a file at all), is refused: a render never replaces it.
 */
async function filesToWrite(directory: string, files: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const toWrite = new Map<string, string>();
  for (const [path, text] of files) {
    const current = await ourFile(join(directory, path), RENDERED_FILE_HEADER);
    if (current !== text) toWrite.set(path, text);
  }
  return toWrite;
}

/**
 * The text of the file at `target` if this command wrote it (a regular file that starts with
 * `header`), undefined if nothing is there. Anything else is the user's, or not a file at all, and
 * is refused.
 */
async function ourFile(target: string, header: string): Promise<string | undefined> {
  const stats = await unlessMissing(lstat(target));
  if (stats === undefined) return undefined;
  // Read only a regular file: opening a FIFO for reading waits for a writer that may never come.
  const text = stats.isFile() ? await readFile(target, 'utf8') : undefined;
  if (text === undefined || !text.startsWith(header)) {
    const what = stats.isFile() ? 'a file this command did not write (it lacks the header line it starts its files with)' : 'not a file';
    throw new RenderFailure(`${target} is in the way: ${what}, and a render never replaces it; move it away, or render into another directory`);
  }
  return text;
}

/** File path (relative to DIR) to content. */
function plannedFiles(objects: readonly OutputObject[]): Map<string, string> {
  const byBasePath = new Map<string, OutputObject[]>();
  for (const object of objects) {
    const path = pathOf(asKubernetesObject(object), false);
    byBasePath.set(path, [...(byBasePath.get(path) ?? []), object]);
  }
  const files = new Map<string, string>();
  for (const [basePath, sharing] of byBasePath) {
    for (const object of sharing) {
      const path = sharing.length === 1 ? basePath : pathOf(asKubernetesObject(object), true);
      if (files.has(path)) {
        throw new RenderFailure(`the output holds ${describe(asKubernetesObject(object))} twice: give each object once`);
      }
      files.set(path, RENDERED_FILE_HEADER + objectText(object));
    }
  }
  return files;
}

function pathOf(object: KubernetesObject, qualifyWithGroup: boolean): string {
  // The package is user input: a kind, name or namespace must not lead out of DIR.
  for (const segment of [object.kind, object.metadata?.name, object.metadata?.namespace] as unknown[]) {
    if (segment !== undefined && typeof segment !== 'string') {
      throw new RenderFailure(`${describe(object)} cannot be written to a file: kind, name and namespace must be strings`);
    }
    if (segment !== undefined && (/[/\\]/.test(segment) || segment === '.' || segment === '..')) {
      throw new RenderFailure(`${describe(object)} cannot be written to a file: kind, name and namespace must not be paths`);
    }
  }
  const apiVersion = refOf(object as unknown as Record<string, unknown>).apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = qualifyWithGroup && group ? `${object.kind}.${group}` : object.kind;
  const path = filePathOf({ ...object, kind }, object.metadata?.namespace ?? '');
  const tooLong = path.split('/').find((segment) => Buffer.byteLength(segment) > MAX_FILE_NAME_BYTES);
  if (tooLong !== undefined) {
    throw new RenderFailure(`${describe(object)} cannot be written to a file: its file name ${tooLong} is ${Buffer.byteLength(tooLong)} bytes, more than the ${MAX_FILE_NAME_BYTES} a file system allows; render it to stdout (no -o), or shorten its name`);
  }
  return path;
}

/** The longest file name (in bytes) Linux and macOS file systems take. */
const MAX_FILE_NAME_BYTES = 255;

function describe(object: KubernetesObject): string {
  const { apiVersion = '', kind = '', namespace, name = '' } = refOf(object as unknown as Record<string, unknown>);
  return `${apiVersion} ${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function asKubernetesObject(object: OutputObject): KubernetesObject {
  return object.object as KubernetesObject;
}

/** Removes the recorded files that this render does not write and that still carry our header; returns how many. */
async function removeStaleFiles(root: string, recorded: readonly string[], wanted: ReadonlyMap<string, string>): Promise<number> {
  let removed = 0;
  for (const path of recorded) {
    if (wanted.has(path) || !isPlainRelativePath(path)) continue;
    const target = join(root, path);
    const stats = await lstat(target).catch(() => undefined);
    if (!stats?.isFile() || !(await readIfExists(target))?.startsWith(RENDERED_FILE_HEADER)) continue;
    await rm(target);
    removed++;
    // A namespace directory we emptied goes too; rmdir refuses one that still holds anything.
    if (dirname(path) !== '.') await rmdir(dirname(target)).catch(() => undefined);
  }
  return removed;
}

/** Whether OUT holds entries besides the ones this render wrote (left there, with no record to tell whose they are). */
async function holdsOtherFiles(root: string, wanted: ReadonlyMap<string, string>): Promise<boolean> {
  const ours = new Set([MANIFEST_FILE, ...[...wanted.keys()].map((path) => path.split('/')[0] as string)]);
  return (await readdir(root)).some((name) => !ours.has(name));
}

interface Manifest {
  /** The package directory, relative to OUT. */
  source: string;
  files: string[];
}

async function readManifest(directory: string): Promise<Manifest | undefined> {
  const text = await ourFile(join(directory, MANIFEST_FILE), MANIFEST_HEADER);
  if (text === undefined) return undefined;
  const manifest: Manifest = { source: '', files: [] };
  for (const line of text.split('\n')) {
    if (line.startsWith('package: ')) manifest.source = line.slice('package: '.length);
    else if (line.startsWith('file: ')) manifest.files.push(line.slice('file: '.length));
  }
  return manifest;
}

async function writeManifest(directory: string, source: string, files: readonly string[]): Promise<void> {
  const lines = [`package: ${source}`, ...[...files].sort().map((file) => `file: ${file}`)];
  await writeFileAtomically(join(directory, MANIFEST_FILE), `${MANIFEST_HEADER}${lines.join('\n')}\n`);
}

/** A path we could have written: relative, forward slashes, no `.` or `..` segment. */
function isPlainRelativePath(path: string): boolean {
  return path !== '' && !isAbsolute(path) && !path.includes('\\') && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

async function realOrResolved(path: string): Promise<string> {
  const absolute = resolve(path);
  // OUT may not exist yet: its nearest existing ancestor's real path, with the rest appended.
  for (let existing = absolute, rest = ''; ; rest = join(existing.slice(dirname(existing).length + 1), rest), existing = dirname(existing)) {
    try {
      return join(await realpath(existing), rest);
    } catch {
      if (dirname(existing) === existing) return absolute;
    }
  }
}

function readIfExists(path: string): Promise<string | undefined> {
  return unlessMissing(readFile(path, 'utf8'));
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
