// Runs the function on objects read from files: wraps them into a ResourceList, hands it to
// processResourceList (the exact path the KRM bin takes) and reads the answer back. Both
// directions use the failsafe schema, so every value keeps the spelling it was written with.
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { GENERATED_ANNOTATION } from '../emit/emit.js';
import { processResourceList } from '../krm/process.js';
import { RESOURCE_LIST } from '../krm/resource-list.js';
import type { Result } from '../krm/types.js';
import type { FunctionOptions } from '../fn.js';
import type { SourceObject } from './read-package.js';

export interface FunctionInput {
  items: readonly SourceObject[];
  functionConfig?: SourceObject;
}

/** An output item: its node, to print, and its plain value as answered (every scalar a string), to inspect. */
export interface OutputObject {
  node: YAMLMap;
  object: Record<string, unknown>;
  /** A package object that came back unchanged: its text in its file, to copy. */
  text?: string;
}

export type FunctionAnswer =
  | { ok: true; items: OutputObject[]; results: Result[] }
  | { ok: false; results: Result[]; message?: string };

export function runFunctionOn(input: FunctionInput, options: Omit<FunctionOptions, 'now'> = {}): FunctionAnswer {
  const outcome = processResourceList(resourceListText(input), { ...options, now: new Date() });
  if (outcome.stdout === undefined) return { ok: false, results: [], message: outcome.stderr };
  const answer = parseDocument(outcome.stdout, { schema: 'failsafe' });
  const root = answer.contents;
  if (!isMap(root)) throw new Error('unreachable: the function answered with something other than a ResourceList');
  const resultsNode = root.get('results', true);
  const results = (isSeq(resultsNode) ? resultsNode.toJS(answer) : []) as Result[];
  if (outcome.exitCode !== 0) return { ok: false, results };
  const items = root.get('items', true) as YAMLSeq<YAMLMap> | undefined;
  const nodes = isSeq(items) ? items.items : [];
  // Aliases were bounded when the files were read; the answer holds no new ones.
  const toObject = (node: YAMLMap) => node.toJS(answer, { maxAliasCount: -1 }) as Record<string, unknown>;
  return { ok: true, items: withSourceTexts(nodes.map((node) => ({ node, object: toObject(node) })), input.items), results };
}

/**
 * The answer keeps the input items it does not drop, in their order, and adds ours after them:
 * an answered item equal to the next matching input item is that item, unchanged, and takes its
 * file text along.
 */
function withSourceTexts(answered: OutputObject[], sources: readonly SourceObject[]): OutputObject[] {
  let next = 0;
  return answered.map((output) => {
    if (isGeneratedObject(output.object)) return output;
    for (let index = next; index < sources.length; index++) {
      const source = sources[index] as SourceObject;
      if (!isDeepStrictEqual(source.object, output.object)) continue;
      next = index + 1;
      return source.text === undefined ? output : { ...output, text: source.text };
    }
    return output;
  });
}

function isGeneratedObject(object: Record<string, unknown>): boolean {
  const annotations = (object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  return annotations?.[GENERATED_ANNOTATION] === 'true';
}

function resourceListText(input: FunctionInput): string {
  const document = new Document({ ...RESOURCE_LIST, items: [] }, { schema: 'failsafe' });
  const items = document.get('items', true) as YAMLSeq;
  for (const item of input.items) items.items.push(item.node);
  if (input.functionConfig) document.set('functionConfig', input.functionConfig.node);
  return document.toString({ lineWidth: 0 });
}
