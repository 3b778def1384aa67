// Differential test through the real kpt binary: a package of real-world-like manifests
// (test/fixtures/pass-through-corpus/, see its README) rendered three times by our function and,
// side by side, three times by the identity function (`cat`). kpt normalises some files itself
// (escapes, CRLF, line folding, its comment restoration); whatever it does with `cat` is the
// baseline, and after every render each file of the package must be byte-identical to the
// baseline: the function changes nothing of the user's, and nothing grows from render to render.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpt, kptTest as kptTestFn, snapshotFiles } from '../support/kpt.js';
import { BIN, REPO, temporaryDirectory } from '../integrations/helpers.js';

const kptTest = kptTestFn();
const CORPUS = join(REPO, 'test/fixtures/pass-through-corpus');
const RENDERS = 3;

const kptfile = (mutator: string) => `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: corpus
  annotations:
    config.kubernetes.io/local-config: "true"
pipeline:
  mutators:
  - ${mutator}
    configPath: render-calico.yaml
`;

function packageWith(dir: string, mutator: string): string {
  mkdirSync(dir);
  for (const file of readdirSync(CORPUS).filter((name) => name.endsWith('.yaml'))) cpSync(join(CORPUS, file), join(dir, file));
  cpSync(join(REPO, 'example/network.yaml'), join(dir, 'network.yaml'));
  writeFileSync(join(dir, 'render-calico.yaml'), readFileSync(join(REPO, 'example/render-calico.yaml'), 'utf8').replace(/\n {2}outputDir: .*\n/, '\n  outputDir: calico\n'));
  writeFileSync(join(dir, 'Kptfile'), kptfile(mutator));
  return dir;
}

kptTest(`every file of a real-world-like package comes back as kpt's identity render leaves it, ${RENDERS} renders in a row`, (t) => {
  const root = temporaryDirectory(t, 'ncfn-differential-');
  const ours = packageWith(join(root, 'ours'), `exec: ${BIN}`);
  const identity = packageWith(join(root, 'identity'), 'exec: /bin/cat');
  const original = snapshotFiles(ours);
  for (let pass = 1; pass <= RENDERS; pass++) {
    for (const dir of [ours, identity]) {
      const result = kpt(dir, ['fn', 'render', '--allow-exec']);
      t.is(result.status, 0, `render ${pass} in ${dir}: ${result.stderr}`);
    }
    const rendered = snapshotFiles(ours);
    const baseline = snapshotFiles(identity);
    t.true([...rendered.keys()].some((path) => path.startsWith('calico/')), 'the function rendered its objects');
    for (const [path, text] of baseline) {
      if (path === 'Kptfile') continue;
      t.is(rendered.get(path), text, `render ${pass}: ${path} differs from the identity render`);
    }
  }
  // The corpus is not all kpt-normalised: most files come back exactly as written.
  const unchanged = [...original.keys()].filter((path) => path !== 'Kptfile' && snapshotFiles(ours).get(path) === original.get(path));
  t.true(unchanged.length >= 3, `files kept byte for byte: ${unchanged.join(', ')}`);
});
