// `snapshot --from FILE`: a saved `kubectl get nodes -o yaml` (or `-o json`) turned offline into a
// NodeConditionSnapshot, the form every pipeline reads (kpt refuses a v1 List item). A Node outside
// a list is refused: `kubectl get node NAME` shows one of several. capturedAt is
// the newest condition heartbeat in the file (the kubelet refreshes them every few minutes), or
// what --captured-at says. A calico-node DaemonSet in the same file (`kubectl get nodes,ds -A`)
// adds calicoNode.overlay.
import { readFile } from 'node:fs/promises';
import { firstNonUtf8Line } from '../krm/utf8.js';
import { parseYamlDocuments } from '../krm/yaml-documents.js';
import { CLOCK_SKEW_ALLOWANCE_SECONDS } from '../overlay/decide.js';
import { newestHeartbeat, SINGLE_NODE_REFUSED, tunnelAddressesOfNode } from '../overlay/node-snapshot.js';
import type { NodeCondition, NodeConditionSnapshot, OverlayState } from '../overlay/snapshot-schema.js';
import { isRecord } from '../plain-data.js';
import { calicoNodeOverlay, GUARDED_CONDITION_TYPE, nameListedTwice, snapshotOf, type SnapshotNode } from './build.js';
import { CALICO_NODE_DAEMONSET, CALICO_NODE_NAMESPACE } from './cluster.js';
import { SnapshotFailure } from './failure.js';
import { fileErrorInWords, statInputFile } from '../cli/input-file.js';

// As the live command writes them: no heartbeat, which would change every capture.
const CONDITION_FIELDS = ['reason', 'message', 'lastTransitionTime'] as const;

export interface FromFileOptions {
  name: string;
  /** RFC 3339; overrides the heartbeats. */
  capturedAt?: string;
  /** This machine's clock: no heartbeat may lie ahead of it (beyond the skew allowance). */
  now: Date;
}

export async function snapshotFromFile(path: string, options: FromFileOptions): Promise<NodeConditionSnapshot> {
  let bytes: Buffer;
  try {
    await statInputFile(path);
    bytes = await readFile(path);
  } catch (error) {
    throw new SnapshotFailure(`cannot read ${path}: ${fileErrorInWords(error)}`);
  }
  const nonUtf8Line = firstNonUtf8Line(bytes);
  if (nonUtf8Line !== undefined) {
    // Most often UTF-16, which PowerShell's > writes.
    throw new SnapshotFailure(`${path} is not UTF-8 at line ${nonUtf8Line}: save kubectl's output as UTF-8 (in PowerShell: | Out-File -Encoding utf8)`);
  }
  return snapshotFromText(bytes.toString('utf8'), path, options);
}

