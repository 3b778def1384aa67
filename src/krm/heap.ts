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

/**
 * The most V8 reserves for its young generation on 64-bit: three semi-spaces of 16 MiB (less on
 * machines with less than 4 GiB of memory). `heap_size_limit` is the old generation's limit plus
 * this; what a render keeps (the text, the values read, the answer) is promoted to the old
 * generation, and it is the old generation's limit that makes V8 abort ("Reached heap limit").
 */
const LARGEST_YOUNG_GENERATION = 48 * 1024 * 1024;

/**
 * What the values of a render may take, in bytes: the old generation's limit, i.e. what
 * --max-old-space-size sets (4 GiB by default on a 64-bit machine with 16 GiB or more), or a
 * little less where the young generation is smaller than its largest.
 */
export function heapBudget(heap: HeapInfo = heapStatistics()): number {
  return Math.max(0, heap.heap_size_limit - LARGEST_YOUNG_GENERATION);
}
