// Reads the function config: our CalicoRenderConfig, or a ConfigMap whose `data` keys are
// dotted paths under `spec` (what `kpt fn eval -- key=value` sends).
import { parse as parseYaml } from 'yaml';
import { fromZodIssues, structureErrors, type FieldError } from './field-errors.js';
import { fastParseRenderConfig, fastParseRenderConfigSpec } from './fast-parsers.generated.js';
import { parseInput } from './parse-input.js';
import { FN_API_VERSION, renderConfigSchema, renderConfigSpecSchema, type RenderConfigSpec } from './schemas.js';
import { compareCodeUnits } from '../plain-data.js';

export type FunctionConfigResult =
  | { ok: true; spec: RenderConfigSpec }
  | { ok: false; errors: FieldError[] };

/** Map-valued fields whose keys may themselves contain dots (`admissionregistration.k8s.io/v1beta1`). */
const MAP_FIELDS = new Set(['featureGates', 'runtimeConfig', 'images']);

export function readFunctionConfig(config: Record<string, unknown> | undefined): FunctionConfigResult {
  if (config === undefined) return { ok: true, spec: {} };
  if (config.apiVersion === 'v1' && config.kind === 'ConfigMap') return fromConfigMap(config.data);
  if (config.apiVersion === FN_API_VERSION && config.kind === 'CalicoRenderConfig') {
    const structural = structureErrors(config, '');
    if (structural.length > 0) return { ok: false, errors: structural };
    const parsed = parseInput(fastParseRenderConfig, renderConfigSchema, config);
    return parsed.success ? { ok: true, spec: parsed.data.spec ?? {} } : { ok: false, errors: fromZodIssues(parsed.issues, '', renderConfigSchema()) };
  }
  return {
    ok: false,
    errors: [{
      path: 'kind',
      message: `unsupported function config ${JSON.stringify(`${String(config.apiVersion)}/${String(config.kind)}`)}: use ${FN_API_VERSION} CalicoRenderConfig or a v1 ConfigMap`,
    }],
  };
}

function fromConfigMap(data: unknown): FunctionConfigResult {
  if (data === undefined || data === null) return { ok: true, spec: {} };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [{ path: 'data', message: 'ConfigMap data must be a map of dotted paths under spec to values' }] };
  }
  const spec: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(data as Record<string, unknown>).sort(([a], [b]) => compareCodeUnits(a, b))) {
    const path = splitConfigMapKey(key);
    const conflict = setPath(spec, path, scalarFromText(String(raw)));
    if (conflict) errors.push({ path: `data.${key}`, message: `key ${JSON.stringify(key)} conflicts with another key that sets ${JSON.stringify(conflict)}` });
  }
  errors.push(...structureErrors(spec, 'data'));
  if (errors.length > 0) return { ok: false, errors };
  const parsed = parseInput(fastParseRenderConfigSpec, renderConfigSpecSchema, spec);
  return parsed.success ? { ok: true, spec: parsed.data } : { ok: false, errors: fromZodIssues(parsed.issues, 'data', renderConfigSpecSchema()) };
}

/** `shoot.spec.kubernetes.kubeAPIServer.runtimeConfig.admissionregistration.k8s.io/v1beta1` -> one key after runtimeConfig. */
export function splitConfigMapKey(key: string): string[] {
  const segments = key.replace(/^spec\./, '').split('.');
  const mapAt = segments.findIndex((segment) => MAP_FIELDS.has(segment));
  if (mapAt < 0 || mapAt >= segments.length - 1) return segments;
  return [...segments.slice(0, mapAt + 1), segments.slice(mapAt + 1).join('.')];
}

/**
 * ConfigMap values are YAML scalars (`true`, `[a, b]`), except that numbers keep their text: the
 * function config has no numeric fields, and `1.30` must stay a version, not become 1.3.
 */
function scalarFromText(text: string): unknown {
  try {
    const value: unknown = parseYaml(text);
    return typeof value === 'number' || value === null ? text : value;
  } catch {
    return text;
  }
}

/** Returns the conflicting prefix when a key would overwrite another key's value. */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): string | undefined {
  let node = target;
  for (const [index, segment] of path.slice(0, -1).entries()) {
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (next === undefined) defineKey(node, segment, {});
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) return path.slice(0, index + 1).join('.');
    node = node[segment] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (Object.hasOwn(node, last)) return path.join('.');
  defineKey(node, last, value);
  return undefined;
}

/**
 * Keys are user input: `__proto__.x=1` read or assigned would reach Object.prototype. Own keys
 * only, defined rather than assigned, so it stays a plain (unknown) key the schema rejects.
 */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
