// `render -o DIR`: one file per object, for CI hydration (Flux) and review. Names are stable:
// `[<namespace>/]<kind>_<name>.yaml`, with the API group added to the kind only when two objects
// would otherwise share a file. Each file is replaced atomically and only when its content
// changes; files of an earlier render that are no longer wanted are removed (recognised by their
// first line), anything else in DIR is left alone.
import type { KubernetesObject } from '@kubernetes/client-node';
import { mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { filePathOf } from '../emit/emit.js';
import { refOf } from '../krm/types.js';
import { writeFileAtomically } from '../cli/write-atomically.js';
import { CommandFailure } from '../cli/command.js';
import { RenderFailure } from './failure.js';
import type { OutputObject } from './run-function.js';
import { objectText } from './yaml-stream.js';

export const RENDERED_FILE_HEADER = '# Written by networking-calico-fn render: replaced on every render, do not edit.\n';

export interface OutputDirChanges {
  written: number;
  unchanged: number;
  removed: number;
}

export async function writeOutputDir(directory: string, objects: readonly OutputObject[]): Promise<OutputDirChanges> {
  const files = plannedFiles(objects);
  const changes: OutputDirChanges = { written: 0, unchanged: 0, removed: 0 };
  try {
    await mkdir(directory, { recursive: true });
    for (const [path, text] of files) {
      const target = join(directory, path);
      if ((await readIfExists(target)) === text) {
        changes.unchanged++;
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFileAtomically(target, text);
      changes.written++;
    }
    changes.removed = await removeStaleFiles(directory, '', new Set(files.keys()));
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    if (isFileSystemError(error)) throw new RenderFailure(`cannot write the output directory ${directory}: ${error.message}`);
    throw error;
  }
  return changes;
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
  return filePathOf({ ...object, kind }, object.metadata?.namespace ?? '');
}

function describe(object: KubernetesObject): string {
  const { apiVersion = '', kind = '', namespace, name = '' } = refOf(object as unknown as Record<string, unknown>);
  return `${apiVersion} ${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function asKubernetesObject(object: OutputObject): KubernetesObject {
  return object.object as KubernetesObject;
}

/** Removes our files under `relativeDir` that are not in `wanted`; returns how many. */
async function removeStaleFiles(root: string, relativeDir: string, wanted: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  const directory = join(root, relativeDir);
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      const removedBelow = await removeStaleFiles(root, path, wanted);
      removed += removedBelow;
      // A namespace directory we emptied goes too; rmdir refuses one that still holds anything.
      if (removedBelow > 0) await rmdir(join(root, path)).catch(() => undefined);
    } else if (entry.isFile() && entry.name.endsWith('.yaml') && !wanted.has(path) && (await readIfExists(join(root, path)))?.startsWith(RENDERED_FILE_HEADER)) {
      await rm(join(root, path));
      removed++;
    }
  }
  return removed;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
