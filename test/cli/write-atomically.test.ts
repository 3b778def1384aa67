import test from 'ava';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
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

test('a failed rename leaves the target as it was and removes the temporary file', async (t) => {
  const directory = await temporaryDirectory(t);
  // A non-empty directory cannot be replaced by a file.
  const target = join(directory, 'taken');
  await mkdir(target);
  await writeFile(join(target, 'inside.yaml'), 'keep\n');

  const error = await t.throwsAsync(writeFileAtomically(target, 'new\n'), { instanceOf: CommandFailure });

  t.regex(error?.message ?? '', /^cannot write .*taken: /);
  t.deepEqual(await readdir(directory), ['taken']);
  t.is(await readFile(join(target, 'inside.yaml'), 'utf8'), 'keep\n');
});
