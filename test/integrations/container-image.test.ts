// The container image, checked without a Docker engine: the Dockerfile's promises (multi-stage,
// LTS runtime, non-root, exec-form ENTRYPOINT, OCI labels), that every file it copies exists
// after a build and survives .dockerignore, and that the entrypoint behaves the same from a
// clean production install (`npm ci --omit=dev` plus the built output), which is what the image
// holds.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { BIN, dockerfileEntrypoint, REPO, run, runBin, temporaryDirectory } from './helpers.js';
import { resourceListFor } from '../support/golden.js';
import { DEBUG_VARIABLE } from '../../src/fast-start/load-core.js';

const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((line) => /^[A-Z]+ /.test(line));
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { license: string; bin: Record<string, string> };

interface Stage { from: string; name?: string; workdir?: string; lines: string[] }
const stages: Stage[] = [];
for (const line of instructions) {
  const from = /^FROM (\S+)(?: AS (\S+))?/i.exec(line);
  if (from) stages.push({ from: from[1] as string, name: from[2], lines: [] });
  const stage = stages.at(-1);
  if (!stage) continue;
  stage.lines.push(line);
  if (line.startsWith('WORKDIR ')) stage.workdir = line.slice('WORKDIR '.length).trim();
}
const runtime = stages.at(-1) as Stage;

test('multi-stage, on a Node.js LTS runtime image without a shell, as a non-root user', (t) => {
  t.true(stages.length >= 2, 'a build stage and a runtime stage');
  const major = Number(/(?:distroless\/nodejs|^node:)(\d+)/.exec(runtime.from)?.[1]);
  t.true(major >= 22 && major % 2 === 0, `runtime on a Node.js LTS line (${runtime.from})`);
  t.regex(runtime.from, /^gcr\.io\/distroless\/nodejs\d+-debian\d+:nonroot$|^node:\d+-[a-z]+-slim$/, 'distroless or slim');
  const user = runtime.lines.filter((line) => line.startsWith('USER ')).at(-1)?.slice('USER '.length).trim();
  t.truthy(user);
  t.false(['root', '0', '0:0'].includes(user ?? 'root'), 'runs as non-root');
});

test('the ENTRYPOINT is the function, in exec form (no shell), running the bin package.json names', (t) => {
  const entrypoint = dockerfileEntrypoint();
  t.regex(entrypoint[0] ?? '', /^\/.*\/node$/, 'node, by absolute path');
  t.is(entrypoint[1], `${runtime.workdir}/${pkg.bin['networking-calico-fn']}`);
  t.is(entrypoint.length, 2, 'no arguments: the KRM function, reading a ResourceList on stdin (kpt `image:`)');
});

test('the runtime stage writes the code cache with its own Node, before it drops root', (t) => {
  const write = runtime.lines.findIndex((line) => line.startsWith('RUN ') && line.includes('write-code-cache.mjs'));
  t.true(write >= 0, 'a RUN of dist/write-code-cache.mjs in the runtime stage');
  const command = JSON.parse(runtime.lines[write]?.slice('RUN '.length) ?? '[]') as string[];
  t.deepEqual(command, [dockerfileEntrypoint()[0], `${runtime.workdir}/dist/write-code-cache.mjs`], 'exec form (no shell), the ENTRYPOINT\'s node');
  // Found in the eleventh session: a distroless :nonroot base already runs as uid 65532, so the
  // RUN must switch to root itself to write into the root-owned dist/ (COPY keeps root).
  const userBefore = runtime.lines.slice(0, write).filter((line) => line.startsWith('USER ')).at(-1);
  t.is(userBefore, 'USER root', 'written as root: the base image may start as nonroot, and COPY leaves dist/ owned by root');
  t.is(runtime.lines.slice(write).filter((line) => line.startsWith('USER ')).at(-1), 'USER nonroot', 'runs as nonroot');
});

test('OCI labels', (t) => {
  const labels = runtime.lines.filter((line) => line.startsWith('LABEL ')).join(' ');
  for (const key of ['title', 'description', 'licenses', 'version', 'source']) t.regex(labels, new RegExp(`org\\.opencontainers\\.image\\.${key}=`));
  t.true(labels.includes(`org.opencontainers.image.licenses="${pkg.license}"`));
});

/** .dockerignore: patterns anchored at the context root; a matching directory excludes what is below it. */
function dockerIgnored(path: string): boolean {
  const patterns = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  return patterns.some((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`).test(path.replace(/\/$/, '')));
}

test('every file the Dockerfile copies exists after a build, and the build context keeps it', (t) => {
  const copies = stages.flatMap((stage) => stage.lines.filter((line) => line.startsWith('COPY ')).map((line) => ({ stage, args: line.split(/\s+/).slice(1) })));
  t.true(copies.length > 0);
  for (const { args } of copies) {
    const from = args.find((arg) => arg.startsWith('--from='))?.slice('--from='.length);
    const sources = args.filter((arg) => !arg.startsWith('--')).slice(0, -1);
    for (const source of sources) {
      if (from === undefined) {
        t.true(existsSync(join(REPO, source)), `${source} is in the repository`);
        t.false(dockerIgnored(source), `${source} is not excluded by .dockerignore`);
      } else {
        const buildStage = stages.find((stage) => stage.name === from);
        t.truthy(buildStage, `stage ${from} exists`);
        t.true(source.startsWith(`${buildStage?.workdir}/`), `${source} comes from the build's working directory`);
        t.true(existsSync(join(REPO, source.slice(`${buildStage?.workdir}/`.length))), `${source} exists after npm ci and npm run build`);
      }
    }
  }
  t.true(dockerIgnored('node_modules') && dockerIgnored('dist'), 'the host\'s node_modules and dist never reach the build');
  t.true(existsSync(BIN));
});

