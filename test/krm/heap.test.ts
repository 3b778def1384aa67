// The heap figures the readers check large inputs against, loaded on first use (src/krm/heap.ts).
import test from 'ava';
import { getHeapStatistics } from 'node:v8';
import { heapBudget, heapStatistics } from '../../src/krm/heap.js';

test('the heap figures are those of node:v8', (t) => {
  const figures = heapStatistics();
  t.is(figures.heap_size_limit, getHeapStatistics().heap_size_limit);
  t.true(figures.used_heap_size > 0);
});

test('the heap budget is the old generation limit: heap_size_limit less the largest young generation, never below 0', (t) => {
  const heap = heapStatistics();
  t.is(heapBudget(heap), heap.heap_size_limit - 48 * 1024 * 1024);
  t.is(heapBudget({ ...heap, heap_size_limit: 16 * 1024 * 1024 }), 0);
});
