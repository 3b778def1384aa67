// .krmignore rules, gitignore syntax: which package paths `render` skips.
import test from 'ava';
import { isIgnored, parseIgnoreFile } from '../../src/render/krmignore.js';

const rows: [rules: string, path: string, isDirectory: boolean, ignored: boolean][] = [
  ['# comment only\n\n', 'a.yaml', false, false],
  ['a.yaml', 'a.yaml', false, true],
  ['a.yaml', 'sub/a.yaml', false, true], // no slash: any level
  ['/a.yaml', 'sub/a.yaml', false, false], // leading slash: this directory only
  ['sub/a.yaml', 'sub/a.yaml', false, true],
  ['sub/a.yaml', 'x/sub/a.yaml', false, false], // a slash anchors
  ['dist/', 'dist', true, true],
  ['dist/', 'dist', false, false], // trailing slash: directories only
  ['*.json', 'deep/package.json', false, true],
  ['/*.json', 'package.json', false, true],
  ['/*.json', 'example/x.json', false, false],
  ['*.yaml\n!keep.yaml', 'keep.yaml', false, false], // the last matching rule wins
  ['*.yaml\n!keep.yaml', 'drop.yaml', false, true],
  ['**/calico', 'a/b/calico', true, true],
  ['a/**/b.yaml', 'a/b.yaml', false, true],
  ['a/**/b.yaml', 'a/x/y/b.yaml', false, true],
  ['out/**', 'out/x/y.yaml', false, true],
  ['out/**', 'out', true, false],
  ['file?.yaml', 'file1.yaml', false, true],
  ['file?.yaml', 'file10.yaml', false, false],
  ['[ab].yaml', 'b.yaml', false, true],
  ['[!ab].yaml', 'b.yaml', false, false],
  ['\\#hash.yaml', '#hash.yaml', false, true],
  ['\\!bang.yaml', '!bang.yaml', false, true],
  ['a.yaml   ', 'a.yaml', false, true], // trailing spaces do not count
  ['a.b', 'axb', false, false], // a dot is a dot
];

for (const [rules, path, isDirectory, ignored] of rows) {
  test(`${JSON.stringify(rules)} ${ignored ? 'ignores' : 'keeps'} ${isDirectory ? 'directory' : 'file'} ${path}`, (t) => {
    t.is(isIgnored(parseIgnoreFile(rules, ''), path, isDirectory), ignored);
  });
}

test('a .krmignore in a subdirectory applies below it, after the rules of its parents', (t) => {
  const rules = [...parseIgnoreFile('*.yaml', ''), ...parseIgnoreFile('!keep.yaml\n/local.yaml', 'sub')];
  t.true(isIgnored(rules, 'other.yaml', false));
  t.false(isIgnored(rules, 'sub/keep.yaml', false));
  t.true(isIgnored(rules, 'keep.yaml', false), 'not outside its directory');
  t.true(isIgnored(rules, 'sub/local.yaml', false));
  t.true(isIgnored(rules, 'sub/deeper/x.yaml', false));
});
