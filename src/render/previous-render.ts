// `render -o DIR`: the previous render in DIR is part of the input. Our calico-node DaemonSet
// there says whether a switch from the overlay to native routing was already let through (a
// switch once let through is never reverted), and all our objects there are the previous state
// the change plan compares with. Only objects with our generated annotation count, in the files
// render -o writes (`[<namespace>/]<kind>_<name>.yaml`): anything else in DIR is not ours to read,
// nor is a subdirectory holding a render of its own (its own record of written files).
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { isGenerated } from '../emit/emit.js';
import { compareCodeUnits } from '../plain-data.js';
import { MANIFEST_FILE } from './output-dir.js';
import { readObjectsFile, type SourceObject } from './read-package.js';

const RENDERED_FILE = /^[a-z0-9.]+_[^/]+\.yaml$/;

/** Our objects in DIR and its namespace folders, in a stable order (by file path). */
export async function readPreviousRender(directory: string, shownAs: string): Promise<SourceObject[]> {
  const found: SourceObject[] = [];
  const top = await listFiles(directory);
  const folders = ['', ...top.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort()];
  for (const relative of folders) {
    const entries = relative === '' ? top : await listFiles(join(directory, relative));
    if (relative !== '' && entries.some((entry) => entry.name === MANIFEST_FILE)) continue;
    for (const entry of [...entries].sort((a, b) => compareCodeUnits(a.name, b.name))) {
      if (!entry.isFile() || !RENDERED_FILE.test(entry.name)) continue;
      const objects = await readObjectsFile(join(directory, relative, entry.name), posix.join(shownAs, relative, entry.name));
      found.push(...objects.filter((object) => isGenerated(object.object)));
    }
  }
  return found;
}

/** Our calico-node DaemonSet: what the overlay guard needs from DIR. */
export function isOurCalicoNode(object: Record<string, unknown>): boolean {
  const metadata = object.metadata as { name?: unknown; namespace?: unknown } | undefined;
  return object.apiVersion === 'apps/v1' && object.kind === 'DaemonSet' && metadata?.name === 'calico-node' &&
    metadata.namespace === 'kube-system' && isGenerated(object);
}

async function listFiles(directory: string): Promise<Dirent[]> {
  try {
    return await readdir(directory, { withFileTypes: true });
  } catch (error) {
    // No DIR yet (the first render) or no namespace folder: there is no previous render.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}
