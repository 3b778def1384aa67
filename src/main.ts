#!/usr/bin/env node
// Entry point: with no arguments, the KRM function (ResourceList on stdin, ResourceList on
// stdout, exit 1 when a result has severity error).
import { processResourceList } from './krm/process.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// A reader that stops early (`| head`) is not our error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`networking-calico-fn: unknown arguments ${JSON.stringify(argv.join(' '))}: run with no arguments as a KRM function (ResourceList on stdin)\n`);
    return 2;
  }
  const outcome = processResourceList(await readStdin());
  if (outcome.stderr) process.stderr.write(`networking-calico-fn: ${outcome.stderr}\n`);
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  return outcome.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`networking-calico-fn: internal error, please report it: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
