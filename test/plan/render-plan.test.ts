// `render --plan` through the built bin: the plan as Markdown text and as JSON, no objects
// anywhere, exit 0 also for a refused transition, 1 on input errors; `render -o DIR` twice: the
// second render's plan compares with what the first wrote to DIR.
import test from 'ava';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runBin, temporaryDirectory } from '../integrations/helpers.js';

function packageOf(t: Parameters<typeof temporaryDirectory>[0], golden: string): string {
  const dir = temporaryDirectory(t, 'ncfn-plan-');
  mkdirSync(join(dir, 'pkg'));
  for (const file of ['fn-config.yaml', 'resources.yaml']) cpSync(join(REPO, 'testdata', golden, file), join(dir, 'pkg', file));
  return dir;
}

test.serial('render --plan prints the plan as text for a pull-request comment', async (t) => {
  const dir = packageOf(t, 'plan-mtu-change');
  const run = await runBin(['render', 'pkg', '--plan'], { cwd: dir });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, [
    '## Calico change plan',
    '',
    'change plan against our previous render: 0 added, 2 changed, 0 removed; calico-node rolls (pod annotations checksum/configmap-calico); typha does not roll; kube-controllers does not roll; 1 transition: veth-mtu',
    '',
    '- **warning** `veth-mtu` (ConfigMap kube-system/calico-config): vethMTU 0 (auto-detected) -> 1400: only new pods get the new MTU: existing pods keep the MTU of their veth until they are restarted, and pods with a larger MTU than the path can lose large packets. What to do: after calico-node has rolled, restart the workloads (roll their Deployments and StatefulSets) so every pod gets the new MTU',
    '',
  ].join('\n'));
  const again = await runBin(['render', 'pkg', '--plan'], { cwd: dir });
  t.is(again.stdout, run.stdout, 'the same input gives the same plan');
});

test.serial('render --plan --json: a refused transition is in the plan, exit 0, nothing written', async (t) => {
  const dir = packageOf(t, 'plan-pool-cidr-refused');
  const run = await runBin(['render', 'pkg', '--plan', '--json', '-o', 'out'], { cwd: dir });
  t.is(run.status, 0, run.stderr);
  const plan = JSON.parse(run.stdout) as { summary: string; refused: boolean; transitions: Array<{ name: string; severity: string; message: string; resourceRef: { kind: string; name: string } }>; otherResults: unknown[] };
  t.true(plan.refused);
  t.regex(plan.summary, /^change plan against our previous render: 0 added, 2 changed, 0 removed;/);
  t.deepEqual(plan.transitions.map(({ name, severity, resourceRef }) => ({ name, severity, kind: resourceRef.kind, object: resourceRef.name })), [
    { name: 'ip-pool-cidr', severity: 'error', kind: 'IPPool', object: 'default-ipv4-ippool' },
  ]);
  t.false(existsSync(join(dir, 'out')), '--plan writes no objects');
});

test.serial('render --plan exits 1 on an input error, with the error in the plan', async (t) => {
  const dir = packageOf(t, 'plan-mtu-change');
  const config = readFileSync(join(dir, 'pkg/fn-config.yaml'), 'utf8');
  writeFileSync(join(dir, 'pkg/fn-config.yaml'), config.replace('crds: Skip', 'crds: Skip\n  acknowledge: [ip-pool-cidr-chnage]'));
  const run = await runBin(['render', 'pkg', '--plan'], { cwd: dir });
  t.is(run.status, 1);
  t.regex(run.stdout, /no plan: the render failed/);
  t.regex(run.stdout, /unknown acknowledgement \(did you mean "ip-pool-cidr-change"\?\)/);
});

test.serial('--json without --plan is a usage error', async (t) => {
  const run = await runBin(['render', 'pkg', '--json'], { cwd: REPO });
  t.is(run.status, 2);
  t.regex(run.stderr, /--json goes with --plan/);
});

test.serial('render -o DIR twice: the plan compares with the objects the first render wrote', async (t) => {
  const dir = packageOf(t, 'default');
  const first = await runBin(['render', 'pkg', '-o', 'out'], { cwd: dir });
  t.is(first.status, 0, first.stderr);
  t.regex(first.stderr, /change plan: first render/);
  const network = readFileSync(join(dir, 'pkg/resources.yaml'), 'utf8');
  writeFileSync(join(dir, 'pkg/resources.yaml'), network.replace('    overlay:\n      enabled: true', '    overlay:\n      enabled: true\n    typha:\n      enabled: false'));
  const second = await runBin(['render', 'pkg', '-o', 'out'], { cwd: dir });
  t.is(second.status, 0, second.stderr);
  t.regex(second.stderr, /change plan against our previous render: 0 added, 3 changed, 16 removed; calico-node rolls \(pod annotations checksum\/configmap-calico\); typha is removed; kube-controllers does not roll; 1 transition: typha/);
  t.regex(second.stderr, /\[info\] ConfigMap kube-system\/calico-config \(out\/kube-system\/configmap_calico-config\.yaml\): typha on -> off/);
  t.false(readdirSync(join(dir, 'out', 'kube-system')).some((file) => file.includes('typha-deploy')));
});

test.serial('render -o DIR: a render of its own in a subdirectory of DIR is no part of the previous state', async (t) => {
  const dir = packageOf(t, 'default');
  t.is((await runBin(['render', 'pkg', '-o', 'out'], { cwd: dir })).status, 0);
  mkdirSync(join(dir, 'out/other-cluster'));
  writeFileSync(join(dir, 'out/other-cluster/.networking-calico-fn-render'), 'package: ../../other\n');
  writeFileSync(join(dir, 'out/other-cluster/configmap_extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: kube-system\n  annotations:\n    fn.networking-calico.gardener.cloud/generated: "true"\n');
  const second = await runBin(['render', 'pkg', '-o', 'out', '--plan'], { cwd: dir });
  t.is(second.status, 0, second.stderr);
  t.regex(second.stdout, /change plan against our previous render: 0 added, 0 changed, 0 removed;/);
});
