// Every generated object checked against the schema of its apiVersion/kind (built-in, Calico
// custom resource, or named as unvalidated), and calico-config's CNI conflist against the CNI
// specification. Shared by the golden-case validity test and the property tests.
import { builtinProblems, isBuiltinKind, metadataProblems, typeKey, UNVALIDATED_KINDS } from './builtin-validation.js';
import { conflistProblems } from './cni-conflist.js';
import { customResourceProblems, isCustomKind } from './crd-validation.js';

/** Problems of one generated object, each prefixed with the object's kind and name. */
export function generatedObjectProblems(object: Record<string, unknown>): string[] {
  const key = typeKey(object);
  const problems = isBuiltinKind(key)
    ? builtinProblems(object)
    : isCustomKind(key)
      ? customResourceProblems(object)
      : UNVALIDATED_KINDS.has(key)
        ? metadataProblems(object)
        : [`${key} has no validator: add its schema to test/support (or to UNVALIDATED_KINDS with a reason)`];
  if (key === 'v1 ConfigMap' && (object.metadata as { name?: unknown }).name === 'calico-config') {
    const data = object.data as Record<string, string>;
    problems.push(...conflistProblems(data.cni_network_config ?? '', data.veth_mtu ?? '').map((problem) => `cni_network_config: ${problem}`));
  }
  const name = String((object.metadata as { name?: unknown } | undefined)?.name);
  return problems.map((problem) => `${key} ${name}: ${problem}`);
}
