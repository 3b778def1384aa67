// Small checks on the plain data that YAML gives us, shared by every stage that reads it.

/** A mapping (not a list, not null): what YAML's maps become. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Code-unit order, independent of the locale, so sorted output is the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
