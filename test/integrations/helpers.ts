// Shared by the pipeline integration tests: the built bin run as a pipeline runs it, throw-away
// directories, and reading a YAML stream back as Kubernetes objects.
import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { BIN, REPO } from '../support/kpt.js';

export { BIN, REPO };
export { testNeeding } from '../support/tools.js';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Killed after this long, so a hang fails the test instead of stalling the run. */
  timeoutMs?: number;
}

/** Runs a program without a shell and collects its output; asynchronous, so tests overlap. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The built bin, as `node dist/networking-calico-fn.cjs ...args`. */
export function runBin(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return run(process.execPath, [BIN, ...args], options);
}

/** A fresh directory, removed when the test ends. */
export function temporaryDirectory(t: ExecutionContext, prefix = 'ncfn-int-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The bundled example's inputs (Network and function config), without its rendered files. */
export function copyExampleInputs(dir: string): void {
  for (const file of ['network.yaml', 'render-calico.yaml']) cpSync(join(REPO, 'example', file), join(dir, file));
}

export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
} & Record<string, unknown>;

/** Parses a YAML stream as a Kubernetes client would, failing the test on anything that is not an object. */
export function objectsOfStream(t: ExecutionContext, text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const document of parseAllDocuments(text)) {
    t.deepEqual(document.errors, [], 'every document is valid YAML');
    const value = document.toJS() as KubernetesObject | null;
    if (value === null) continue;
    t.true(typeof value.apiVersion === 'string' && typeof value.kind === 'string' && typeof value.metadata?.name === 'string', `a Kubernetes object: ${JSON.stringify(value).slice(0, 120)}`);
    objects.push(value);
  }
  return objects;
}

export function nameOf(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}

/** A rendered file's object as `render` prints it: without the file path and index annotations. */
export function withoutFileAnnotations(object: KubernetesObject): KubernetesObject {
  const annotations = Object.fromEntries(Object.entries(object.metadata.annotations ?? {}).filter(([key]) => !/^(internal\.)?config\.kubernetes\.io\/(path|index)$/.test(key)));
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/** Annotations that only orchestrators use, which must never reach a cluster. */
export const ORCHESTRATION_ANNOTATION = /^(config\.kubernetes\.io\/(path|index)|internal\.config\.kubernetes\.io\/|config\.k8s\.io\/id|kustomize\.config\.k8s\.io\/id)/;

/** The inputs of the function, which describe the cluster and are never applied to it. */
const INPUT_KINDS = new Set(['Network', 'NetworkConfig', 'CalicoRenderConfig', 'NodeConditionSnapshot', 'Node', 'Shoot', 'Kptfile', 'List']);

/** Checks what every applied stream must satisfy: no inputs, no local-config, no orchestration annotations. */
export function assertOnlyAppliedObjects(t: ExecutionContext, objects: readonly KubernetesObject[]): void {
  for (const object of objects) {
    t.false(INPUT_KINDS.has(object.kind), `${nameOf(object)} is an input, not an object to apply`);
    const annotations = Object.keys(object.metadata.annotations ?? {});
    t.false(annotations.includes('config.kubernetes.io/local-config'), `${nameOf(object)} is local-config`);
    t.deepEqual(annotations.filter((key) => ORCHESTRATION_ANNOTATION.test(key)), [], `${nameOf(object)} carries no orchestration annotations`);
  }
}

/** The image's ENTRYPOINT (exec form) as the Dockerfile declares it. */
export function dockerfileEntrypoint(): string[] {
  const line = readFileSync(join(REPO, 'Dockerfile'), 'utf8').split('\n').find((entry) => entry.startsWith('ENTRYPOINT '));
  if (!line) throw new Error('the Dockerfile has no ENTRYPOINT');
  return JSON.parse(line.slice('ENTRYPOINT '.length)) as string[];
}

/**
 * A command from our image, run here: the image's node and bundle (its ENTRYPOINT) become this
 * Node.js and the built bin. Fails when the command does not start with the ENTRYPOINT.
 */
export function localCommand(imageCommand: readonly string[]): [string, string[]] {
  const entrypoint = dockerfileEntrypoint();
  if (entrypoint.some((part, index) => imageCommand[index] !== part)) {
    throw new Error(`${JSON.stringify(imageCommand)} does not start with the image's ENTRYPOINT ${JSON.stringify(entrypoint)}`);
  }
  return [process.execPath, [BIN, ...imageCommand.slice(entrypoint.length)]];
}

/** A NodeConditionSnapshot of two nodes with IPIP running: node-a routed, node-b routed or not. */
export function nodeSnapshot(routed: boolean, capturedAt: string): string {
  return `apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
kind: NodeConditionSnapshot
metadata: {name: shoot-nodes}
capturedAt: "${capturedAt}"
calicoNode: {overlay: ipip}
nodes:
- name: node-a
  conditions: [{type: NetworkUnavailable, status: "False", reason: RouteCreated}]
- name: node-b
  conditions: [{type: NetworkUnavailable, status: "${routed ? 'False' : 'True'}", reason: ${routed ? 'RouteCreated' : 'NoRouteCreated'}}]
`;
}

/**
 * What each cluster-proportional vertical autoscaler of the bundled example's render sets: its
 * target workload (`daemonset/calico-node`), and per container the requests its ConfigMap scales.
 * The Argo CD and Flux set-ups must leave exactly these to the autoscalers.
 */
export function verticallyAutoscaledRequests(): { kind: string; name: string; container: string; resources: string[] }[] {
  const rendered = join(REPO, 'example/calico');
  return readdirSync(rendered).filter((file) => /^deployment_.*-vertical-autoscaler\.yaml$/.test(file)).flatMap((file) => {
    const text = readFileSync(join(rendered, file), 'utf8');
    const [, kind = '', name = ''] = /--target=(\w+)\/([\w-]+)/.exec(text) ?? [];
    // Its config file comes from the ConfigMap mounted into it.
    const configMap = /configMap:\n\s+name: ([\w-]+)/.exec(text)?.[1] ?? '';
    const data = (parse(readFileSync(join(rendered, `configmap_${configMap}.yaml`), 'utf8')) as { data: Record<string, string> }).data;
    return Object.values(data).flatMap((json) => Object.entries(JSON.parse(json) as Record<string, { requests: Record<string, unknown> }>)
      .map(([container, { requests }]) => ({ kind, name, container, resources: Object.keys(requests).sort() })));
  });
}
