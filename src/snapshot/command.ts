// `networking-calico-fn snapshot`: captures the NetworkUnavailable condition and Calico's tunnel
// addresses of every node and the overlay of the running calico-node, the live facts the
// overlay-switch guard decides on; `--from FILE` converts a saved `kubectl get nodes` instead.
import * as z from 'zod/mini';
import { CommandFailure, parseFlags, runCommand, UsageError, type CommandIo } from '../cli/command.js';
import { dirname } from 'node:path';
import type { NodeConditionSnapshot } from '../overlay/snapshot-schema.js';
import { writeFileAtomically } from '../cli/write-atomically.js';
import { makeDirectories } from '../cli/make-directories.js';
import { fileErrorInWords } from '../cli/input-file.js';
import { buildNodeConditionSnapshot, DEFAULT_SNAPSHOT_NAME, snapshotToYaml } from './build.js';
import { capturedCalicoItems, capturedItemsToYaml } from './calico-state.js';
import { readLiveCalicoState, readLiveClusterState } from './cluster.js';
import { snapshotFromFile } from './from-file.js';
import { parseDurationSeconds } from '../inputs/duration.js';
import { isDNSSubdomain } from '../inputs/net.js';

export interface SnapshotCommandIo extends CommandIo {
  /** The clock for `capturedAt`; tests inject a fixed one. */
  now?: () => Date;
}

const DEFAULT_REQUEST_TIMEOUT = '30s';
/** Node's timers hold about 24.8 days; a day is more than any request needs. */
const MAX_REQUEST_TIMEOUT_SECONDS = 24 * 3600;

const USAGE = `usage: networking-calico-fn snapshot [--kubeconfig PATH] [--context NAME] [--request-timeout DURATION] [--name NAME] [--calico-state] [-o FILE]
       networking-calico-fn snapshot --from FILE [--captured-at TIME] [--name NAME] [-o FILE]
  --kubeconfig PATH   kubeconfig to use (default: KUBECONFIG, then ~/.kube/config, then the
                      in-cluster service account)
  --context NAME      kubeconfig context to use (default: its current-context)
  --request-timeout DURATION
                      how long each request to the API server may take, such as 30s or 2m
                      (default: ${DEFAULT_REQUEST_TIMEOUT}; at most 24h)
  --from FILE         convert a saved kubectl get nodes -o yaml (or -o json) offline instead
  --captured-at TIME  with --from: when it was captured, RFC 3339 (default: the newest
                      condition heartbeat in FILE)
  --calico-state      also record the live calico-node DaemonSet, the calico-config ConfigMap
                      and the IPPools (read-only, as local-config items) for the change plan
  --name NAME         metadata.name of the snapshot (default: ${DEFAULT_SNAPSHOT_NAME})
  -o, --output FILE   write the snapshot to FILE, replacing it atomically (default, or -: stdout)
`;

interface SnapshotArguments {
  kubeconfigPath?: string;
  context?: string;
  requestTimeoutSeconds: number;
  fromFile?: string;
  capturedAt?: string;
  name: string;
  outputPath?: string;
  calicoState: boolean;
}

const OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'request-timeout': { type: 'string' },
  from: { type: 'string' },
  'captured-at': { type: 'string' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'calico-state': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `argv` holds the arguments after `snapshot`. Returns the exit code: 0, 1 (failure) or 2 (usage). */
export function runSnapshotCommand(argv: string[], io: SnapshotCommandIo): Promise<number> {
  return runCommand({ prefix: PREFIX, usage: USAGE, parse: parseSnapshotArguments, run: (args) => snapshot(args, io) }, argv, io);
}

const PREFIX = 'networking-calico-fn snapshot: ';

async function snapshot(args: SnapshotArguments, io: SnapshotCommandIo): Promise<number> {
  // -o's directory is made first, as `render -o` makes OUT (`-o snapshots/shoot.yaml` in a fresh
  // checkout), and before the cluster is asked: a path that cannot be written fails at once.
  if (args.outputPath !== undefined) {
    const path = args.outputPath;
    await makeDirectories(dirname(path)).catch((error: unknown) => {
      throw new CommandFailure(`cannot write ${path}: cannot make its directory: ${fileErrorInWords(error)}`);
    });
  }
  const live = args.fromFile === undefined ? await liveSnapshot(args, io) : undefined;
  const built = live ? live.snapshot : await snapshotFromFile(String(args.fromFile), { name: args.name, capturedAt: args.capturedAt, now: clock(io)() });
  const text = snapshotToYaml(built) + (live?.calicoItems ? capturedItemsToYaml(live.calicoItems) : '');
  if (args.outputPath === undefined) {
    io.stdout(text);
  } else {
    await writeFileAtomically(args.outputPath, text);
    const tunneled = built.nodes.filter((node) => Object.keys(node.tunnelAddresses ?? {}).length > 0).length;
    const overlay = built.calicoNode ? `overlay ${built.calicoNode.overlay}, ` : '';
    const calico = live?.calicoItems ? ` and ${live.calicoItems.length} Calico objects` : '';
    io.stderr(`${PREFIX}wrote ${built.nodes.length} nodes (${overlay}${tunneled} with Calico tunnel addresses, captured at ${built.capturedAt})${calico} to ${args.outputPath}\n`);
  }
  return 0;
}

async function liveSnapshot(args: SnapshotArguments, io: SnapshotCommandIo): Promise<{ snapshot: NodeConditionSnapshot; calicoItems?: Record<string, unknown>[] }> {
  // Read before the first request: the snapshot claims the earliest moment its data can be from,
  // so it never looks fresher than it is.
  const capturedAt = clock(io)();
  const target = { kubeconfigPath: args.kubeconfigPath, context: args.context, requestTimeoutSeconds: args.requestTimeoutSeconds };
  const state = await readLiveClusterState(target);
  const snapshot = buildNodeConditionSnapshot(state, { name: args.name, capturedAt });
  if (!args.calicoState) return { snapshot };
  const calico = await readLiveCalicoState(target, state.calicoNodeDaemonSet);
  return { snapshot, calicoItems: capturedCalicoItems(calico, capturedAt.toISOString()) };
}

function clock(io: SnapshotCommandIo): () => Date {
  return io.now ?? (() => new Date());
}

const RFC_3339 = z.iso.datetime({ offset: true });

function parseSnapshotArguments(argv: string[]): SnapshotArguments | null {
  const { values } = parseFlags(argv, OPTIONS, false);
  if (values.help) return null;
  if (values.from !== undefined && (values.kubeconfig !== undefined || values.context !== undefined || values['request-timeout'] !== undefined)) {
    throw new UsageError('--from reads a file, not a cluster: drop --kubeconfig, --context and --request-timeout');
  }
  const requestTimeout = values['request-timeout'] ?? DEFAULT_REQUEST_TIMEOUT;
  const requestTimeoutSeconds = parseDurationSeconds(requestTimeout);
  if (requestTimeoutSeconds === undefined || requestTimeoutSeconds <= 0 || requestTimeoutSeconds > MAX_REQUEST_TIMEOUT_SECONDS) {
    throw new UsageError(`--request-timeout ${JSON.stringify(requestTimeout)}: expected a duration above 0 and at most 24h, such as "30s" or "2m"`);
  }
  if (values['calico-state'] && values.from !== undefined) throw new UsageError('--calico-state reads the cluster: it does not go with --from');
  if (values['captured-at'] !== undefined && values.from === undefined) throw new UsageError('--captured-at goes with --from (a live snapshot is captured now)');
  if (values['captured-at'] !== undefined && !z.safeParse(RFC_3339, values['captured-at']).success) {
    throw new UsageError(`--captured-at ${JSON.stringify(values['captured-at'])}: expected an RFC 3339 time such as "2026-11-23T10:00:00Z"`);
  }
  if (values.name !== undefined && !isDNSSubdomain(values.name)) {
    throw new UsageError(`--name ${JSON.stringify(values.name)}: expected a Kubernetes object name (lower-case letters, digits, '-' and '.', at most 253 characters), such as "${DEFAULT_SNAPSHOT_NAME}"`);
  }
  return {
    kubeconfigPath: values.kubeconfig,
    context: values.context,
    requestTimeoutSeconds,
    fromFile: values.from,
    capturedAt: values['captured-at'],
    name: values.name ?? DEFAULT_SNAPSHOT_NAME,
    // `-o -`: stdout, as the convention goes, not a file named '-'.
    outputPath: values.output === '-' ? undefined : values.output,
    calicoState: values['calico-state'] ?? false,
  };
}
