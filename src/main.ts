#!/usr/bin/env node
// Entry point. No arguments: the KRM function (ResourceList on stdin, ResourceList on stdout,
// exit 1 when a result has severity error). `render`: a package directory in, the objects to
// apply out. `snapshot`: capture a cluster's node conditions.
import { processResourceList } from './krm/process.js';
import { MAX_INPUT_BYTES } from './krm/resource-list.js';
import { didYouMean } from './nearest-name.js';

/** Set by the bundler from package.json (scripts/build.mjs). */
declare const PACKAGE_VERSION: string;

const USAGE = `usage:
  networking-calico-fn                 KRM function: ResourceList on stdin, ResourceList on stdout
  networking-calico-fn render DIR [--function-config FILE] [--snapshot FILE] [-o DIR] [--new-cluster]
                                       render a package directory into the objects to apply
  networking-calico-fn snapshot [--kubeconfig PATH] [--context NAME] [-o FILE]
                                       write a NodeConditionSnapshot of a live cluster
  networking-calico-fn snapshot --from FILE [--captured-at TIME] [-o FILE]
                                       convert a saved kubectl get nodes -o yaml|json into one
  networking-calico-fn help [COMMAND]  this text, or the full usage of render or snapshot
  networking-calico-fn --version       the version of this function
`;

const SUBCOMMANDS = ['render', 'snapshot'];

// A reader that stops early (`| head`) is not our error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

/**
 * Reads stdin, but stops one chunk past the input limit: a stream that never ends must not run
 * the process out of memory. parseResourceList then refuses the oversized text with its message.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    if (bytes > MAX_INPUT_BYTES) {
      process.stdin.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function runKrmFunction(): Promise<number> {
  const outcome = processResourceList(await readStdin());
  if (outcome.stderr) process.stderr.write(`networking-calico-fn: ${outcome.stderr}\n`);
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  return outcome.exitCode;
}

async function main([command, ...rest]: readonly string[]): Promise<number> {
  if (command === undefined) return runKrmFunction();
  if (command === '--version' || command === 'version') {
    process.stdout.write(`networking-calico-fn ${PACKAGE_VERSION}\n`);
    return 0;
  }
  if (command === 'help' || command === '--help' || command === '-h') return help(rest);
  if (command === 'render') {
    const { runRenderCommand } = await import('./render/command.js');
    return runRenderCommand([...rest], {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
      env: process.env,
    });
  }
  if (command === 'snapshot') {
    // Loaded only here: the Kubernetes client stays out of the render path.
    const { runSnapshotCommand } = await import('./snapshot/command.js');
    return runSnapshotCommand([...rest], {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
  }
  process.stderr.write(`networking-calico-fn: unknown command ${JSON.stringify(command)}${didYouMean(command, [...SUBCOMMANDS, 'help'])}\n${USAGE}`);
  return 2;
}

/** `help` alone prints the overview; `help render` is `render --help`, one usage text per command. */
function help([topic, ...extra]: readonly string[]): Promise<number> {
  if (topic === undefined) {
    process.stdout.write(USAGE);
    return Promise.resolve(0);
  }
  if (SUBCOMMANDS.includes(topic) && extra.length === 0) return main([topic, '--help']);
  const what = extra.length > 0 ? `help takes one command, got ${[topic, ...extra].length}` : `no help for ${JSON.stringify(topic)}${didYouMean(topic, SUBCOMMANDS)}`;
  process.stderr.write(`networking-calico-fn: ${what}\n${USAGE}`);
  return Promise.resolve(2);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`networking-calico-fn: internal error, please report it: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
