// Our `mkdir -p` (src/cli/make-directories.ts), which replaces Node's recursive mkdir.
import test from 'ava';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectories } from '../../src/cli/make-directories.js';

const work = mkdtempSync(join(tmpdir(), 'ncfn-mkdir-'));
test.after.always(() => rmSync(work, { recursive: true, force: true }));

test('makes every missing directory of a path, and takes one that exists', async (t) => {
  const deep = join(work, 'a', 'b', 'c');
  await makeDirectories(deep);
  t.true(statSync(deep).isDirectory());
  await t.notThrowsAsync(makeDirectories(deep));
});

test('calls for the same new directory at once all succeed', async (t) => {
  const shared = join(work, 'shared', 'x', 'y');
  await t.notThrowsAsync(Promise.all(Array.from({ length: 8 }, () => makeDirectories(shared))));
  t.true(statSync(shared).isDirectory());
});

test('a file in the way is an error, not a directory', async (t) => {
  const file = join(work, 'file');
  writeFileSync(file, '');
  await t.throwsAsync(makeDirectories(join(file, 'below')), { code: 'ENOTDIR' });
  await t.throwsAsync(makeDirectories(file), { code: 'EEXIST' });
});

test('where mkdir(2) says ENOENT under a parent that exists (/proc), it fails instead of looping', async (t) => {
  if (process.platform !== 'linux') return t.pass();
  await t.throwsAsync(makeDirectories('/proc/ncfn-no-such-directory/below'), { code: 'ENOENT' });
});
