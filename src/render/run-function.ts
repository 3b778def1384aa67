// Runs the function on objects read from files. The package objects go in as one ResourceList
// text, read by the KRM boundary's own reader (parseResourceList), so the function sees exactly
// the values it would see from kpt; what comes out is not written as a ResourceList and read
// back: the package objects kept are the ones read (nodes and file texts), and the generated
// objects are printed once, by our printer, when the command writes them (yaml-stream.ts).
import { Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { runFunction, type FunctionOptions } from '../fn.js';
import { MalformedInputError, parseResourceList, RESOURCE_LIST } from '../krm/resource-list.js';
import type { Result } from '../krm/types.js';
import type { SourceObject } from './read-package.js';

export interface FunctionInput {
  items: readonly SourceObject[];
  functionConfig?: SourceObject;
}

/**
 * An output item. A package object: its node, to print, its plain value as read (every scalar a
 * string) and, when it comes back unchanged, its text in its file, to copy. A generated object:
 * its value as built (no node), printed by our printer.
 */
export interface OutputObject {
  node?: YAMLMap;
  object: Record<string, unknown>;
  text?: string;
}

export type FunctionAnswer =
  | { ok: true; items: OutputObject[]; results: Result[] }
  | { ok: false; results: Result[]; message?: string };

export function runFunctionOn(input: FunctionInput, options: Omit<FunctionOptions, 'now'> = {}): FunctionAnswer {
  let parsed;
  try {
    parsed = parseResourceList(resourceListText(input));
  } catch (error) {
    if (error instanceof MalformedInputError) return { ok: false, results: [], message: error.message };
    throw error;
  }
  const outcome = runFunction(parsed, { ...options, now: new Date() });
  if (!outcome.edits || outcome.results.some((result) => result.severity === 'error')) return { ok: false, results: outcome.results };
  const { drop, annotate, append } = outcome.edits;
  // The answer keeps the input items it does not drop, in their order, and adds ours after them.
  const kept = input.items.flatMap((source, index) => (drop.has(index) ? [] : [withAnnotations(source, annotate.get(index))]));
  const generated = append.map((object) => ({ object: object as Record<string, unknown> }));
  return { ok: true, items: [...kept, ...generated], results: outcome.results };
}

/** A package object as kept: unchanged (its file text along), or with the annotations the function sets. */
function withAnnotations(source: SourceObject, annotations: Record<string, string> | undefined): OutputObject {
  if (!annotations) return { node: source.node, object: source.object, text: source.text };
  const node = source.node.clone() as YAMLMap;
  for (const [key, value] of Object.entries(annotations)) node.setIn(['metadata', 'annotations', key], value);
  const metadata = (source.object.metadata ?? {}) as Record<string, unknown>;
  const object = { ...source.object, metadata: { ...metadata, annotations: { ...(metadata.annotations as object | undefined), ...annotations } } };
  return { node, object };
}

function resourceListText(input: FunctionInput): string {
  const document = new Document({ ...RESOURCE_LIST, items: [] }, { schema: 'failsafe' });
  const items = document.get('items', true) as YAMLSeq;
  for (const item of input.items) items.items.push(item.node);
  if (input.functionConfig) document.set('functionConfig', input.functionConfig.node);
  return document.toString({ lineWidth: 0 });
}

