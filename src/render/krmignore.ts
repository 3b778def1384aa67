// `.krmignore` files, read with gitignore syntax as kpt reads them: `#` comments, `!` to
// re-include, a trailing `/` for directories only, a slash elsewhere anchors the pattern to the
// file's directory, `*`, `?`, `[...]` and `**`. A `.krmignore` in a subdirectory adds rules for
// its subtree after those of its parents; the last rule that matches decides.

export interface IgnoreRule {
  /** Directory of the `.krmignore` that holds the rule, relative to the package root ('' for the root). */
  base: string;
  pattern: RegExp;
  negated: boolean;
  directoryOnly: boolean;
}

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
    rules.push({ base, pattern: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globToRegExpSource(glob)}$`), negated, directoryOnly });
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
    if (rule.pattern.test(relative)) ignored = !rule.negated;
  }
  return ignored;
}

function globToRegExpSource(glob: string): string {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*' && glob[index + 1] === '*' && (index === 0 || glob[index - 1] === '/')) {
      const next = glob[index + 2];
      if (next === undefined) {
        source += '.*';
        index += 1;
        continue;
      }
      if (next === '/') {
        source += '(?:.*/)?';
        index += 2;
        continue;
      }
    }
    if (char === '*') {
      source += '[^/]*';
      while (glob[index + 1] === '*') index++;
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      const body = glob.slice(index + 1, close).replace(/\\/g, '\\\\');
      source += `[${body.replace(/^!/, '^')}]`;
      index = close;
    } else if (char === '\\' && index + 1 < glob.length) {
      index++;
      source += escapeRegExp(glob[index] as string);
    } else {
      source += escapeRegExp(char);
    }
  }
  return source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
