#!/usr/bin/env node
// Entry point. No arguments: the KRM function (ResourceList on stdin, ResourceList on stdout,
// exit 1 when a result has severity error). `render`: a package directory in, the objects to
// apply out. `snapshot`: capture a cluster's node conditions. The first two run the core
// (fast-start/), loaded with a V8 code cache; this file only dispatches.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFailure, whenWritten, writeStderr as stderr, writeStdout as stdout } from './cli/standard-streams.js';
import { loadCore, type Command } from './fast-start/load-core.js';
import { isInstallDamaged } from './install-damaged.js';
import { didYouMean } from './nearest-name.js';

/** Set by the bundler from package.json (scripts/build.mjs). */
declare const PACKAGE_VERSION: string;

const USAGE = `usage:
  networking-calico-fn                 KRM function: ResourceList on stdin, ResourceList on stdout
  networking-calico-fn render DIR [--function-config FILE] [--snapshot FILE] [-o DIR] [--new-cluster] [--plan [--json]] ...
                                       render a package directory into the objects to apply
  networking-calico-fn snapshot [--kubeconfig PATH] [--context NAME] [--calico-state] [-o FILE] ...
                                       write a NodeConditionSnapshot of a live cluster
  networking-calico-fn snapshot --from FILE [--captured-at TIME] [-o FILE] ...
                                       convert a saved kubectl get nodes -o yaml|json into one
  networking-calico-fn help [COMMAND]  this text, or the full usage of render or snapshot (every flag)
  networking-calico-fn --version       the version of this function
`;

const SUBCOMMANDS = ['render', 'snapshot'];

/** dist/core.cjs, next to this bin (built as dist/networking-calico-fn.cjs), with its code cache for `command`. */
const core = (command: Command) => loadCore(dirname(fileURLToPath(import.meta.url)), command, stderr);

async function main([command, ...rest]: readonly string[]): Promise<number> {
  const io = { stdout, stderr };
  if (command === undefined) return core('function').runKrmFunction(io);
  if (command === '--version' || command === 'version') {
    stdout(`networking-calico-fn ${PACKAGE_VERSION}\n`);
    return 0;
  }
  if (command === 'help' || command === '--help' || command === '-h') return help(rest);
  if (command === 'render') return core('render').runRenderCommand([...rest], { ...io, cwd: process.cwd(), env: process.env });
  if (command === 'snapshot') {
    // Its own bundle next to the bin, loaded only here: the Kubernetes client (an ES module)
    // stays out of the render path.
    const { runSnapshotCommand } = (await import(new URL('./snapshot.mjs', import.meta.url).href)) as typeof import('./snapshot/command.js');
    const code = await runSnapshotCommand([...rest], io);
    // A request given up on at its deadline can leave a socket that a proxy agent opened and still
    // holds, which would keep the process alive: the command is done, so it ends once its text is out.
    const { lost } = await whenWritten();
    process.exit(lost ? Math.max(code, 1) : code);
  }
  stderr(`networking-calico-fn: unknown command ${JSON.stringify(command)}${didYouMean(command, [...SUBCOMMANDS, 'help'])}\n${USAGE}`);
  return 2;
}

/** `help` alone prints the overview; `help render` is `render --help`, one usage text per command. */
function help([topic, ...extra]: readonly string[]): Promise<number> {
  if (topic === undefined) {
    stdout(USAGE);
    return Promise.resolve(0);
  }
  if (SUBCOMMANDS.includes(topic) && extra.length === 0) return main([topic, '--help']);
  const what = extra.length > 0 ? `help takes one command, got ${[topic, ...extra].length}` : `no help for ${JSON.stringify(topic)}${didYouMean(topic, SUBCOMMANDS)}`;
  stderr(`networking-calico-fn: ${what}\n${USAGE}`);
  return Promise.resolve(2);
}

// Until main() settles: whatever ends the process before it (Node out of stack inside its promise
// machinery leaves it unsettled) must not look like a success that wrote nothing.
process.exitCode = 2;
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    const failure = error instanceof OutputFailure || isInstallDamaged(error);
    process.exitCode = failure ? 1 : 2;
    const message = failure ? error.message : `internal error, please report it: ${error instanceof Error ? error.message : String(error)}`;
    try {
      stderr(`networking-calico-fn: ${message}\n`);
    } catch {
      // Standard error is what failed: the exit code says it.
    }
  },
);
