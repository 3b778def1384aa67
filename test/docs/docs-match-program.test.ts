// The docs match the program: every `networking-calico-fn` command written in README.md and docs/
// is run (in a scratch copy of the example packages, with no kubeconfig, so nothing reaches a
// cluster) and must be a command line the program accepts; every block marked
// `<!-- output of: COMMAND -->` is what COMMAND prints (each line of the block is a line of the
// output, `...` at its end standing for the rest of the line); and an output count ("rendered
// N Calico objects", "wrote N nodes") appears only inside such a checked block. The Quick start's
// `kpt fn render --allow-exec` is run by test/e2e/kpt.test.ts.
import test from 'ava';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runBin, temporaryDirectory, type Run } from '../integrations/helpers.js';

const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const BIN_NAME = 'networking-calico-fn';
const OUTPUT_MARK = /<!-- output of: (.+?) -->\n```[a-z]*\n([\s\S]*?)```/g;

interface CheckedBlock { doc: string; command: string; lines: string[] }

function outputBlocks(doc: string, text: string): CheckedBlock[] {
  return [...text.matchAll(OUTPUT_MARK)].map((match) => ({
    doc,
    command: match[1]!,
    lines: match[2]!.split('\n').filter((line) => line.trim() !== ''),
  }));
}

/** Command lines in sh blocks and inline code spans that run this program. */
function commandsOf(text: string): string[] {
  const shell = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.replace(/\\\n\s*/g, ' ').split('\n'));
  const inline = [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!);
  return [...shell, ...inline]
    .map((line) => line.replace(/\s#\s.*$/, ''))
    .flatMap((line) => line.split(/&&|;|\|/))
    .map((segment) => segment.replace(/>.*$/, '').trim())
    .filter((segment) => segment.startsWith(`${BIN_NAME} `) || segment === BIN_NAME)
    // A synopsis ([OPTIONS]) or a sentence fragment is no command line.
    .filter((segment) => !/[[\]…]|\.\.\./.test(segment));
}

/** Placeholders the docs use, as things that exist in the scratch directory. */
function argumentsOf(command: string): string[] {
  const placeholders: Record<string, string> = { DIR: 'example', OUT: 'out', OUTDIR: 'out', FILE: 'missing.yaml' };
  return command.split(/\s+/).slice(1).map((word) => placeholders[word] ?? word);
}

function scratchCopy(t: import('ava').ExecutionContext): string {
  const dir = temporaryDirectory(t, 'ncfn-docs-');
  for (const sub of ['example', 'examples', 'docs/examples']) cpSync(join(REPO, sub), join(dir, sub), { recursive: true });
  return dir;
}

async function runInScratch(dir: string, command: string): Promise<Run> {
  // No kubeconfig anywhere: a documented `snapshot` fails to find one instead of reaching a cluster.
  const env = { PATH: process.env.PATH, HOME: dir };
  return runBin(argumentsOf(command), { cwd: dir, env });
}

const texts = DOCS.map((doc) => ({ doc, text: readFileSync(join(REPO, doc), 'utf8') }));

test('the docs hold checked output blocks (the README\'s render result lines at least)', (t) => {
  const blocks = texts.flatMap(({ doc, text }) => outputBlocks(doc, text));
  t.true(blocks.filter((block) => block.doc === 'README.md').length >= 2, JSON.stringify(blocks.map((block) => block.command)));
});

for (const block of texts.flatMap(({ doc, text }) => outputBlocks(doc, text))) {
  test(`${block.doc}: the output of \`${block.command}\` is as printed`, async (t) => {
    const result = await runInScratch(scratchCopy(t), block.command);
    const printed = `${result.stdout}\n${result.stderr}`.split('\n');
    for (const line of block.lines) {
      const found = line.endsWith('...') ? printed.some((candidate) => candidate.startsWith(line.slice(0, -3))) : printed.includes(line);
      t.true(found, `${block.doc} prints a line \`${block.command}\` does not:\n  ${line}\nit prints:\n${result.stderr}`);
    }
  });
}

test('every networking-calico-fn command line in the docs is one the program accepts', async (t) => {
  const commands = [...new Set(texts.flatMap(({ text }) => commandsOf(text)))];
  t.true(commands.length >= 10, `found ${commands.length} commands`);
  const dir = scratchCopy(t);
  for (const command of commands) {
    const result = await runInScratch(dir, command);
    t.not(result.status, 2, `usage error for \`${command}\`:\n${result.stderr}`);
    t.notRegex(result.stderr, /\n\s+at .+:\d+:\d+/, `a stack trace for \`${command}\``);
  }
});

test('an output count in the docs appears only inside a checked output block', (t) => {
  for (const { doc, text } of texts) {
    const unchecked = text.replace(OUTPUT_MARK, '');
    const counts = unchecked.match(/rendered \d+ (Calico )?objects|\b\d+ objects in\b|\bwrote \d+ nodes\b/g) ?? [];
    t.deepEqual(counts, [], `${doc}: mark the block that shows it with <!-- output of: COMMAND -->`);
  }
});
