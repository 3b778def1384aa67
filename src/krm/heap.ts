// The heap figures the readers check a large input against (block-yaml.ts, resource-list.ts).
// node:v8 is loaded when they first ask, not at start: a default render never does (it is a few
// KB and a few hundred lines: below both check points), and loading the module costs every start.
import { createRequire } from 'node:module';
import type { HeapInfo } from 'node:v8';
import { builtOnFirstUse } from '../built-on-first-use.js';

// A require for a built-in module: the path it is created for does not matter then.
const v8 = builtOnFirstUse(() => createRequire(process.execPath)('node:v8') as typeof import('node:v8'));

export function heapStatistics(): HeapInfo {
  return v8().getHeapStatistics();
}

const MiB = 1024 * 1024;

/**
 * The node options of this process, in the order Node applies them: NODE_OPTIONS first, then the
 * command line (`process.execArgv`), so a later --max-old-space-size wins, as it does in V8.
 */
export function nodeOptions(): string[] {
  return [...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean), ...process.execArgv];
}

/** The --max-old-space-size given, in bytes: V8 takes it only as `--flag=MiB`, with - or _; 0 leaves V8's default. */
function maxOldSpaceSize(options: readonly string[]): number | undefined {
  let size: number | undefined;
  for (const option of options) {
    const value = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(option)?.[1];
    if (value !== undefined) size = Number(value) > 0 ? Number(value) * MiB : undefined;
  }
  return size;
}

/**
 * Where no --max-old-space-size is given, V8 sizes both generations from the machine's memory,
 * and `heap_size_limit` is their sum. The young generation is three semi-spaces, and how large V8
 * makes them changed between versions: Node 20 and 22 reserve 48 MiB on this machine (3 x 16
 * MiB), Node 24 192 MiB (3 x 64 MiB, 1/64 of its 4 GiB old generation each). Taking the larger
 * of the two (and no more than 3/67 of the limit: three semi-spaces of 1/64 of the rest) keeps
 * the budget within the old generation on each.
 */
const LARGEST_YOUNG_GENERATION = 192 * MiB;

/**
 * What the values of a render may take, in bytes: the old generation's limit, since it is the
 * old generation running out that makes V8 abort ("Reached heap limit"). That is exactly the
 * --max-old-space-size given, where one is; else `heap_size_limit` less the young generation.
 */
export function heapBudget(heap: HeapInfo = heapStatistics(), options: readonly string[] = nodeOptions()): number {
  const given = maxOldSpaceSize(options);
  if (given !== undefined) return Math.min(given, heap.heap_size_limit);
  return heap.heap_size_limit - Math.min(LARGEST_YOUNG_GENERATION, Math.ceil((heap.heap_size_limit * 3) / 67));
}
