// The heap figures the readers check large inputs against, loaded on first use (src/krm/heap.ts).
import test from 'ava';
import { getHeapStatistics } from 'node:v8';
import { heapBudget, heapStatistics, nodeOptions } from '../../src/krm/heap.js';

const MiB = 1024 * 1024;

test('the heap figures are those of node:v8', (t) => {
  const figures = heapStatistics();
  t.is(figures.heap_size_limit, getHeapStatistics().heap_size_limit);
  t.true(figures.used_heap_size > 0);
});

test('the node options are NODE_OPTIONS, then the command line', (t) => {
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = ' --max-old-space-size=300  --trace-warnings ';
  try {
    t.deepEqual(nodeOptions(), ['--max-old-space-size=300', '--trace-warnings', ...process.execArgv]);
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
});

// heap_size_limit as each Node reports it on this machine (24 GiB): the old generation plus
// three semi-spaces, 16 MiB each on Node 20 and 22, 64 MiB on Node 24.
const budgets: { name: string; limitMiB: number; options: string[]; budgetMiB: number }[] = [
  // Defect: Node 24 reserves 192 MiB for the young generation, not 48; the budget was 160 MiB
  // under a 16 MiB old generation, and the bench's inputs died of V8's fatal out-of-memory.
  { name: 'Node 24, --max-old-space-size=16', limitMiB: 16 + 192, options: ['--max-old-space-size=16'], budgetMiB: 16 },
  { name: 'Node 24, --max-old-space-size=1024 in NODE_OPTIONS', limitMiB: 1024 + 192, options: ['--max-old-space-size=1024'], budgetMiB: 1024 },
  { name: 'Node 20, --max-old-space-size=96', limitMiB: 96 + 48, options: ['--max-old-space-size=96'], budgetMiB: 96 },
  { name: 'the command line after NODE_OPTIONS wins', limitMiB: 200 + 48, options: ['--max_old_space_size=300', '--max-old-space-size=200'], budgetMiB: 200 },
  { name: '0 leaves V8 its default', limitMiB: 4096 + 192, options: ['--max-old-space-size=0'], budgetMiB: 4096 },
  { name: 'a percentage is not a size', limitMiB: 4096 + 192, options: ['--max-old-space-size-percentage=50'], budgetMiB: 4096 },
  { name: 'Node 24 default: less its 192 MiB young generation', limitMiB: 4096 + 192, options: [], budgetMiB: 4096 },
  { name: 'a small default heap: less 3/67 of it', limitMiB: 670, options: ['--max-semi-space-size=1'], budgetMiB: 640 },
];
for (const { name, limitMiB, options, budgetMiB } of budgets) {
  test(`the heap budget is the old generation's limit: ${name}`, (t) => {
    const heap = { ...heapStatistics(), heap_size_limit: limitMiB * MiB };
    t.is(heapBudget(heap, options), budgetMiB * MiB);
  });
}

test('the heap budget of Node 20 by default: 3/67 of its limit less, within its 4096 MiB old generation by 138 MiB', (t) => {
  const budget = heapBudget({ ...heapStatistics(), heap_size_limit: (4096 + 48) * MiB }, []);
  t.true(budget <= 4096 * MiB, `${budget / MiB} MiB`);
  t.true(budget > 3958 * MiB, `${budget / MiB} MiB`);
});

test('the heap budget of this process stays within its old generation', (t) => {
  const heap = heapStatistics();
  t.true(heapBudget() > 0);
  t.true(heapBudget() <= heap.heap_size_limit - 3 * MiB);
});
