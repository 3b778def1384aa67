// Installing the function as a user does, from source: `npm install -g git+…#vVERSION` at a
// release tag made by scripts/release-commit.mjs (what the release workflow runs), into a
// throw-away prefix. The git URL is a file:// clone of this work tree; npm takes the
// dependencies from its cache or the registry.
import test from 'ava';
import { DEBUG_VARIABLE } from '../../src/fast-start/load-core.js';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, run } from './helpers.js';

const VERSION = '0.0.0-installtest';

/** A git repository holding every tracked file of the work tree as one commit, with our node_modules linked in. */
function sourceRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-install-src-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) if (existsSync(join(REPO, file))) cpSync(join(REPO, file), join(dir, file));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '--quiet');
  writeFileSync(join(dir, '.git/info/exclude'), 'node_modules\n');
  git('add', '--all');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '--quiet', '--message', 'sources');
  return dir;
}

test('a release tag installs globally from git and gives a working bin', async (t) => {
  const source = sourceRepository();
  const prefix = mkdtempSync(join(tmpdir(), 'ncfn-install-prefix-'));
  t.teardown(() => {
    rmSync(source, { recursive: true, force: true });
    rmSync(prefix, { recursive: true, force: true });
  });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid' };

  const release = await run(process.execPath, ['scripts/release-commit.mjs', VERSION], { cwd: source, env, timeoutMs: 120_000 });
  t.is(release.status, 0, release.stderr);
  const tagged = JSON.parse(execFileSync('git', ['show', `v${VERSION}:package.json`], { cwd: source, encoding: 'utf8' })) as { version: string; scripts?: unknown };
  t.is(tagged.version, VERSION);
  t.is(tagged.scripts, undefined, 'no lifecycle script: npm would prepare the git dependency and break the global install');

  const install = await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', `git+file://${source}#v${VERSION}`], { env, timeoutMs: 300_000 });
  t.is(install.status, 0, install.stderr);
  const bin = join(prefix, 'bin/networking-calico-fn');

  const version = await run(bin, ['--version']);
  t.is(version.stdout, `networking-calico-fn ${VERSION}\n`, version.stderr);
  // The release commit carries the code caches, written by the Node that made it (this one here);
  // `render` uses the core's warmed for it and the yaml package's.
  const render = await run(bin, ['render', 'example'], { cwd: source, env: { ...process.env, [DEBUG_VARIABLE]: '1' } });
  t.is(render.status, 0, render.stderr);
  t.regex(render.stdout, /kind: DaemonSet\n/);
  t.regex(render.stderr, /code cache \S*core\.render\.cache used\n.*code cache \S*yaml\.cache used\n/);
});

test('npm ci in a clone builds the bin (prepare), so the Quick start needs no separate build', (t) => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  t.is(pkg.scripts.prepare, 'node scripts/build.mjs');
});
