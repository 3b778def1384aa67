// The heap figures the readers check large inputs against, loaded on first use (src/krm/heap.ts).
import test from 'ava';
import { getHeapStatistics } from 'node:v8';
import { heapStatistics } from '../../src/krm/heap.js';

test('the heap figures are those of node:v8', (t) => {
  const figures = heapStatistics();
  t.is(figures.heap_size_limit, getHeapStatistics().heap_size_limit);
  t.true(figures.used_heap_size > 0);
});
