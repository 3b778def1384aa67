// Where the plan's previous state comes from, and how spec.acknowledge is checked.
import test from 'ava';
import { parse } from 'yaml';
import { processResourceList } from '../../src/krm/process.js';
import type { Result } from '../../src/krm/types.js';
import { PLAN_TAG } from '../../src/plan/plan.js';
import { CAPTURED_ANNOTATION } from '../../src/plan/previous-state.js';
import { NOW, rendered, renderWith, resourceList } from './render-twice.js';

/** What a cluster serves for our objects: status, server-set metadata, a defaulted pod field. */
function asCapturedLive(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata as { annotations?: Record<string, string> };
  const annotations = Object.fromEntries(Object.entries(metadata.annotations ?? {}).filter(([key]) => !key.startsWith('config.kubernetes.io/') && !key.startsWith('internal.') && key !== 'fn.networking-calico.gardener.cloud/generated'));
  return {
    ...object,
    metadata: { ...metadata, uid: '7d4c', resourceVersion: '4711', annotations: { ...annotations, [CAPTURED_ANNOTATION]: '2026-11-23T11:55:00Z', 'config.kubernetes.io/local-config': 'true' } },
    ...(object.kind === 'DaemonSet' ? { spec: withSchedulerName(object.spec as { template: { spec: object } }) } : {}),
    status: { observedGeneration: 3 },
  };
}

function withSchedulerName(spec: { template: { spec: object } }): object {
  return { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, schedulerName: 'default-scheduler' } } };
}

const CAPTURED_KINDS = (object: Record<string, unknown>) => ['DaemonSet', 'ConfigMap', 'IPPool'].includes(String(object.kind)) &&
  ['calico-node', 'calico-config', 'default-ipv4-ippool'].includes(String((object.metadata as { name?: string }).name));

test('a live capture is compared by what we render: server defaults and status are no change', (t) => {
  const live = rendered({}).filter(CAPTURED_KINDS).map(asCapturedLive);
  const run = renderWith({}, live);
  t.is(run.plan.length, 1);
  t.is(run.plan[0]?.message, 'change plan against the live capture of 2026-11-23T11:55:00Z: 0 of the 3 captured objects changed (objects not captured are not compared); calico-node does not roll; typha does not roll; kube-controllers does not roll; no transition classified');
});

test('a live capture comes first, before our previous render in the input', (t) => {
  const live = rendered({ providerConfig: { vethMTU: '1300' } }).filter(CAPTURED_KINDS).map(asCapturedLive);
  const run = renderWith({ providerConfig: { vethMTU: '1400' } }, [...rendered({ providerConfig: { vethMTU: '1400' } }), ...live]);
  t.regex(run.plan[0]?.message ?? '', /^change plan against the live capture/);
  t.regex(run.plan.find((result) => result.tags?.[PLAN_TAG] === 'veth-mtu')?.message ?? '', /^vethMTU 1300 -> 1400/);
});

test('the live capture stays in the package, the previous render is replaced', (t) => {
  const live = rendered({}).filter(CAPTURED_KINDS).map(asCapturedLive);
  const outcome = processResourceList(resourceList({}, live), NOW);
  const items = (parse(outcome.stdout ?? '') as { items: Array<{ metadata: { annotations?: Record<string, string> } }> }).items;
  t.is(items.filter((item) => item.metadata.annotations?.[CAPTURED_ANNOTATION] !== undefined).length, 3);
});

function resultsOf(text: string): Result[] {
  return (parse(text) as { results: Result[] }).results;
}

test('an unknown acknowledgement is an error naming the nearest valid one', (t) => {
  const outcome = processResourceList(resourceList({ acknowledge: ['ipam-type-chnage'] }), NOW);
  t.is(outcome.exitCode, 1);
  const errors = resultsOf(outcome.stdout ?? '').filter((result) => result.severity === 'error');
  t.is(errors.length, 1);
  t.regex(errors[0]?.message ?? '', /unknown acknowledgement \(did you mean "ipam-type-change"\?\), known ones are ipam-type-change, ip-pool-cidr-change, ip-pool-block-size-change, ipv4-pool-removal, ipv6-pool-removal/);
  t.regex(JSON.stringify(errors[0]), /acknowledge/);
});

