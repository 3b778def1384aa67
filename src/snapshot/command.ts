// `networking-calico-fn snapshot`: captures the NetworkUnavailable condition of every node and the
// overlay of the running calico-node, the live facts the overlay-switch guard decides on.
import { parseFlags, runCommand, type CommandIo } from '../cli/command.js';
import { writeFileAtomically } from '../cli/write-atomically.js';
import { buildNodeConditionSnapshot, DEFAULT_SNAPSHOT_NAME, snapshotToYaml } from './build.js';
import { readLiveClusterState } from './cluster.js';

export interface SnapshotCommandIo extends CommandIo {
  /** The clock for `capturedAt`; tests inject a fixed one. */
  now?: () => Date;
}

const USAGE = `usage: networking-calico-fn snapshot [--kubeconfig PATH] [--context NAME] [--name NAME] [-o FILE]
  --kubeconfig PATH  kubeconfig to use (default: KUBECONFIG, then ~/.kube/config)
  --context NAME     kubeconfig context to use (default: its current-context)
  --name NAME        metadata.name of the snapshot (default: ${DEFAULT_SNAPSHOT_NAME})
  -o, --output FILE  write the snapshot to FILE, replacing it atomically (default: stdout)
`;

interface SnapshotArguments {
  kubeconfigPath?: string;
  context?: string;
  name: string;
  outputPath?: string;
}

const OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `argv` holds the arguments after `snapshot`. Returns the exit code: 0, 1 (failure) or 2 (usage). */
export function runSnapshotCommand(argv: string[], io: SnapshotCommandIo): Promise<number> {
  return runCommand({ prefix: PREFIX, usage: USAGE, parse: parseSnapshotArguments, run: (args) => snapshot(args, io) }, argv, io);
}

const PREFIX = 'networking-calico-fn snapshot: ';

async function snapshot(args: SnapshotArguments, io: SnapshotCommandIo): Promise<number> {
  // Read before the first request: the snapshot claims the earliest moment its data can be from,
  // so it never looks fresher than it is.
  const capturedAt = (io.now ?? (() => new Date()))();
  const state = await readLiveClusterState({ kubeconfigPath: args.kubeconfigPath, context: args.context });
  const built = buildNodeConditionSnapshot(state, { name: args.name, capturedAt });
  const text = snapshotToYaml(built);
  if (args.outputPath === undefined) {
    io.stdout(text);
  } else {
    await writeFileAtomically(args.outputPath, text);
    io.stderr(`${PREFIX}wrote ${built.nodes.length} nodes (overlay ${built.calicoNode?.overlay}) to ${args.outputPath}\n`);
  }
  return 0;
}

function parseSnapshotArguments(argv: string[]): SnapshotArguments | null {
  const { values } = parseFlags(argv, OPTIONS, false);
  if (values.help) return null;
  return {
    kubeconfigPath: values.kubeconfig,
    context: values.context,
    name: values.name ?? DEFAULT_SNAPSHOT_NAME,
    outputPath: values.output,
  };
}
