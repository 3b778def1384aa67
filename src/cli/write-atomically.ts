// Replaces a file in one step, so a reader, a crash or a full disk leaves either the old content
// or the new one, never a truncated mix. The temporary file sits next to the target because
// rename() is atomic only within one file system.
// A symbolic link is written through (the file it points to is replaced, the link stays); a path
// that is something else than a file (a FIFO, a device such as /dev/full, a directory) is refused:
// a rename would put a file in its place, and so would it in place of a link to a missing file.
// The file replaced keeps its permissions: a snapshot or render the user made private stays so.
import type { Stats } from 'node:fs';
import { lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CommandFailure } from './command.js';
import { unlessMissing } from './unless-missing.js';

export async function writeFileAtomically(path: string, text: string): Promise<void> {
  let created = false;
  let temporary = '';
  try {
    const { target, replaced } = await replaceableFile(path);
    temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
    // 'wx': never reuse (and later delete) a file that someone else created under this name. (The
    // name needs no node:crypto: 'wx' makes any clash an error, and loading it costs every start.)
    const handle = await open(temporary, 'wx');
    created = true;
    try {
      if (replaced) await handle.chmod(replaced.mode & 0o7777);
      await handle.writeFile(text, 'utf8');
      // Flush before the rename, or a crash could publish a file whose blocks never hit the disk.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    if (created) await rm(temporary, { force: true });
    if (error instanceof CommandFailure) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(`cannot write ${path}: ${reason} — check that its directory exists and is writable`);
  }
}

/** The file to write: `path`, or the file its symbolic link points to; and the file it replaces, if any. */
async function replaceableFile(path: string): Promise<{ target: string; replaced: Stats | undefined }> {
  const target = await unlessMissing(realpath(path));
  if (target === undefined) {
    const link = await unlessMissing(lstat(path));
    if (link?.isSymbolicLink()) {
      throw new CommandFailure(`cannot write ${path}: it is a symbolic link to ${await readlink(path)}, which does not exist, and a file would replace the link; give the path of the file itself`);
    }
    return { target: path, replaced: undefined };
  }
  const replaced = await stat(target);
  if (!replaced.isFile()) {
    throw new CommandFailure(`cannot write ${path}: it is ${replaced.isDirectory() ? 'a directory' : 'not a regular file (a FIFO, socket or device)'}, which would be replaced by a file; give a file's path, or leave the option out to write to stdout`);
  }
  return { target, replaced };
}
