// `.krmignore` files, read with gitignore syntax as kpt reads them: `#` comments, `!` to
// re-include, a trailing `/` for directories only, a slash elsewhere anchors the pattern to the
// file's directory, `*`, `?`, `[...]` and `**`. A `.krmignore` in a subdirectory adds rules for
// its subtree after those of its parents; the last rule that matches decides.

export interface IgnoreRule {
  /** Directory of the `.krmignore` that holds the rule, relative to the package root ('' for the root). */
  base: string;
  pattern: Glob;
  negated: boolean;
  directoryOnly: boolean;
}

/**
 * A compiled glob. Matched by stepping a set of positions through the path one character at a
 * time (an NFA), so the time is linear in the path for a given pattern: a regular expression
 * with one `(.*\/)?` per `**\/` backtracks exponentially on deep paths.
 */
export type Glob = readonly Step[];

type Step =
  | { kind: 'char'; char: string }
  /** `?`, or a `[...]` class: one character, never `/`. */
  | { kind: 'one'; test: (char: string) => boolean }
  /** `*`: any run of characters within a path segment. */
  | { kind: 'star' }
  /** `**` at the end: anything. */
  | { kind: 'anything' }
  /** `**\/` (and the start of an unanchored pattern): any number of whole segments; a '/' step follows. */
  | { kind: 'segments' };

export function parseIgnoreFile(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    // Trailing spaces do not count unless escaped with a backslash.
    let line = rawLine.replace(/(?<!\\) +$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.replace(/\/+$/, '');
    if (line === '') continue;
    const anchored = line.includes('/');
    const glob = line.replace(/^\//, '');
    const prefix: Step[] = anchored ? [] : [{ kind: 'segments' }, { kind: 'char', char: '/' }];
    rules.push({ base, pattern: [...prefix, ...compileGlob(glob)], negated, directoryOnly });
  }
  return rules;
}

/** `path` is relative to the package root, with forward slashes. */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.base !== '' && !path.startsWith(`${rule.base}/`)) continue;
    const relative = rule.base === '' ? path : path.slice(rule.base.length + 1);
    if (matchesGlob(rule.pattern, relative)) ignored = !rule.negated;
  }
  return ignored;
}

export function matchesGlob(glob: Glob, path: string): boolean {
  let positions = closure(glob, new Set([0]));
  for (const char of path) {
    const next = new Set<number>();
    for (const position of positions) {
      const step = glob[position];
      if (!step) continue;
      if (step.kind === 'char' ? step.char === char : step.kind === 'one' ? char !== '/' && step.test(char) : false) next.add(position + 1);
      if ((step.kind === 'star' && char !== '/') || step.kind === 'anything' || step.kind === 'segments') next.add(position);
    }
    if (next.size === 0) return false;
    positions = closure(glob, next);
  }
  return positions.has(glob.length);
}

/** The positions reachable without reading a character: past a `*` or `**`; past `**\/` to its slash, or past both. */
function closure(glob: Glob, positions: Set<number>): Set<number> {
  const pending = [...positions];
  for (let position = pending.pop(); position !== undefined; position = pending.pop()) {
    const step = glob[position];
    const skips = step?.kind === 'star' || step?.kind === 'anything' ? [position + 1] : step?.kind === 'segments' ? [position + 1, position + 2] : [];
    for (const skip of skips) {
      if (!positions.has(skip)) {
        positions.add(skip);
        pending.push(skip);
      }
    }
  }
  return positions;
}

function compileGlob(glob: string): Step[] {
  const steps: Step[] = [];
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*' && glob[index + 1] === '*' && (index === 0 || glob[index - 1] === '/')) {
      const next = glob[index + 2];
      if (next === undefined) {
        steps.push({ kind: 'anything' });
        index += 1;
        continue;
      }
      if (next === '/') {
        steps.push({ kind: 'segments' }, { kind: 'char', char: '/' });
        index += 2;
        continue;
      }
    }
    if (char === '*') {
      steps.push({ kind: 'star' });
      while (glob[index + 1] === '*') index++;
    } else if (char === '?') {
      steps.push({ kind: 'one', test: () => true });
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close < 0) {
        steps.push({ kind: 'char', char: '[' });
        continue;
      }
      const body = glob.slice(index + 1, close).replace(/\\/g, '\\\\');
      const negated = body.startsWith('!');
      const klass = characterClass(`^[${negated ? '^' : ''}${negated ? body.slice(1) : body}]$`);
      steps.push({ kind: 'one', test: (candidate) => klass?.test(candidate) === true });
      index = close;
    } else if (char === '\\' && index + 1 < glob.length) {
      index++;
      steps.push({ kind: 'char', char: glob[index] as string });
    } else {
      steps.push({ kind: 'char', char });
    }
  }
  return steps;
}

/** A bracket expression as a regular expression; undefined for one such as [z-a], which, as in git, matches nothing. */
function characterClass(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}
