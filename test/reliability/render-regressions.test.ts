// `render DIR` regression tests of issue 10 (each names its defect), run in-process on a package
// in a throw-away directory: hostile package content gets a clear message or is passed on, and
// never an internal error.
import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runRenderCommand } from '../../src/render/command.js';
import { readObjectsFile } from '../../src/render/read-package.js';
import { copyExampleInputs, temporaryDirectory } from '../integrations/helpers.js';
import { STACK_TRACE } from '../support/render-output.js';

interface Rendered {
  code: number;
  stdout: string;
  stderr: string;
}

async function renderPackage(dir: string, args: readonly string[] = []): Promise<Rendered> {
  let stdout = '';
  let stderr = '';
  const code = await runRenderCommand([dir, ...args], { cwd: dir, env: {}, stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; } });
  return { code, stdout, stderr };
}

function packageWith(t: import('ava').ExecutionContext, files: Record<string, string>): string {
  const dir = temporaryDirectory(t);
  copyExampleInputs(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function names(stream: string): string[] {
  return parseAllDocuments(stream).map((document) => String(document.getIn(['metadata', 'name'])));
}

test('defect 5: a package object whose name is not a string is passed on, and refused a file name with -o', async (t) => {
  const dir = packageWith(t, { 'odd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {x: 1}\n' });
  const rendered = await renderPackage(dir);
  t.notRegex(rendered.stderr, STACK_TRACE);
  t.is(rendered.code, 0, rendered.stderr);
  t.true(parseAllDocuments(rendered.stdout).some((document) => JSON.stringify(document.getIn(['metadata', 'name'])) === '{"x":1}'));
  const written = await renderPackage(dir, ['-o', join(dir, 'out')]);
  t.notRegex(written.stderr, STACK_TRACE);
  t.is(written.code, 1);
  t.regex(written.stderr, /ConfigMap .*cannot be written to a file: kind, name and namespace must be strings/);
});

test('defect 6: a v1 List whose items share an anchor renders each item whole', async (t) => {
  const dir = packageWith(t, {
    'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: first}\n  data: &data {a: "1"}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: second}\n  data: *data\n',
  });
  const rendered = await renderPackage(dir);
  t.is(rendered.code, 0, rendered.stderr);
  const second = parseAllDocuments(rendered.stdout).map((document) => document.toJS() as { metadata: { name: string }; data?: unknown }).find((object) => object.metadata.name === 'second');
  t.deepEqual(second?.data, { a: '1' });
});

test('defect 8: a v1 List of 130,000 objects is read without overflowing the stack', async (t) => {
  const dir = temporaryDirectory(t);
  writeFileSync(join(dir, 'nodes.yaml'), `apiVersion: v1\nkind: List\nitems:\n${'- {apiVersion: v1, kind: Node}\n'.repeat(130_000)}`);
  const objects = await readObjectsFile(join(dir, 'nodes.yaml'), 'nodes.yaml');
  t.is(objects.length, 130_000);
});

test('defect 12: empty YAML documents are skipped, as kpt and kubectl skip them', async (t) => {
  const dir = packageWith(t, { 'docs.yaml': '---\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-empty}\n---\n' });
  const rendered = await renderPackage(dir);
  t.is(rendered.code, 0, rendered.stderr);
  t.true(names(rendered.stdout).includes('after-empty'));
});

test('defect 10: a file beyond the input limit is refused before it is read', async (t) => {
  const dir = packageWith(t, {});
  // Sparse: the size is there without the bytes, so the test neither writes nor reads 100 MB.
  const { openSync, ftruncateSync, closeSync } = await import('node:fs');
  const handle = openSync(join(dir, 'huge.yaml'), 'w');
  ftruncateSync(handle, 100 * 1024 * 1024);
  closeSync(handle);
  const before = process.memoryUsage().rss;
  const rendered = await renderPackage(dir);
  t.is(rendered.code, 1);
  t.regex(rendered.stderr, /huge\.yaml.*100 MiB|100 MiB.*huge\.yaml/);
  t.true(process.memoryUsage().rss - before < 50 * 1024 * 1024, 'the file was not read');
});