export function snapshotFromText(text: string, file: string, options: FromFileOptions): NodeConditionSnapshot {
  const objects: Record<string, unknown>[] = [];
  for (const [index, document] of parseYamlDocuments(text, {}).entries()) {
    const problem = document.errors[0];
    if (problem) throw new SnapshotFailure(`${file} is not valid YAML or JSON: ${problem.message.split('\n')[0]}`);
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) throw new SnapshotFailure(`${file}, document ${index + 1}: not a Kubernetes object`);
    if (value.kind === 'Node') {
      // The guard must see every node: one Node alone is most likely one of several.
      throw new SnapshotFailure(`${file}, document ${index + 1}: ${SINGLE_NODE_REFUSED}`);
    }
    // A loop, not push(...list): a list of some 100,000 objects would overflow the stack as arguments.
    for (const object of unwrapList(value)) objects.push(object);
  }
  const nodes: SnapshotNode[] = [];
  let heartbeat: { time: string; node: string } | undefined;
  let overlay: OverlayState | undefined;
  for (const object of objects) {
    if (object.kind === 'Node' && (object.apiVersion === 'v1' || object.apiVersion === undefined)) {
      const entry = nodeEntry(object, file);
      nodes.push(entry);
      const beat = newestHeartbeat(object);
      if (beat && (!heartbeat || Date.parse(beat) > Date.parse(heartbeat.time))) heartbeat = { time: beat, node: entry.name };
    } else if (object.kind === 'DaemonSet') {
      const metadata = object.metadata as { name?: unknown; namespace?: unknown } | undefined;
      if (metadata?.name !== CALICO_NODE_DAEMONSET || metadata.namespace !== CALICO_NODE_NAMESPACE) continue;
      overlay = calicoNodeOverlay(object);
    } else {
      const what = object.kind === undefined ? 'an object without a kind (a file cut short?)' : `${String(object.apiVersion)} ${String(object.kind)}`;
      throw new SnapshotFailure(`${file}: ${what} is not a Node: expected the output of kubectl get nodes -o yaml (or -o json)`);
    }
  }
  if (nodes.length === 0) throw new SnapshotFailure(`${file} holds no Node: expected the output of kubectl get nodes -o yaml (or -o json)`);
  const twice = nameListedTwice(nodes);
  if (twice !== undefined) throw new SnapshotFailure(`${file}: node ${twice} is listed twice`);
  if (options.capturedAt === undefined && heartbeat && Date.parse(heartbeat.time) - options.now.getTime() > CLOCK_SKEW_ALLOWANCE_SECONDS * 1000) {
    // The kubelet stamps heartbeats with its node's clock: one running ahead would make the whole
    // snapshot look fresh for as long as it runs ahead.
    throw new SnapshotFailure(`${file}: the newest heartbeat of node ${heartbeat.node}, ${heartbeat.time}, is later than this machine's clock (${options.now.toISOString()}) by more than ${CLOCK_SKEW_ALLOWANCE_SECONDS / 60} minutes: its clock runs ahead, so the file cannot tell when it was captured: pass --captured-at TIME`);
  }
  const capturedAt = options.capturedAt ?? heartbeat?.time;
  if (!capturedAt) throw new SnapshotFailure(`${file}: no condition carries a lastHeartbeatTime (an RFC 3339 time, as the API server writes it) to tell when it was captured: pass --captured-at TIME`);
  return snapshotOf(nodes, { name: options.name, capturedAt, overlay });
}

function unwrapList(object: Record<string, unknown>): Record<string, unknown>[] {
  if (object.apiVersion !== 'v1' || (object.kind !== 'List' && object.kind !== 'NodeList')) return [object];
  const items = object.items ?? [];
  if (!Array.isArray(items) || !items.every(isRecord)) throw new SnapshotFailure(`the items of a ${object.kind} must be a list of objects`);
  // A NodeList's items carry no kind of their own.
  return object.kind === 'NodeList' ? items.map((item) => ({ apiVersion: 'v1', kind: 'Node', ...item })) : items;
}

function nodeEntry(node: Record<string, unknown>, file: string): SnapshotNode {
  const name = (node.metadata as { name?: unknown } | undefined)?.name;
  // The guard must see every node; silently dropping one could let an unsafe switch through.
  if (typeof name !== 'string' || name === '') throw new SnapshotFailure(`${file}: a Node without metadata.name — the node list cannot be trusted`);
  const conditions = (node.status as { conditions?: unknown } | undefined)?.conditions;
  const entry: SnapshotNode = { name, conditions: Array.isArray(conditions) ? conditions.filter(isGuarded).map(conditionEntry) : [] };
  const tunnelAddresses = tunnelAddressesOfNode(node);
  if (tunnelAddresses) entry.tunnelAddresses = tunnelAddresses;
  return entry;
}

function isGuarded(condition: unknown): condition is Record<string, unknown> {
  return isRecord(condition) && condition.type === GUARDED_CONDITION_TYPE;
}

function conditionEntry(condition: Record<string, unknown>): NodeCondition {
  const entry: NodeCondition = { type: String(condition.type), status: String(condition.status) };
  for (const field of CONDITION_FIELDS) {
    const value = condition[field];
    if (typeof value === 'string' && value !== '') entry[field] = value;
  }
  return entry;
}