/**
 * The build stage's /src without a Docker engine: what its COPY lines take from the build context
 * (the repository less .dockerignore), with the repository's node_modules standing in for its
 * `npm ci --ignore-scripts` (the same lockfile, dev dependencies included).
 */
function buildStageContext(directory: string): void {
  const build = stages[0] as Stage;
  for (const line of build.lines.filter((candidate) => candidate.startsWith('COPY ') && !candidate.includes('--from='))) {
    const [target, ...sources] = line.split(/\s+/).slice(1).reverse() as [string, ...string[]];
    for (const source of sources.reverse()) {
      const destination = target.endsWith('/') ? join(directory, target, source.endsWith('/') ? '' : basename(source)) : join(directory, target);
      cpSync(join(REPO, source), destination, { recursive: true, filter: (path) => !dockerIgnored(relative(REPO, path)) });
    }
  }
  symlinkSync(join(REPO, 'node_modules'), join(directory, 'node_modules'));
}

test('the build stage builds from what it copies: no file its build reads is left out of the image\'s context', async (t) => {
  const directory = temporaryDirectory(t);
  buildStageContext(directory);
  const build = (stages[0] as Stage).lines.find((line) => line.startsWith('RUN ') && line.includes('scripts/build.mjs'));
  t.truthy(build, 'the build stage runs scripts/build.mjs');
  // Only the build: the stage's `npm prune` would prune the repository's own node_modules here.
  const built = await run(process.execPath, ['scripts/build.mjs'], { cwd: directory, timeoutMs: 300_000 });
  t.is(built.status, 0, built.stderr);
  t.true(existsSync(join(directory, 'dist', 'networking-calico-fn.cjs')));
});

/**
 * The image's /fn: a production install from the lockfile plus the built output. Installed once,
 * bounded in time; without a reachable registry (and no cache) the tests below are skipped with
 * a notice, except under CI, where they must run.
 */
function cleanInstall(): { dir?: string; problem?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-image-'));
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(REPO, file), join(dir, file));
  // Synchronous: ava wants every test declared before the file's first await. A generous timeout:
  // on a loaded machine the install alone took over 25 s.
  const npm = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  if (npm.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const reason = npm.error?.message ?? npm.stderr.split('\n').filter((line) => line.trim() && !line.includes('Unknown user config')).slice(-3).join(' ');
    return { problem: `npm ci --omit=dev failed (${npm.status ?? npm.signal}): ${reason}` };
  }
  cpSync(join(REPO, 'dist'), join(dir, 'dist'), { recursive: true });
  return { dir };
}

const install = cleanInstall();
const imageTest = install.dir !== undefined || process.env.CI === 'true' ? test : test.skip;
if (install.problem) {
  if (process.env.CI === 'true') test('npm ci --omit=dev succeeds (required under CI)', (t) => t.fail(install.problem));
  else console.warn(`NOTICE: skipping the clean-install entrypoint tests: ${install.problem}`);
}
if (install.dir) {
  const dir = install.dir;
  test.after.always(() => rmSync(dir, { recursive: true, force: true }));
}

/** The image's ENTRYPOINT with its /fn mapped onto the clean install. */
function runImageEntrypoint(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const bundle = dockerfileEntrypoint()[1] ?? '';
  return run(process.execPath, [join(install.dir ?? '', bundle.slice(`${runtime.workdir}/`.length)), ...args], options);
}

imageTest('the entrypoint answers a ResourceList exactly as the repository build does', async (t) => {
  const input = resourceListFor(join(REPO, 'testdata/default'));
  const [image, repository] = await Promise.all([runImageEntrypoint([], { input }), runBin([], { input })]);
  t.is(image.status, 0, image.stderr);
  t.is(image.stdout, repository.stdout);
});

imageTest('the runtime stage\'s cache step works on the clean install, and the entrypoint then uses the caches', async (t) => {
  const dist = join(install.dir ?? '', 'dist');
  const caches = readdirSync(dist).filter((file) => file.endsWith('.cache'));
  t.true(caches.length >= 3, `the build's caches: ${caches.join(', ')}`);
  for (const cache of caches) rmSync(join(dist, cache));
  const written = await run(process.execPath, [join(dist, 'write-code-cache.mjs')]);
  t.is(written.status, 0, written.stderr);
  const env = { ...process.env, [DEBUG_VARIABLE]: '1' };
  const input = resourceListFor(join(REPO, 'testdata/default'));
  const image = await runImageEntrypoint([], { input, env });
  t.is(image.status, 0, image.stderr);
  t.regex(image.stderr, /code cache \S*core\.cache used/);
  t.is(image.stdout, (await runBin([], { input })).stdout);
  // `render` has the core's cache warmed for it, and reads the package with the yaml package.
  const rendered = await runImageEntrypoint(['render', 'example'], { cwd: REPO, env });
  t.is(rendered.status, 0, rendered.stderr);
  t.regex(rendered.stderr, /^networking-calico-fn: notice: code cache \S*core\.render\.cache used\nnetworking-calico-fn: notice: code cache \S*yaml\.cache used\n/);
});

imageTest('render and snapshot run from the clean install: the Kubernetes client resolves', async (t) => {
  const rendered = await runImageEntrypoint(['render', 'example'], { cwd: REPO });
  t.is(rendered.status, 0, rendered.stderr);
  t.is(rendered.stdout, (await runBin(['render', 'example'], { cwd: REPO })).stdout);
  const missing = join(temporaryDirectory(t), 'no-kubeconfig');
  const snapshot = await runImageEntrypoint(['snapshot', '--kubeconfig', missing]);
  t.is(snapshot.status, 1, 'a user-facing failure, not a missing module (exit 2)');
  t.regex(snapshot.stderr, /cannot load kubeconfig/);
});
