// The change plan through the real kpt binary: a package rendered twice with a change in between
// (the second render's plan compares with what the first left in the package), then a refused
// pool CIDR change (kpt fails, the package stays as it was) and the same change acknowledged.
import type { ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BIN, kpt, kptTest as kptTestFn, REPO, snapshotFiles, userKptfile } from '../support/kpt.js';

const kptTest = kptTestFn();
const PLAN_TAG = 'fn.networking-calico.gardener.cloud/plan';

interface KptResult { message: string; severity: string; tags?: Record<string, string>; resourceRef?: { kind?: string; name?: string } }

function examplePackage(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-plan-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Kptfile'), userKptfile(BIN));
  writeFileSync(join(dir, 'network.yaml'), readFileSync(join(REPO, 'example/network.yaml'), 'utf8'));
  writeFileSync(join(dir, 'render-calico.yaml'), readFileSync(join(REPO, 'example/render-calico.yaml'), 'utf8').replace('outputDir: example/calico', 'outputDir: calico'));
  return dir;
}

/** kpt fn render with --results-dir: the exit status and our function's results. */
function render(t: ExecutionContext, dir: string): { status: number | null; results: KptResult[]; stderr: string } {
  const resultsDir = mkdtempSync(join(tmpdir(), 'ncfn-plan-results-'));
  t.teardown(() => rmSync(resultsDir, { recursive: true, force: true }));
  const run = kpt(dir, ['fn', 'render', '--allow-exec', '--truncate-output=false', '--results-dir', resultsDir]);
  const list = parse(readFileSync(join(resultsDir, 'results.yaml'), 'utf8')) as { items?: Array<{ results?: KptResult[] }> };
  return { status: run.status, results: (list.items ?? []).flatMap((item) => item.results ?? []), stderr: run.stderr };
}

const planOf = (results: KptResult[]) => results.filter((result) => result.tags?.[PLAN_TAG] !== undefined);
const edit = (dir: string, file: string, from: string, to: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to));

kptTest('kpt fn render twice with a change in between: the plan names it', (t) => {
  const dir = examplePackage(t);
  const first = render(t, dir);
  t.is(first.status, 0, first.stderr);
  t.deepEqual(planOf(first.results).map((result) => result.message), ['change plan: first render: no live capture and no previous render in the input or in render -o DIR, so nothing is compared and no transition is classified']);

  edit(dir, 'network.yaml', '    typha:\n      enabled: true', '    typha:\n      enabled: false\n    vethMTU: "1400"');
  const second = render(t, dir);
  t.is(second.status, 0, second.stderr);
  const plan = planOf(second.results);
  t.regex(plan[0]?.message ?? '', /^change plan against our previous render: 0 added, 3 changed, \d+ removed; calico-node rolls \(pod annotations checksum\/configmap-calico\); typha is removed; kube-controllers does not roll; 2 transitions: veth-mtu, typha$/);
  t.deepEqual(plan.slice(1).map((result) => [result.tags?.[PLAN_TAG], result.severity, result.resourceRef?.name]), [
    ['veth-mtu', 'warning', 'calico-config'],
    ['typha', 'info', 'calico-config'],
  ]);

  const third = render(t, dir);
  t.regex(planOf(third.results)[0]?.message ?? '', /0 added, 0 changed, 0 removed; .*no transition classified$/, 'rendering again changes nothing');
});

kptTest('kpt fn render refuses a pool CIDR change until it is acknowledged', (t) => {
  const dir = examplePackage(t);
  t.is(render(t, dir).status, 0);
  const before = snapshotFiles(dir);
  edit(dir, 'network.yaml', 'podCIDR: 100.96.0.0/11', 'podCIDR: 100.128.0.0/11');
  edit(dir, 'render-calico.yaml', '        - 100.96.0.0/11', '        - 100.128.0.0/11');
  const refused = render(t, dir);
  t.not(refused.status, 0);
  const error = planOf(refused.results).find((result) => result.severity === 'error');
  t.regex(error?.message ?? '', /^refused: IPPool default-ipv4-ippool cidr 100\.96\.0\.0\/11 -> 100\.128\.0\.0\/11: /);
  const after = snapshotFiles(dir);
  for (const [path, text] of before) if (path.startsWith('calico/')) t.is(after.get(path), text, `${path} unchanged`);

  edit(dir, 'render-calico.yaml', '  outputDir: calico', '  outputDir: calico\n  acknowledge:\n  - ip-pool-cidr-change');
  const acknowledged = render(t, dir);
  t.is(acknowledged.status, 0, acknowledged.stderr);
  t.is(planOf(acknowledged.results).find((result) => result.tags?.[PLAN_TAG] === 'ip-pool-cidr')?.severity, 'warning');
  t.regex(readFileSync(join(dir, 'calico/ippool_default-ipv4-ippool.yaml'), 'utf8'), /cidr: 100\.128\.0\.0\/11/);
});
