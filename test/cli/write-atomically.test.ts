import test from 'ava';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandFailure } from '../../src/cli/command.js';
import { writeFileAtomically } from '../../src/cli/write-atomically.js';
import { temporaryDirectory } from '../snapshot/fixtures.js';

test('replaces the file by renaming a new one over it, never by writing into it', async (t) => {
  const directory = await temporaryDirectory(t);
  const target = join(directory, 'snapshot.yaml');
  await writeFile(target, 'old\n');
  const before = await stat(target);

  await writeFileAtomically(target, 'new\n');

  t.is(await readFile(target, 'utf8'), 'new\n');
  // A new inode shows the old file was swapped out whole; an in-place write keeps the inode.
  t.not((await stat(target)).ino, before.ino);
  t.deepEqual(await readdir(directory), ['snapshot.yaml']);
});

test('a directory in the way is refused and left as it was, with no temporary file', async (t) => {
  const directory = await temporaryDirectory(t);
  const target = join(directory, 'taken');
  await mkdir(target);
  await writeFile(join(target, 'inside.yaml'), 'keep\n');

  const error = await t.throwsAsync(writeFileAtomically(target, 'new\n'), { instanceOf: CommandFailure });

  t.regex(error?.message ?? '', /^cannot write .*taken: /);
  t.deepEqual(await readdir(directory), ['taken']);
  t.is(await readFile(join(target, 'inside.yaml'), 'utf8'), 'keep\n');
});

// Found by a hostile review (ninth session): `snapshot -o` renamed a file over a FIFO, a device
// (/dev/full, as root) and a symbolic link.
test('a FIFO in the way is refused and stays a FIFO', async (t) => {
  const directory = await temporaryDirectory(t);
  const fifo = join(directory, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const error = await t.throwsAsync(writeFileAtomically(fifo, 'new\n'), { instanceOf: CommandFailure });
  t.regex(error?.message ?? '', /^cannot write .*pipe: it is not a regular file \(a FIFO, socket or device\), which would be replaced by a file/);
  t.true((await lstat(fifo)).isFIFO());
  t.deepEqual(await readdir(directory), ['pipe']);
});

test('a symbolic link is written through: the file it points to is replaced, the link stays', async (t) => {
  const directory = await temporaryDirectory(t);
  await mkdir(join(directory, 'real'));
  await writeFile(join(directory, 'real', 'snapshot.yaml'), 'old\n');
  const link = join(directory, 'link.yaml');
  await symlink(join('real', 'snapshot.yaml'), link);
  await writeFileAtomically(link, 'new\n');
  t.true((await lstat(link)).isSymbolicLink());
  t.is(await readlink(link), join('real', 'snapshot.yaml'));
  t.is(await readFile(join(directory, 'real', 'snapshot.yaml'), 'utf8'), 'new\n');
  t.deepEqual((await readdir(directory)).sort(), ['link.yaml', 'real']);
});

// Found by a hostile review (ninth session): the new file took the default mode (0644 here), so a
// snapshot or rendered file the user had made private (0600) became readable by everyone.
test('the file replaced keeps its permissions, also through a symbolic link', async (t) => {
  const directory = await temporaryDirectory(t);
  const target = join(directory, 'snapshot.yaml');
  await writeFile(target, 'old\n', { mode: 0o600 });
  const link = join(directory, 'link.yaml');
  await symlink('snapshot.yaml', link);
  await writeFileAtomically(target, 'new\n');
  t.is((await stat(target)).mode & 0o777, 0o600);
  await writeFileAtomically(link, 'newer\n');
  t.is((await stat(target)).mode & 0o777, 0o600);
  t.is(await readFile(target, 'utf8'), 'newer\n');
});

// Found by a hostile review (ninth session): a link whose file is missing was itself replaced by the file.
test('a symbolic link to a missing file is refused and stays a link', async (t) => {
  const directory = await temporaryDirectory(t);
  const link = join(directory, 'link.yaml');
  await symlink(join('gone', 'snapshot.yaml'), link);
  const error = await t.throwsAsync(writeFileAtomically(link, 'new\n'), { instanceOf: CommandFailure });
  t.regex(error?.message ?? '', /^cannot write .*link\.yaml: it is a symbolic link to gone\/snapshot\.yaml, which does not exist, and a file would replace the link/);
  t.true((await lstat(link)).isSymbolicLink());
  t.deepEqual(await readdir(directory), ['link.yaml']);
});
