// What a change does to the objects: added, changed and removed ones, and for the Calico
// workloads whether their pods roll and why (env vars, images, volumes, other pod fields).
import { identityOf } from '../emit/emit.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import { refOf, type ResourceRef } from '../krm/types.js';
import { containersOf, envEntriesOf, type PlainObject } from './facts.js';
import { isRecord } from '../plain-data.js';

export interface Roll {
  workload: string;
  ref: ResourceRef;
  env: string[];
  images: string[];
  volumes: string[];
  /** Pod template annotations that changed (config checksums). */
  annotations: string[];
  /** Pod template changes beyond env, images, volumes and annotations. */
  otherPodFields: boolean;
}

export interface ObjectDiff {
  added: ResourceRef[];
  changed: ResourceRef[];
  removed: ResourceRef[];
  rolls: Roll[];
}

export type Comparison =
  /** Both sides are our renders: objects must be equal. */
  | 'render'
  /** The previous side is what a cluster serves: it may hold server defaults and status, and only
   * the captured kinds are known, so an object we render must only be covered by the live one. */
  | 'live';

const WORKLOADS = ['calico-node', 'calico-typha-deploy', 'calico-kube-controllers'];
/** Annotations that place objects in files or mark them ours: no change to the object itself. */
const IGNORED_ANNOTATION = /^(config\.kubernetes\.io\/|internal\.config\.kubernetes\.io\/|config\.k8s\.io\/id$|fn\.networking-calico\.gardener\.cloud\/(generated|captured-at)$|kubectl\.kubernetes\.io\/last-applied-configuration$)/;

export function diffObjects(previous: readonly PlainObject[], next: readonly PlainObject[], comparison: Comparison): ObjectDiff {
  const before = new Map(previous.map((object) => [identityOf(object as KubernetesObject), normalised(object)]));
  const diff: ObjectDiff = { added: [], changed: [], removed: [], rolls: [] };
  const seen = new Set<string>();
  for (const raw of next) {
    const identity = identityOf(raw as KubernetesObject);
    seen.add(identity);
    const object = normalised(raw);
    const old = before.get(identity);
    if (old === undefined) {
      if (comparison === 'render') diff.added.push(refOf(object));
      continue;
    }
    const same = comparison === 'render' ? equal(old, object) : covers(old, object);
    if (same) continue;
    diff.changed.push(refOf(object));
    const name = (object.metadata as { name?: string }).name ?? '';
    if (WORKLOADS.includes(name) && (object.kind === 'DaemonSet' || object.kind === 'Deployment')) {
      const roll = rollOf(old, object, comparison);
      if (roll) diff.rolls.push({ workload: name, ref: refOf(object), ...roll });
    }
  }
  // A live capture holds objects we do not own (and never prune): only our renders lose objects.
  if (comparison === 'render') for (const [identity, object] of before) if (!seen.has(identity)) diff.removed.push(refOf(object));
  return diff;
}

function rollOf(old: PlainObject, now: PlainObject, comparison: Comparison): Omit<Roll, 'workload' | 'ref'> | undefined {
  const template = (object: PlainObject) => (object.spec as { template?: unknown } | undefined)?.template;
  const same = comparison === 'render' ? equal : covers;
  if (same(template(old), template(now))) return undefined;
  const env: string[] = [];
  const images: string[] = [];
  const names = (object: PlainObject) => containersOf(object).map((container) => String(container.name));
  for (const container of [...new Set([...names(old), ...names(now)])].sort()) {
    const before = envEntriesOf(old, container);
    const after = envEntriesOf(now, container);
    for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      // Compared as data: a live capture's valueFrom has its keys in the client's order and the server's defaults.
      const changed = !before.has(key) || !after.has(key) || !same(before.get(key), after.get(key));
      if (changed && !(comparison === 'live' && !after.has(key))) env.push(`${key} (${container})`);
    }
    const image = (object: PlainObject) => containersOf(object).find((candidate) => candidate.name === container)?.image;
    if (String(image(old)) !== String(image(now))) images.push(`${container}: ${String(image(old) ?? 'none')} -> ${String(image(now) ?? 'none')}`);
  }
  const volumes = volumeChanges(old, now, comparison);
  const podAnnotations = (object: PlainObject) => ((template(object) as { metadata?: { annotations?: Record<string, unknown> } } | undefined)?.metadata?.annotations ?? {});
  const annotations = [...new Set([...Object.keys(podAnnotations(old)), ...Object.keys(podAnnotations(now))])].sort()
    .filter((key) => String(podAnnotations(old)[key]) !== String(podAnnotations(now)[key]) && !(comparison === 'live' && podAnnotations(now)[key] === undefined));
  const stripped = (object: PlainObject) => {
    const copy = JSON.parse(JSON.stringify(template(object) ?? {})) as { metadata?: { annotations?: unknown }; spec?: { volumes?: unknown } };
    for (const container of containersOf({ spec: { template: copy } })) { delete container.env; delete container.image; }
    if (copy.spec) delete copy.spec.volumes;
    if (copy.metadata) delete copy.metadata.annotations;
    return copy;
  };
  return { env, images, volumes, annotations, otherPodFields: !same(stripped(old), stripped(now)) };
}

function volumeChanges(old: PlainObject, now: PlainObject, comparison: Comparison): string[] {
  const volumes = (object: PlainObject) => {
    const list = ((object.spec as { template?: { spec?: { volumes?: unknown } } } | undefined)?.template?.spec?.volumes);
    return new Map((Array.isArray(list) ? list.filter(isRecord) : []).map((volume) => [String(volume.name), volume as unknown]));
  };
  const before = volumes(old);
  const after = volumes(now);
  const same = comparison === 'render' ? equal : covers;
  return [...new Set([...before.keys(), ...after.keys()])].sort().flatMap((name) => {
    if (!after.has(name)) return comparison === 'render' ? [`${name} removed`] : [];
    if (!before.has(name)) return [`${name} added`];
    return same(before.get(name), after.get(name)) ? [] : [`${name} changed`];
  });
}

/** Without status, server-set metadata and the annotations that only place the object. */
function normalised(object: PlainObject): PlainObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...(object.metadata as Record<string, unknown> | undefined) };
  for (const key of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink']) delete metadata[key];
  const annotations = Object.entries((metadata.annotations ?? {}) as Record<string, unknown>).filter(([key]) => !IGNORED_ANNOTATION.test(key));
  if (annotations.length > 0) metadata.annotations = Object.fromEntries(annotations);
  else delete metadata.annotations;
  return { ...rest, metadata };
}

/** Equal as data; scalars compare by their text (a render read back from YAML has "26" for 26). */
function equal(a: unknown, b: unknown): boolean {
  return covers(a, b) && covers(b, a);
}

/** Everything `part` says, `whole` says too. */
function covers(whole: unknown, part: unknown): boolean {
  if (part === null || typeof part !== 'object') return whole !== undefined && whole !== null && typeof whole !== 'object' ? String(whole) === String(part) : whole === part;
  if (Array.isArray(part)) return Array.isArray(whole) && whole.length === part.length && part.every((item, index) => covers(whole[index], item));
  if (whole === null || typeof whole !== 'object' || Array.isArray(whole)) return false;
  return Object.entries(part).every(([key, value]) => value === undefined || covers((whole as Record<string, unknown>)[key], value));
}
