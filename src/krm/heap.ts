// The heap figures the readers check a large input against (block-yaml.ts, resource-list.ts).
// node:v8 is loaded when they first ask, not at start: a default render never does (it reads a
// few hundred lines, a check comes every 65,536), and loading the module costs every start.
import { createRequire } from 'node:module';
import type { HeapInfo } from 'node:v8';

let v8: typeof import('node:v8') | undefined;

export function heapStatistics(): HeapInfo {
  // A require for a built-in module: the path it is created for does not matter then.
  v8 ??= createRequire(process.execPath)('node:v8') as typeof import('node:v8');
  return v8.getHeapStatistics();
}
