// Validates custom resources (the Calico IPPools we render) against the CustomResourceDefinitions
// this function emits (src/objects/crds.ts), with ajv as the JSON Schema validator. ajv is not
// in package.json: it comes with kubernetes-models (through @kubernetes-models/validate), which
// compiles its own schemas with it.
import { Ajv, type ValidateFunction } from 'ajv';
import { buildCalicoCRDs, type SchemaNode } from '../../src/objects/crds.js';
import { typeKey } from './builtin-validation.js';

/** The Kubernetes extensions a structural schema may carry; for JSON Schema they are annotations. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

interface CustomKind {
  validate: ValidateFunction;
  scope: string;
}

/** `apiVersion kind` -> the schema of that served version, for every kind our CRDs define. */
function customKinds(): Map<string, CustomKind> {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  const kinds = new Map<string, CustomKind>();
  for (const crd of buildCalicoCRDs()) {
    for (const version of crd.spec.versions) {
      const schema = version.schema?.openAPIV3Schema as SchemaNode | undefined;
      if (!version.served || !schema) continue;
      kinds.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, {
        validate: ajv.compile(asPrunedSchema(schema)),
        scope: crd.spec.scope,
      });
    }
  }
  return kinds;
}

const CUSTOM_KINDS = customKinds();

/**
 * The API server prunes every field a structural schema does not declare (and rejects it under
 * strict field validation) unless the node says x-kubernetes-preserve-unknown-fields; plain
 * JSON Schema allows them. `additionalProperties: false` on each declared object says the same.
 */
function asPrunedSchema(node: SchemaNode): Record<string, unknown> {
  const schema: Record<string, unknown> = { ...node };
  if (node.properties) {
    schema.properties = Object.fromEntries(Object.entries(node.properties).map(([key, child]) => [key, asPrunedSchema(child)]));
    if (!node['x-kubernetes-preserve-unknown-fields']) schema.additionalProperties = false;
  }
  if (node.items) schema.items = asPrunedSchema(node.items);
  return schema;
}

export function isCustomKind(key: string): boolean {
  return CUSTOM_KINDS.has(key);
}

/** Violations of the CRD's schema and scope, as messages; empty when the object is valid. */
export function customResourceProblems(object: Record<string, unknown>): string[] {
  const kind = CUSTOM_KINDS.get(typeKey(object));
  if (!kind) return [`no CustomResourceDefinition of ours defines ${typeKey(object)}`];
  const problems = kind.validate(object) ? [] : (kind.validate.errors ?? []).map((error) => `${error.instancePath || '.'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  const namespace = (object.metadata as { namespace?: unknown } | undefined)?.namespace;
  if (kind.scope === 'Cluster' && namespace !== undefined) problems.push(`.metadata.namespace: ${typeKey(object)} is cluster-scoped`);
  if (kind.scope === 'Namespaced' && namespace === undefined) problems.push(`.metadata.namespace: ${typeKey(object)} is namespaced`);
  return problems;
}
