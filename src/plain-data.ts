// Small checks on the plain data that YAML gives us, shared by every stage that reads it.

/** A mapping (not a list, not null): what YAML's maps become. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A mapping as YAML and JSON give a plain one, of no prototype but Object's (or none): not another
 * kind of object a YAML tag makes (a Map from `!!omap`, a Set, a Date), which reads as an empty map.
 */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Marks an object that configures the pipeline and is never applied to a cluster. */
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

/** One annotation of an object, as YAML gave it; undefined when the object has none by that key. */
export function annotationOf(object: unknown, key: string): unknown {
  const metadata = isRecord(object) ? object.metadata : undefined;
  const annotations = isRecord(metadata) ? metadata.annotations : undefined;
  return isRecord(annotations) ? annotations[key] : undefined;
}

/**
 * Whether an object is the one of this apiVersion, kind and name in kube-system (or with no
 * namespace, as a hand-written object may leave it), where Calico's objects live.
 */
export function isKubeSystemObject(object: Record<string, unknown>, apiVersion: string, kind: string, name: string): boolean {
  const metadata = object.metadata as { name?: unknown; namespace?: unknown } | undefined;
  return object.apiVersion === apiVersion && object.kind === kind && metadata?.name === name &&
    (metadata.namespace === 'kube-system' || metadata.namespace === undefined);
}

/** Code-unit order, independent of the locale, so sorted output is the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a UTF-16 code unit is an ASCII digit. */
export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Digits only, at least one (an integer in YAML 1.1 and 1.2 alike; what `/^\d+$/` matches, without compiling it). */
export function isDigitsOnly(text: string): boolean {
  if (text === '') return false;
  for (let index = 0; index < text.length; index += 1) if (!isDigitCode(text.charCodeAt(index))) return false;
  return true;
}
