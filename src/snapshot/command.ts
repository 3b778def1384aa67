// `networking-calico-fn snapshot`: captures the NetworkUnavailable condition of every node and the
// overlay of the running calico-node, the live facts the overlay-switch guard decides on.
import { parseArgs } from 'node:util';
import { buildNodeConditionSnapshot, DEFAULT_SNAPSHOT_NAME, snapshotToYaml } from './build.js';
import { readLiveClusterState } from './cluster.js';
import { SnapshotFailure } from './failure.js';
import { writeFileAtomically } from './write-atomically.js';

export interface SnapshotCommandIo {
  /** Receives complete text, newlines included. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The clock for `capturedAt`; tests inject a fixed one. */
  now?: () => Date;
}

const PREFIX = 'networking-calico-fn snapshot: ';

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
  help: boolean;
}

/** `argv` holds the arguments after `snapshot`. Returns the exit code: 0, 1 (failure) or 2 (usage). */
export async function runSnapshotCommand(argv: string[], io: SnapshotCommandIo): Promise<number> {
  let args: SnapshotArguments;
  try {
    args = parseSnapshotArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${PREFIX}${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  // Read before the first request: the snapshot claims the earliest moment its data can be from,
  // so it never looks fresher than it is.
  const capturedAt = (io.now ?? (() => new Date()))();
  try {
    const state = await readLiveClusterState({ kubeconfigPath: args.kubeconfigPath, context: args.context });
    const snapshot = buildNodeConditionSnapshot(state, { name: args.name, capturedAt });
    const text = snapshotToYaml(snapshot);
    if (args.outputPath === undefined) {
      io.stdout(text);
    } else {
      await writeFileAtomically(args.outputPath, text);
      io.stderr(`${PREFIX}wrote ${snapshot.nodes.length} nodes (overlay ${snapshot.calicoNode?.overlay}) to ${args.outputPath}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof SnapshotFailure)) throw error;
    io.stderr(`${PREFIX}${error.message}\n`);
    return 1;
  }
}

class UsageError extends Error {}

const OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseSnapshotArguments(argv: string[]): SnapshotArguments {
  const values = parseFlags(argv);
  for (const [flag, value] of Object.entries(values)) {
    if (value === '') throw new UsageError(`--${flag} needs a non-empty value`);
  }
  return {
    kubeconfigPath: values.kubeconfig,
    context: values.context,
    name: values.name ?? DEFAULT_SNAPSHOT_NAME,
    outputPath: values.output,
    help: values.help ?? false,
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message);
    throw error;
  }
}

/** parseArgs reports unknown flags, stray arguments and missing values as ERR_PARSE_ARGS_*. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
}
