// The Flux workflow example's pull-request job: it runs only on pull requests (and publishing
// never does), and its plan step, run as GitHub Actions runs it against a previous render, prints
// the change plan that the next step posts.
import test from 'ava';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { BIN, REPO, run, temporaryDirectory } from '../integrations/helpers.js';

interface Step { name?: string; run?: string }
interface Job { if?: string; permissions?: Record<string, string>; steps: Step[] }
const workflow = parse(readFileSync(join(REPO, 'deploy/flux/github-workflow.yaml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const planJob = workflow.jobs.plan as Job;
const stepRunning = (pattern: RegExp) => planJob.steps.find((step) => pattern.test(step.run ?? ''))?.run ?? '';

test('the plan job runs on pull requests only, and publishing never does', (t) => {
  t.truthy(workflow.on.pull_request);
  t.is(planJob.if, "github.event_name == 'pull_request'");
  t.is(workflow.jobs.publish?.if, "github.event_name != 'pull_request'");
  t.is(planJob.permissions?.['pull-requests'], 'write');
  t.false(planJob.steps.some((step) => /flux push/.test(step.run ?? '')), 'the plan job publishes nothing');
  t.regex(stepRunning(/gh pr comment/), /--body-file plan\.md/);
});

test('the plan step prints the plan against the pulled previous render, exit 0', async (t) => {
  const root = temporaryDirectory(t);
  const checkout = join(root, 'checkout');
  cpSync(join(REPO, 'example'), join(checkout, 'example'), { recursive: true });
  const binDir = join(root, 'bin');
  mkdirSync(binDir);
  symlinkSync(BIN, join(binDir, 'networking-calico-fn'));
  const env = { ...process.env, PATH: `${binDir}:${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  // What `flux pull artifact` leaves: the last published render.
  t.is((await run('networking-calico-fn', ['render', 'example', '-o', 'rendered'], { cwd: checkout, env })).status, 0);
  const network = join(checkout, 'example/network.yaml');
  writeFileSync(network, readFileSync(network, 'utf8').replace('      mode: Always', '      mode: Always\n    vethMTU: "1400"'));

  const step = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', stepRunning(/render .*--plan/)], { cwd: checkout, env });
  t.is(step.status, 0, step.stderr);
  const plan = readFileSync(join(checkout, 'plan.md'), 'utf8');
  t.regex(plan, /^## Calico change plan\n\nchange plan against our previous render: 0 added, 2 changed, 0 removed;/);
  t.regex(plan, /- \*\*warning\*\* `veth-mtu` \(ConfigMap kube-system\/calico-config\): vethMTU 0 \(auto-detected\) -> 1400/);
});
