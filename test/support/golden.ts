// Golden cases: each folder under testdata/ holds the inputs (resources.yaml, optional
// fn-config.yaml, README.md saying what the case shows) and what the function must answer:
// - results.yaml: the results, always;
// - the `default` case: expected.yaml, the full output items;
// - every other successful case: expected.diff, how its output differs from the default's,
//   so each case documents exactly what its option changes;
// - error cases: no item file, the items must come back exactly as given.
// `UPDATE_GOLDEN=1 npm test` rewrites the expectations; review the diff before committing it.
import { createTwoFilesPatch } from 'diff';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, parse, parseAllDocuments, stringify } from 'yaml';

export const TESTDATA = new URL('../../testdata/', import.meta.url).pathname;
export const BASE_CASE = 'default';

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
  /** The output items as a YAML stream. */
  items: string;
  results: string;
}

export function answerFor(output: string): GoldenAnswer {
  const list = parse(output) as { items?: unknown[]; results?: unknown[] };
  return { items: yamlStream(list.items ?? []), results: stringify(list.results ?? [], { lineWidth: 0 }) };
}

export function yamlStream(objects: readonly unknown[]): string {
  return objects.map((object) => `---\n${stringify(object, { lineWidth: 0 })}`).join('');
}

/** The expectation file for the items: the full stream for the base case, a diff for the rest. */
export function itemsExpectation(caseName: string, items: string, baseItems: string): { file: string; text: string } {
  if (caseName === BASE_CASE) return { file: 'expected.yaml', text: items };
  const patch = createTwoFilesPatch(`${BASE_CASE}/expected.yaml`, `${caseName}/output`, baseItems, items, undefined, undefined, { context: 3 });
  // The header's first line repeats the file names; keep the hunks readable and stable.
  return { file: 'expected.diff', text: patch.split('\n').slice(1).join('\n') };
}

export function readText(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function writeText(dir: string, file: string, text: string | undefined): void {
  const path = join(dir, file);
  if (text === undefined) rmSync(path, { force: true });
  else writeFileSync(path, text);
}
