// `networking-calico-fn render DIR`: renders a package directory for pipelines that want plain
// manifests (Argo CD plugins, CI steps before Flux). stdout carries only what is to be applied;
// results go to stderr. On an error result nothing reaches stdout (a consumer that applied an
// empty stream with pruning would delete the cluster's Calico) and the exit code is 1.
import { resolve } from 'node:path';
import { parseFlags, runCommand, UsageError, type CommandIo } from '../cli/command.js';
import { refOf } from '../krm/types.js';
import { isSnapshotItem, SINGLE_NODE_REFUSED } from '../overlay/node-snapshot.js';
import { appliedObjects } from './applied.js';
import { argoCdInputFiles } from './argocd-parameters.js';
import { RenderFailure } from './failure.js';
import { checkSeparateFromPackage, MANIFEST_FILE, writeOutputDir } from './output-dir.js';
import { isOurCalicoNode, readPreviousRender } from './previous-render.js';
import { isOurRender } from '../emit/emit.js';
import { readObjectsFile, readPackage, type SourceObject } from './read-package.js';
import { formatResults } from './results.js';
import { runFunctionOn, type FunctionAnswer } from './run-function.js';
import { isCapturedItem } from '../plan/previous-state.js';
import { hasInputErrors, planJson, planReport, planText } from '../plan/report.js';
import { yamlStream } from './yaml-stream.js';

