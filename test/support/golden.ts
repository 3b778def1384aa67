// Golden cases: each folder under testdata/ holds the inputs (resources.yaml, optional
// fn-config.yaml) and what the function must answer (expected.yaml: the output items;
// results.yaml: the results). `UPDATE_GOLDEN=1 npm test` rewrites the expectations; review the
// diff before committing it, a golden file is documentation.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, parse, parseAllDocuments, stringify } from 'yaml';

export const TESTDATA = new URL('../../testdata/', import.meta.url).pathname;

export interface GoldenCase {
  name: string;
  dir: string;
  /** The ResourceList text the case feeds the function. */
  input: string;
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(TESTDATA, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(TESTDATA, entry.name, 'resources.yaml')))
    .map((entry) => {
      const dir = join(TESTDATA, entry.name);
      return { name: entry.name, dir, input: resourceListFor(dir) };
    });
}

/** Builds the ResourceList kpt would send: the resources as items, the config as functionConfig. */
export function resourceListFor(dir: string): string {
  const document = new Document({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' });
  const items = parseAllDocuments(readFileSync(join(dir, 'resources.yaml'), 'utf8'));
  if (!Array.isArray(items)) throw new Error(`${dir}/resources.yaml has no documents`);
  document.set('items', document.createNode(items.map((item) => item.toJS())));
  const configFile = join(dir, 'fn-config.yaml');
  if (existsSync(configFile)) document.set('functionConfig', document.createNode(parse(readFileSync(configFile, 'utf8'))));
  return document.toString({ lineWidth: 0 });
}

export interface GoldenAnswer {
  items: string;
  results: string;
}

/** Splits an output ResourceList into the two expectation files' contents. */
export function answerFor(output: string): GoldenAnswer {
  const list = parse(output) as { items?: unknown[]; results?: unknown[] };
  return {
    items: (list.items ?? []).map((item) => `---\n${stringify(item, { lineWidth: 0 })}`).join(''),
    results: stringify(list.results ?? [], { lineWidth: 0 }),
  };
}

export function readExpected(dir: string): GoldenAnswer | undefined {
  const itemsFile = join(dir, 'expected.yaml');
  const resultsFile = join(dir, 'results.yaml');
  if (!existsSync(itemsFile) || !existsSync(resultsFile)) return undefined;
  return { items: readFileSync(itemsFile, 'utf8'), results: readFileSync(resultsFile, 'utf8') };
}

export function writeExpected(dir: string, answer: GoldenAnswer): void {
  writeFileSync(join(dir, 'expected.yaml'), answer.items);
  writeFileSync(join(dir, 'results.yaml'), answer.results);
}
