// `render -o DIR`: the previous render in DIR is part of what the overlay guard must see. Our
// calico-node DaemonSet there says whether a switch from the overlay to native routing was
// already let through, and a switch once let through is never reverted. Only a file that holds
// the kube-system/calico-node DaemonSet with our generated annotation counts: anything else in
// DIR is not ours to read.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { GENERATED_ANNOTATION } from '../emit/emit.js';
import { readObjectsFile, type SourceObject } from './read-package.js';

/** render -o names it `[kube-system/]daemonset[.apps]_calico-node.yaml`. */
const CALICO_NODE_FILE = /^daemonset(\.apps)?_calico-node\.yaml$/;

export async function readPreviousRender(directory: string, shownAs: string): Promise<SourceObject[]> {
  const found: SourceObject[] = [];
  for (const relative of ['', 'kube-system']) {
    for (const entry of await listFiles(join(directory, relative))) {
      if (!entry.isFile() || !CALICO_NODE_FILE.test(entry.name)) continue;
      const objects = await readObjectsFile(join(directory, relative, entry.name), posix.join(shownAs, relative, entry.name));
      found.push(...objects.filter((object) => isOurCalicoNode(object.object)));
    }
  }
  return found;
}

function isOurCalicoNode(object: Record<string, unknown>): boolean {
  const metadata = object.metadata as { name?: unknown; namespace?: unknown; annotations?: Record<string, unknown> } | undefined;
  return object.apiVersion === 'apps/v1' && object.kind === 'DaemonSet' && metadata?.name === 'calico-node' &&
    metadata.namespace === 'kube-system' && metadata.annotations?.[GENERATED_ANNOTATION] !== undefined;
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
