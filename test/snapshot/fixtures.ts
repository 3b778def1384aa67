// Shared pieces for the snapshot tests: API objects as the server sends them, kubeconfig files
// and a runner that captures what the command prints.
import type { ExecutionContext } from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { OverlayState } from '../../src/overlay/snapshot-schema.js';
import { runSnapshotCommand } from '../../src/snapshot/command.js';

export const FIXED_CLOCK = () => new Date('2025-03-04T05:06:07.089Z');

export interface ApiCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
}

export function apiNode(name: string, conditions?: ApiCondition[], annotations?: Record<string, string>): object {
  return {
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name }, ...(annotations && { annotations }) },
    spec: { podCIDR: '100.96.0.0/24' },
    ...(conditions && { status: { conditions } }),
  };
}

export const ready: ApiCondition = {
  type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status',
  lastHeartbeatTime: '2025-03-04T05:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z',
};

export function networkUnavailable(status: 'True' | 'False', lastTransitionTime = '2025-02-01T12:34:56Z'): ApiCondition {
  return status === 'False'
    ? { type: 'NetworkUnavailable', status, reason: 'CalicoIsUp', message: 'Calico is running on this node', lastTransitionTime, lastHeartbeatTime: '2025-03-04T05:00:00Z' }
    : { type: 'NetworkUnavailable', status, reason: 'NoRouteCreated', message: 'Node created without a route', lastTransitionTime };
}

const OVERLAY_ENV: Record<OverlayState, { ipip: string; vxlan: string }> = {
  ipip: { ipip: 'true', vxlan: 'false' },
  vxlan: { ipip: 'false', vxlan: 'true' },
  none: { ipip: 'false', vxlan: 'false' },
};

export function apiCalicoNodeDaemonSet(overlay: OverlayState, containerName = 'calico-node'): object {
  const env = OVERLAY_ENV[overlay];
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'calico-node', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'calico-node' } },
      template: {
        metadata: { labels: { 'k8s-app': 'calico-node' } },
        spec: {
          containers: [{
            name: containerName,
            image: 'quay.io/calico/node:v3.31.6',
            env: [
              { name: 'DATASTORE_TYPE', value: 'kubernetes' },
              { name: 'FELIX_IPINIPENABLED', value: env.ipip },
              { name: 'FELIX_VXLANENABLED', value: env.vxlan },
            ],
          }],
        },
      },
    },
  };
}

export async function temporaryDirectory(t: ExecutionContext): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'snapshot-test-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

export interface KubeconfigContext {
  name: string;
  server: string;
  token: string;
}

export async function writeKubeconfig(directory: string, contexts: KubeconfigContext[], currentContext: string): Promise<string> {
  const path = join(directory, 'kubeconfig');
  await writeFile(path, stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // Plain http without insecure-skip-tls-verify, as a kubeconfig for `kubectl proxy` reads.
    clusters: contexts.map((context) => ({ name: `${context.name}-cluster`, cluster: { server: context.server } })),
    users: contexts.map((context) => ({ name: `${context.name}-user`, user: { token: context.token } })),
    contexts: contexts.map((context) => ({ name: context.name, context: { cluster: `${context.name}-cluster`, user: `${context.name}-user` } })),
    'current-context': currentContext,
  }));
  return path;
}

export interface CommandRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runSnapshot(argv: string[], now: () => Date = FIXED_CLOCK): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runSnapshotCommand(argv, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    now,
  });
  return { exitCode, stdout, stderr };
}

/** A failure message is one line, without a stack trace. */
export function assertOneLineFailure(t: ExecutionContext, run: CommandRun): void {
  t.is(run.exitCode, 1);
  t.is(run.stdout, '');
  t.regex(run.stderr, /^networking-calico-fn snapshot: [^\n]+\n$/);
  t.notRegex(run.stderr, /\bat .+:\d+:\d+/);
}
