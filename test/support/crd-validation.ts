// Validates custom resources against the CustomResourceDefinitions this function emits
// (src/objects/crds.ts) the way the API server's structural-schema validation does, with ajv as
// the JSON Schema validator. ajv is a devDependency for this alone.
//
// What ajv checks as the API server does: types, formats, enums, patterns, bounds, required,
// nullable, int-or-string (upstream spells it as anyOf integer|string), and pruning, which the
// API server reports as "unknown field" under strict field validation: every field a schema node
// does not declare, unless it says x-kubernetes-preserve-unknown-fields. What ajv cannot run are
// the CEL rules (x-kubernetes-validations): each rule Calico's CRDs use has a hand translation
// below, and a rule without one fails the compilation, so a Calico bump that adds a rule shows.
// Defaults are applied before validation, as the API server does. Not checked: list-type
// uniqueness (x-kubernetes-list-type: set/map).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { buildCalicoCRDs, type SchemaNode } from '../../src/objects/crds.js';
import { isRecord } from '../../src/plain-data.js';
import { typeKey } from './builtin-validation.js';

/** The Kubernetes extensions ajv need not act on: for JSON Schema they are annotations. */
const KUBERNETES_ANNOTATIONS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
];

type Rule = (self: unknown) => boolean;
const has = (object: unknown, key: string): boolean => isRecord(object) && object[key] !== undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The CEL rules of Calico's CRDs (all from the admin network policy ones), as JavaScript. */
export const CEL_RULES: Readonly<Record<string, Rule>> = {
  "self.contains(':') != self.contains('.')": (self) => typeof self === 'string' && self.includes(':') !== self.includes('.'),
  '!(self.to.exists(peer, has(peer.networks) || has(peer.nodes)) && has(self.ports) && self.ports.exists(port, has(port.namedPort)))': (self) =>
    !(
      isRecord(self) &&
      list(self.to).some((peer) => has(peer, 'networks') || has(peer, 'nodes')) &&
      has(self, 'ports') &&
      list(self.ports).some((port) => has(port, 'namedPort'))
    ),
  "self.metadata.name == 'default'": (self) => isRecord(self) && isRecord(self.metadata) && self.metadata.name === 'default',
};

/** Formats in Calico's CRDs: int32/int64 are annotations to the API server, date-time is checked. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The API server reads `pattern` as a Go (RE2) regular expression. Calico's patterns use one RE2
 * feature JavaScript lacks, a leading `(?i)` flag for the rest of the pattern: it becomes the
 * `i` flag. Any other inline flag would fail here rather than be misread.
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    const caseless = /^\^?\(\?i\)/.exec(pattern);
    const source = caseless ? pattern.replace('(?i)', '') : pattern;
    return new RegExp(source, caseless ? `${flags}i` : flags);
  },
  { code: 'goRegExp' },
);

function newAjv(): Ajv {
  // strictTypes off: upstream's int-or-string nodes put `pattern` next to an anyOf of types.
  // useDefaults: the API server fills in defaults before it validates (a port's protocol, say).
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, useDefaults: true, code: { regExp: goRegExp } });
  ajv.addVocabulary(KUBERNETES_ANNOTATIONS);
  ajv.addFormat('int32', true);
  ajv.addFormat('int64', true);
  ajv.addFormat('date-time', RFC3339);
  ajv.addKeyword({
    keyword: 'x-kubernetes-validations',
    schemaType: 'array',
    compile(rules: { rule: string; message?: string }[]) {
      const checks = rules.map(({ rule, message }) => {
        const check = CEL_RULES[rule];
        if (!check) throw new Error(`no JavaScript translation of the CEL rule ${rule}`);
        return { check, message: message ?? rule };
      });
      const validate = (data: unknown): boolean => {
        const failed = checks.filter(({ check }) => !check(data));
        validate.errors = failed.map(({ message }) => ({ keyword: 'x-kubernetes-validations', message, params: {} }) as unknown as ErrorObject);
        return failed.length === 0;
      };
      validate.errors = [] as ErrorObject[];
      return validate;
    },
  });
  return ajv;
}

interface CustomKind {
  validate: ValidateFunction;
  scope: string;
}

/** `apiVersion kind` -> the schema of that served version, for every kind our CRDs define. */
function customKinds(): Map<string, CustomKind> {
  const ajv = newAjv();
  const kinds = new Map<string, CustomKind>();
  for (const crd of buildCalicoCRDs()) {
    for (const version of crd.spec.versions) {
      const schema = version.schema?.openAPIV3Schema as SchemaNode | undefined;
      if (!version.served || !schema) continue;
      kinds.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, {
        validate: ajv.compile(asPrunedSchema(schema, true)),
        scope: crd.spec.scope,
      });
    }
  }
  return kinds;
}

/**
 * The API server prunes every field a structural schema does not declare (and rejects it under
 * strict field validation) unless the node says x-kubernetes-preserve-unknown-fields; plain JSON
 * Schema allows them. `additionalProperties: false` on each object node without a schema for
 * its other keys says the same. The object's metadata is the API server's own business.
 */
function asPrunedSchema(node: SchemaNode, root = false): Record<string, unknown> {
  const schema: Record<string, unknown> = { ...node };
  if (node.properties) {
    schema.properties = Object.fromEntries(
      Object.entries(node.properties).map(([key, child]) => [key, root && key === 'metadata' ? child : asPrunedSchema(child)]),
    );
  }
  if (node.items) schema.items = asPrunedSchema(node.items);
  if (isRecord(node.additionalProperties)) schema.additionalProperties = asPrunedSchema(node.additionalProperties as SchemaNode);
  if (node.type === 'object' && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    schema.additionalProperties = false;
  }
  return schema;
}

let kindsCache: Map<string, CustomKind> | undefined;
function kinds(): Map<string, CustomKind> {
  kindsCache ??= customKinds();
  return kindsCache;
}

export function isCustomKind(key: string): boolean {
  return kinds().has(key);
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '.'} ${error.message ?? ''} ${JSON.stringify(error.params)}`;
}

/** Violations of the CRD's schema and scope, as messages; empty when the object is valid. */
export function customResourceProblems(object: Record<string, unknown>): string[] {
  const kind = kinds().get(typeKey(object));
  if (!kind) return [`no CustomResourceDefinition of ours defines ${typeKey(object)}`];
  // Validated on a copy: ajv writes the defaults into what it validates.
  const problems = kind.validate(structuredClone(object)) ? [] : (kind.validate.errors ?? []).map(describe);
  const namespace = (object.metadata as { namespace?: unknown } | undefined)?.namespace;
  if (kind.scope === 'Cluster' && namespace !== undefined) problems.push(`.metadata.namespace: ${typeKey(object)} is cluster-scoped`);
  if (kind.scope === 'Namespaced' && namespace === undefined) problems.push(`.metadata.namespace: ${typeKey(object)} is namespaced`);
  return problems;
}
