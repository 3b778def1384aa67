// A file system call on a path that may not exist: its answer, or undefined when the path (or a
// directory on it) is missing. Any other error is thrown as it is.
export async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
