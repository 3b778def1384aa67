// `mkdir -p` of our own. Node 20's mkdir({ recursive: true }) never returns where mkdir(2) says
// ENOENT under a parent that exists (/proc, /sys): `render -o /proc/x` spun at full CPU forever.
// Here each directory is made once its parent exists, and a second ENOENT is the error it is.
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function makeDirectories(path: string): Promise<void> {
  try {
    await mkdir(path);
    return;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST' && (await stat(path)).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
  }
  await makeDirectories(dirname(path));
  try {
    await mkdir(path);
  } catch (error) {
    // Made meanwhile by another render into the same directory.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(path)).isDirectory()) throw error;
  }
}
