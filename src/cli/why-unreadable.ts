// Why a file could not be read, in words: Node's codes alone (ENOENT) tell a newcomer little.
const REASONS: Record<string, string> = {
  ENOENT: 'no such file (ENOENT)',
  EACCES: 'permission denied (EACCES)',
  EISDIR: 'it is a directory (EISDIR)',
  ENOTDIR: 'a part of its path is not a directory (ENOTDIR)',
  ELOOP: 'too many symbolic links (ELOOP)',
};

export function whyUnreadable(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code !== undefined ? REASONS[code] ?? code : undefined) ?? String(message);
}
