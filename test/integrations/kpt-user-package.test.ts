// A user's own kpt package, as the README documents it: the function installed on the PATH
// (`npm install --global`) and named by `exec:` in the Kptfile. kpt and `render` agree on it.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { kptTest as kptTestFn, snapshotFiles, userKptfile } from '../support/kpt.js';
import { BIN, nameOf, objectsOfStream, REPO, run, runBin, temporaryDirectory, withoutFileAnnotations, type KubernetesObject } from './helpers.js';

const kptTest = kptTestFn();

const KPTFILE = userKptfile('networking-calico-fn');
kptTest('exec: networking-calico-fn from the PATH renders into calico/, stable on re-render, and render prints the same objects', async (t) => {
  const root = temporaryDirectory(t);
  const pkg = join(root, 'shoot-calico');
  mkdirSync(join(root, 'bin'));
  mkdirSync(pkg);
  // What `npm install --global` leaves on the PATH: the bin under its package name.
  symlinkSync(BIN, join(root, 'bin/networking-calico-fn'));
  writeFileSync(join(pkg, 'Kptfile'), KPTFILE);
  writeFileSync(join(pkg, 'network.yaml'), readFileSync(join(REPO, 'example/network.yaml'), 'utf8'));
  // The default outputDir (calico/) instead of the example's.
  writeFileSync(join(pkg, 'render-calico.yaml'), readFileSync(join(REPO, 'example/render-calico.yaml'), 'utf8').replace(/\n {2}outputDir: .*\n/, '\n'));
  const env = { ...process.env, PATH: `${join(root, 'bin')}:${dirname(process.execPath)}:${process.env.PATH ?? ''}` };

  const first = await run('kpt', ['fn', 'render', '--allow-exec'], { cwd: pkg, env });
  t.is(first.status, 0, first.stderr);
  const files = snapshotFiles(pkg);
  t.true(files.has('calico/daemonset_calico-node.yaml'));
  const second = await run('kpt', ['fn', 'render', '--allow-exec'], { cwd: pkg, env });
  t.is(second.status, 0, second.stderr);
  t.deepEqual(snapshotFiles(pkg), files, 'the second render changes nothing');

  const rendered = await runBin(['render', pkg]);
  t.is(rendered.status, 0, rendered.stderr);
  const printed = new Map(objectsOfStream(t, rendered.stdout).map((object) => [nameOf(object), object]));
  const written = [...files].filter(([path]) => path.startsWith('calico/')).map(([, text]) => parse(text) as KubernetesObject);
  t.is(printed.size, written.length);
  for (const object of written) t.deepEqual(printed.get(nameOf(object)), withoutFileAnnotations(object));
});
