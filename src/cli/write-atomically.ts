// Replaces a file in one step, so a reader, a crash or a full disk leaves either the old content
// or the new one, never a truncated mix. The temporary file sits next to the target because
// rename() is atomic only within one file system.
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CommandFailure } from './command.js';

export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let created = false;
  try {
    // 'wx': never reuse (and later delete) a file that someone else created under this name. (The
    // name needs no node:crypto: 'wx' makes any clash an error, and loading it costs every start.)
    const handle = await open(temporary, 'wx');
    created = true;
    try {
      await handle.writeFile(text, 'utf8');
      // Flush before the rename, or a crash could publish a file whose blocks never hit the disk.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    if (created) await rm(temporary, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(`cannot write ${path}: ${reason} — check that its directory exists and is writable`);
  }
}