test('an acknowledgement without its transition is a warning to remove it', (t) => {
  const run = renderWith({ acknowledge: ['ip-pool-cidr-change'] }, rendered({}));
  t.is(run.exitCode, 0);
  const unused = run.plan.filter((result) => result.tags?.[PLAN_TAG] === 'unused-acknowledgement');
  t.is(unused.length, 1);
  t.is(unused[0]?.severity, 'warning');
  t.regex(unused[0]?.message ?? '', /^spec\.acknowledge lists "ip-pool-cidr-change", but this render has no such transition: remove it/);
});

// Found by a hostile review (tenth session): a container, init container or volume that was no map
// (null, in a hand-edited capture or previous render) crashed the render with an internal error.
for (const [field, value] of [['containers', [null, { name: 'calico-node' }]], ['initContainers', [null, 5]], ['volumes', [null, 'x']]] as const) {
  test(`a captured calico-node with ${field} ${JSON.stringify(value)}: compared, never a crash`, (t) => {
    const [live] = rendered({}).filter(CAPTURED_KINDS).filter((object) => object.kind === 'DaemonSet').map(asCapturedLive);
    const spec = (live as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
    spec[field] = [...value, ...((spec[field] as unknown[] | undefined) ?? [])];
    const run = renderWith({}, [live]);
    t.is(run.exitCode, 0);
    t.regex(run.plan[0]?.message ?? '', /^change plan against the live capture of 2026-11-23T11:55:00Z: 1 of the 1 captured objects changed/);
  });
}

// Found by a hostile review (tenth session): a capture of calico-config alone hid our previous
// render's IPPool, so a refused pool CIDR change rendered with exit 0.
test('a live capture of some objects: our previous render in the input fills in the others', (t) => {
  const previous = rendered({});
  const live = previous.filter(CAPTURED_KINDS).filter((object) => object.kind === 'ConfigMap').map(asCapturedLive);
  t.is(live.length, 1);
  const run = renderWith({ podCIDRs: ['100.128.0.0/11'] }, [...previous, ...live]);
  t.is(run.exitCode, 1);
  t.regex(run.plan[0]?.message ?? '', /^change plan against the live capture of 2026-11-23T11:55:00Z: \d+ of \d+ objects changed \(1 captured; \d+ not captured, read from our previous render\)/);
  t.regex(run.plan.find((result) => result.tags?.[PLAN_TAG] === 'ip-pool-cidr')?.message ?? '', /^refused: IPPool default-ipv4-ippool cidr 100\.96\.0\.0\/11 -> 100\.128\.0\.0\/11/);
});

// Found in the eleventh session: the live capture's client writes valueFrom's keys in its own
// order (key before name) and the server adds defaults (fieldRef.apiVersion); the plan's reasons
// compared valueFrom as JSON text and listed every such variable as changed.
test('against a live capture, env taken from elsewhere is compared by what it says, not by its key order or server defaults', (t) => {
  const reordered = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reordered);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>).reverse().map(([key, inner]) => [key, reordered(inner)] as const);
    const object = Object.fromEntries(entries) as Record<string, unknown>;
    if (isFieldRef(object)) object.apiVersion = 'v1';
    return object;
  };
  const isFieldRef = (object: Record<string, unknown>) => typeof object.fieldPath === 'string' && object.apiVersion === undefined;
  const live = rendered({}).filter(CAPTURED_KINDS).map(asCapturedLive).map((object) => object.kind === 'DaemonSet'
    ? { ...object, spec: reordered(object.spec) } : object);
  const typhaOff = renderWith({ providerConfig: { typha: { enabled: false } } }, live);
  const summary = typhaOff.plan.find((result) => result.tags?.[PLAN_TAG] === 'summary')?.message ?? '';
  t.regex(summary, /calico-node rolls \(pod annotations checksum\/configmap-calico\)/);
  t.notRegex(summary, /env /);
});