export interface RenderCommandIo extends CommandIo {
  /** Where relative paths start (the process's working directory). */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const PREFIX = 'networking-calico-fn render: ';

const USAGE = `usage: networking-calico-fn render DIR [--function-config FILE] [--snapshot FILE] [-o DIR] [--new-cluster] [--plan [--json]]
  DIR                     the package: every *.yaml, *.yml and *.json file below it, except
                          hidden ones and what .krmignore lists
  --function-config FILE  CalicoRenderConfig or ConfigMap (default: the package's CalicoRenderConfig)
  --snapshot FILE         a node-condition snapshot kept outside the package
  -o, --output DIR        write one file per object into DIR instead of a YAML stream on stdout;
                          our objects already in DIR (the previous render) are read: a switch
                          off the overlay once let through is never reverted, and the change
                          plan compares with them
  --new-cluster           declare that no calico-node runs yet: with no other evidence in the
                          input, an overlay turned off is rendered off directly
  --plan                  print the change plan (docs/change-plan.md) as Markdown for a pull-request
                          comment instead of the objects; nothing is written; exit code 0, also
                          when a transition is refused, and 1 on input errors
  --json                  with --plan: print the plan as JSON
  --argocd-parameters     take function-config and snapshot from Argo CD's ARGOCD_APP_PARAMETERS
                          (set there, they win over the flags)
Prints the objects to apply: the generated ones and the package's other objects, never the
inputs (Network, NetworkConfig, Shoot, function config, snapshots) or local-config objects.
Results go to stderr; exit code 1 on an error result, and then nothing is printed or written.
`;

interface RenderArguments {
  packageDir: string;
  functionConfig?: string;
  snapshot?: string;
  outputDir?: string;
  argoCdParameters: boolean;
  newCluster: boolean;
  plan: 'text' | 'json' | undefined;
}

/** `argv` holds the arguments after `render`. Returns the exit code: 0, 1 (failure) or 2 (usage). */
export function runRenderCommand(argv: string[], io: RenderCommandIo): Promise<number> {
  return runCommand({ prefix: PREFIX, usage: USAGE, parse: parseRenderArguments, run: (args) => render(args, io) }, argv, io);
}

async function render(args: RenderArguments, io: RenderCommandIo): Promise<number> {
  const { functionConfig: functionConfigFile, snapshot: snapshotFile } = await inputFiles(args, io);
  const fromCwd = (path: string) => resolve(io.cwd, path);
  // Files named on the command line are inputs of their own kind: none of them is read again as
  // a package object. -o OUT must lie outside the package (and not hold it).
  const notPackage = [functionConfigFile, snapshotFile].filter((path) => path !== undefined).map(fromCwd);
  if (args.outputDir !== undefined) await checkSeparateFromPackage(fromCwd(args.packageDir), fromCwd(args.outputDir));
  const items = await readPackage({ directory: fromCwd(args.packageDir), shownAs: args.packageDir, skip: notPackage });
  const functionConfig = functionConfigFile === undefined ? undefined : await readFunctionConfigFile(fromCwd(functionConfigFile), functionConfigFile);
  if (snapshotFile !== undefined) for (const object of await readSnapshotFile(fromCwd(snapshotFile), snapshotFile)) items.push(object);
  if (args.outputDir !== undefined) {
    // Our render in the package itself comes first as the plan's previous state; the guard still
    // needs the calico-node last written to DIR.
    const packageHasOurs = items.some((item) => isOurRender(item.object));
    for (const object of await readPreviousRender(fromCwd(args.outputDir), args.outputDir)) {
      if (!packageHasOurs || isOurCalicoNode(object.object)) items.push(object);
    }
  }

  const answer = runFunctionOn({ items, functionConfig }, { declaredNewCluster: args.newCluster });
  if (args.plan) return printPlan(args.plan, answer, io);
  const sources = functionConfig ? [...items, functionConfig] : items;
  io.stderr(formatResults(answer.results, sources));
  if (!answer.ok) {
    if (answer.message) io.stderr(`${PREFIX}${answer.message}\n`);
    return 1;
  }
  const applied = appliedObjects(answer.items);
  if (args.outputDir === undefined) {
    io.stdout(yamlStream(applied));
    return 0;
  }
  const changes = await writeOutputDir(fromCwd(args.outputDir), applied, fromCwd(args.packageDir));
  io.stderr(`${PREFIX}${applied.length} objects in ${args.outputDir}: ${changes.written} written, ${changes.unchanged} unchanged, ${changes.removed} removed\n`);
  if (changes.unrecorded) io.stderr(`${PREFIX}${args.outputDir} has no ${MANIFEST_FILE} (written by an earlier version, or by hand): nothing in it was removed; delete files of objects no longer rendered yourself, once\n`);
  return 0;
}

/** `--plan`: the plan on stdout, the render's own messages on stderr; no objects anywhere. */
function printPlan(format: 'text' | 'json', answer: FunctionAnswer, io: RenderCommandIo): number {
  if (!answer.ok && answer.message) {
    io.stderr(`${PREFIX}${answer.message}\n`);
    return 1;
  }
  const report = planReport(answer.results);
  io.stdout(format === 'json' ? planJson(report) : planText(report));
  return hasInputErrors(report) ? 1 : 0;
}

async function inputFiles(args: RenderArguments, io: RenderCommandIo): Promise<Pick<RenderArguments, 'functionConfig' | 'snapshot'>> {
  if (!args.argoCdParameters) return args;
  const fromArgoCd = await argoCdInputFiles(io.env, io.cwd);
  return { functionConfig: fromArgoCd.functionConfig ?? args.functionConfig, snapshot: fromArgoCd.snapshot ?? args.snapshot };
}

async function readFunctionConfigFile(path: string, file: string): Promise<SourceObject> {
  const objects = await readObjectsFile(path, file);
  if (objects.length !== 1) throw new RenderFailure(`${file}: expected exactly one object, the function config, found ${objects.length}`);
  return objects[0] as SourceObject;
}

async function readSnapshotFile(path: string, file: string): Promise<SourceObject[]> {
  const objects = await readObjectsFile(path, file);
  const stranger = objects.find((object) => !isSnapshotItem(object.object) && !isCapturedItem(object.object));
  // Everything in a snapshot file is left out of the output: an object that is no snapshot
  // would silently never be applied.
  if (stranger) {
    const { kind, name } = refOf(stranger.object);
    throw new RenderFailure(`${file}: ${kind} ${name ?? ''} is not part of a node-condition snapshot (NodeConditionSnapshot, v1 Nodes or a List of them) nor a Calico object captured by snapshot --calico-state`);
  }
  // The guard must see every node: a Node of its own is most likely one of several.
  const single = objects.find((object) => object.object.kind === 'Node' && !object.listItem);
  if (single) {
    throw new RenderFailure(`${file}: Node ${refOf(single.object).name ?? ''} is ${SINGLE_NODE_REFUSED}`);
  }
  return objects;
}

const OPTIONS = {
  'function-config': { type: 'string' },
  snapshot: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'argocd-parameters': { type: 'boolean' },
  'new-cluster': { type: 'boolean' },
  plan: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseRenderArguments(argv: string[]): RenderArguments | null {
  const { values, positionals } = parseFlags(argv, OPTIONS, true);
  if (values.help) return null;
  if (values.json && !values.plan) throw new UsageError('--json goes with --plan');
  const [packageDir] = positionals;
  if (packageDir === undefined || positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the package directory DIR is missing' : `expected one package directory, got ${positionals.length}`);
  // An unset shell variable ("$DIR") must not render the working directory instead.
  if (packageDir === '') throw new UsageError('the package directory DIR is empty: give its path, e.g. . for the working directory');
  return {
    packageDir,
    functionConfig: values['function-config'],
    snapshot: values.snapshot,
    outputDir: values.output,
    argoCdParameters: values['argocd-parameters'] ?? false,
    newCluster: values['new-cluster'] ?? false,
    plan: values.plan ? (values.json ? 'json' : 'text') : undefined,
  };
}
