// Files named as input (a snapshot, a function config, a package's files): a device is refused,
// and why one could not be read (or its directory made) is said in words: Node's codes alone
// (ENOENT) tell a newcomer little.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file (ENOENT)',
  EACCES: 'permission denied (EACCES)',
  EISDIR: 'it is a directory (EISDIR)',
  ENOTDIR: 'a part of its path is not a directory (ENOTDIR)',
  ELOOP: 'too many symbolic links (ELOOP)',
  EEXIST: 'something that is no directory is in the way (EEXIST)',
};

/**
 * The stats of a file named as input, refusing a device: one such as /dev/zero never ends (its
 * size says 0); a FIFO (a shell's `<(kubectl get nodes -o yaml)`) is read to its end.
 */
export async function statInputFile(path: string): Promise<Stats> {
  const stats = await stat(path);
  if (stats.isCharacterDevice() || stats.isBlockDevice()) throw new Error('it is a device, not a file');
  return stats;
}

export function fileErrorInWords(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code !== undefined ? REASONS[code] ?? code : undefined) ?? String(message);
}
