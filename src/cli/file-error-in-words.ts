// Why a file could not be read (or its directory made), in words: Node's codes alone (ENOENT)
// tell a newcomer little.
const REASONS: Record<string, string> = {
  ENOENT: 'no such file (ENOENT)',
  EACCES: 'permission denied (EACCES)',
  EISDIR: 'it is a directory (EISDIR)',
  ENOTDIR: 'a part of its path is not a directory (ENOTDIR)',
  ELOOP: 'too many symbolic links (ELOOP)',
  EEXIST: 'something that is no directory is in the way (EEXIST)',
};

/** Why a device named as an input file is refused (/dev/zero never ends). */
export const DEVICE = 'it is a device, not a file';

export function fileErrorInWords(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code !== undefined ? REASONS[code] ?? code : undefined) ?? String(message);
}
