import test from 'ava';
import { didYouMean, editDistance, nearestName } from '../../src/nearest-name.js';

const distances: [string, string, number][] = [
  ['render', 'render', 0],
  ['kubeproxy', 'kubeProxy', 0],
  ['rendr', 'render', 1],
  ['stauts', 'status', 1],
  ['snapshto', 'snapshot', 1],
  ['', 'abc', 3],
  ['abc', '', 3],
  ['kitten', 'sitting', 3],
];
for (const [from, to, expected] of distances) {
  test(`editDistance(${JSON.stringify(from)}, ${JSON.stringify(to)}) is ${expected}`, (t) => {
    t.is(editDistance(from, to), expected);
    t.is(editDistance(to, from), expected, 'symmetric');
  });
}

const suggestions: [string, string[], string | undefined][] = [
  ['kubeproxy', ['enabled', 'kubeProxy', 'kubeAPIServer'], 'kubeProxy'],
  ['stauts', ['spec', 'status'], 'status'],
  ['--snapshots', ['--snapshot', '--function-config', '-o'], '--snapshot'],
  ['-x', ['-o', '-h'], undefined],
  ['frobnicate', ['render', 'snapshot', 'help'], undefined],
  ['enable', ['enabled', 'mode'], 'enabled'],
  ['Alwayz', ['Always', 'Never', 'CrossSubnet'], 'Always'],
  ['crossubnet', ['Always', 'Never', 'CrossSubnet'], 'CrossSubnet'],
];
for (const [name, allowed, expected] of suggestions) {
  test(`nearestName(${JSON.stringify(name)}) is ${String(expected)}`, (t) => {
    t.is(nearestName(name, allowed), expected);
    t.is(didYouMean(name, allowed), expected === undefined ? '' : ` (did you mean ${JSON.stringify(expected)}?)`);
  });
}
