// A validation problem tied to one field of one input object. Every stage that rejects input
// speaks in these, and the emitter turns them into KRM results with `severity: error`.
import type { z } from 'zod';
import { didYouMean } from '../nearest-name.js';
import { isPlainRecord } from '../plain-data.js';

export interface FieldError {
  /** Dotted path inside the object, e.g. `spec.providerConfig.ipv4.mode`. */
  path: string;
  message: string;
}

export function joinPath(...parts: (string | number | undefined)[]): string {
  return parts
    .filter((part) => part !== undefined && part !== '')
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('')
    .replace(/\.\[/g, '[');
}

/** `unsupported value "x" for mode, supported values are ["Always", "Never"]` and the like. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : isPlainRecord(value) ? 'a map' : `a YAML ${tagNameOf(value)}`;
  return String(value);
}

export function listOf(values: readonly unknown[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

/**
 * What zod cannot be given, as errors:
 * - a key named `__proto__`: zod drops it without a word, where any other unknown key of our APIs
 *   is an error;
 * - a YAML alias inside its own anchor (`typha: &t {enabled: true, self: *t}`), a value that holds
 *   itself: a walk of it never ends (it ran the heap out).
 */
export function structureErrors(value: unknown, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  /** The objects on the path to the one in hand: one met again among them holds itself. */
  const ancestors = new Set<object>();
  // Each object is visited, then left (`left`, once its children are done).
  const pending: ({ node: unknown; path: (string | number)[] } | { left: object })[] = [{ node: value, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if ('left' in next) {
      ancestors.delete(next.left);
      continue;
    }
    const { node, path } = next;
    if (typeof node !== 'object' || node === null) continue;
    if (ancestors.has(node)) {
      errors.push({ path: joinPath(prefix, ...path), message: 'invalid value: it holds itself (a YAML alias inside its own anchor)' });
      continue;
    }
    ancestors.add(node);
    pending.push({ left: node });
    if (Object.hasOwn(node, '__proto__')) errors.push({ path: joinPath(prefix, ...path, '__proto__'), message: 'unknown field "__proto__": no field of this API has that name' });
    for (const [key, child] of Object.entries(node)) pending.push({ node: child, path: [...path, Array.isArray(node) ? Number(key) : key] });
  }
  return errors;
}

/** The YAML tag that made an object other than a plain map or list, as the user wrote it. */
function tagNameOf(node: object): string {
  if (node instanceof Map) return '!!omap (ordered map)';
  if (node instanceof Set) return '!!set';
  if (node instanceof Date) return '!!timestamp';
  if (node instanceof Uint8Array) return '!!binary';
  return `value of type ${node.constructor?.name ?? 'unknown'}`;
}

/**
 * Turns zod issues into field errors with messages that name the value and what is allowed.
 * With the schema that was parsed, an unknown field also gets the allowed names and the nearest.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: string, schema?: z.core.$ZodType): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const path = joinPath(prefix, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)));
    const last = issue.path[issue.path.length - 1];
    // A list entry is named by its list: `for acknowledge[0]`, not `for value`.
    const listKey = issue.path[issue.path.length - 2];
    // At the root of what was parsed, the field is the prefix's last one (`providerConfig`).
    const name = typeof last === 'string' ? last : typeof last === 'number' && typeof listKey === 'string' ? `${listKey}[${last}]` : issue.path.length === 0 && prefix ? prefix.slice(prefix.lastIndexOf('.') + 1) : 'value';
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_value': {
        const near = typeof input === 'string' ? didYouMean(input, issue.values.filter((value): value is string => typeof value === 'string')) : '';
        return [{ path, message: `unsupported value ${describeValue(input)} for ${name}${near}, supported values are ${listOf(issue.values)}` }];
      }
      case 'unrecognized_keys': {
        const allowed = schema && fieldNamesAt(schema, issue.path);
        return issue.keys.map((key) => ({
          path: joinPath(path, key),
          message: allowed
            ? `unknown field ${JSON.stringify(key)}${didYouMean(key, allowed)}: not part of this API (fields are decoded strictly); allowed fields: ${allowed.join(', ')}`
            : `unknown field ${JSON.stringify(key)}: not part of this API (fields are decoded strictly)`,
        }));
      }
      case 'invalid_type':
        return [{
          path,
          message: input === undefined
            ? `required field is missing: expected ${issue.expected}`
            : `invalid value ${describeValue(input)} for ${name}: expected ${issue.expected}${unquotedHint(name, input, issue.expected)}`,
        }];
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        return [{ path, message: `invalid value ${describeValue(input)} for ${name}: expected ${bound} ${issue.origin === 'array' ? 'entries' : 'characters'}` }];
      }
      default:
        return [{ path, message: `invalid value ${describeValue(input)} for ${name}: ${issue.message}` }];
    }
  });
}

/**
 * YAML reads an unquoted `1.30` as the number 1.3 and `yes` or `true` as a boolean: where a string
 * was expected, say what the value was read as and to quote it.
 */
function unquotedHint(name: string, input: unknown, expected: string): string {
  if (expected !== 'string' || (typeof input !== 'number' && typeof input !== 'boolean')) return '';
  const example = name === 'version' && typeof input === 'number' ? ' (YAML reads an unquoted 1.30 as the number 1.3)' : '';
  return `, but the unquoted value was read as the ${typeof input} ${String(input)}${example}; write it in quotes, e.g. ${name}: "${name === 'version' ? '1.34.2' : String(input)}"`;
}

/**
 * The field names of the object schema at `path` (zod's own structure, walked through optionals,
 * arrays and maps).
 */
function fieldNamesAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.core.$ZodType | undefined = schema;
  const unwrap = () => {
    for (;;) {
      const type = current?._zod.def.type;
      if (type === 'optional' || type === 'nullable') current = (current?._zod.def as unknown as { innerType: z.core.$ZodType }).innerType;
      else return;
    }
  };
  for (const segment of path) {
    unwrap();
    const def = current?._zod.def as { type?: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType } | undefined;
    if (def?.type === 'object' && typeof segment === 'string') current = def.shape?.[segment];
    else if (def?.type === 'array') current = def.element;
    else if (def?.type === 'record') current = def.valueType;
    else return undefined;
  }
  unwrap();
  const def = current?._zod.def as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}
