// Is a pattern one Go's regexp package compiles? Upstream validates the interface= and
// skip-interface= autodetection patterns with regexp.Compile, and calico-node matches with it.
// JavaScript's RegExp differs both ways: it refuses Go's flag groups, (?P<name>...), \z, \Q...\E
// and [[:alpha:]], and takes what RE2 refuses: backreferences, lookaround, \e and other unknown
// escapes. So the pattern is scanned as RE2 reads it: what RE2 refuses is named here, and the rest
// is rewritten into JavaScript syntax of the same shape (a character for each atom JavaScript has
// no syntax for) and left to RegExp to check what both share (brackets, repeats, ranges).

/** Go's message for a pattern regexp.Compile refuses; undefined when it compiles. */
export function goRegexpProblem(pattern: string): string | undefined {
  let rewritten = '';
  let inClass = false;
  const groupNames = new Set<string>();
  for (let index = 0; index < pattern.length;) {
    const char = pattern[index] as string;
    if (char === '\\') {
      const escape = readEscape(pattern, index, inClass);
      if (typeof escape === 'string') return escape;
      rewritten += escape.javascript;
      index = escape.end;
    } else if (inClass && pattern.startsWith('[:', index)) {
      const end = pattern.indexOf(':]', index + 2);
      const name = end < 0 ? '' : pattern.slice(index + 2, end).replace(/^\^/, '');
      if (!POSIX_CLASSES.has(name)) return `invalid character class range: \`${pattern.slice(index, end < 0 ? undefined : end + 2)}\``;
      rewritten += 'a';
      index = end + 2;
    } else if (!inClass && pattern.startsWith('(?', index)) {
      const group = readGroupOpening(pattern, index);
      if (typeof group === 'string') return group;
      if (group.name !== undefined) {
        if (groupNames.has(group.name)) return `duplicate capture group name: \`${group.name}\``;
        groupNames.add(group.name);
      }
      rewritten += group.javascript;
      index = group.end;
    } else {
      if (char === '[' && !inClass) {
        inClass = true;
        rewritten += char;
        index += 1;
        // A ] first in a class (after an optional ^) is a literal.
        if (pattern[index] === '^') { rewritten += '^'; index += 1; }
        if (pattern[index] === ']') { rewritten += '\\]'; index += 1; }
        continue;
      }
      if (char === ']' && inClass) inClass = false;
      rewritten += char;
      index += 1;
    }
  }
  const range = classRangeProblem(pattern);
  if (range) return range;
  const repeat = /\{(\d+)(?:,(\d*))?\}/g;
  for (const match of rewritten.matchAll(repeat)) {
    if (Number(match[1]) > MAX_REPEAT || Number(match[2] || 0) > MAX_REPEAT) return `invalid repeat count: \`${match[0]}\``;
  }
  try {
    new RegExp(rewritten);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: \/.*\/: /s, '');
  }
}

const MAX_REPEAT = 1000;
const POSIX_CLASSES = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);
/** Escapes both read alike: control characters, classes, word boundaries (\b only outside a class in Go). */
const SHARED_ESCAPES = new Set(['f', 'n', 'r', 't', 'v', 'd', 'D', 's', 'S', 'w', 'W']);

interface Rewritten { javascript: string; end: number }

function readEscape(pattern: string, index: number, inClass: boolean): Rewritten | string {
  const next = pattern[index + 1];
  const invalid = `invalid escape sequence: \`${pattern.slice(index, index + 2)}\``;
  if (next === undefined) return 'trailing backslash at end of expression';
  if (/[!-/:-@[-`{-~]/.test(next)) return { javascript: `\\${next}`, end: index + 2 };
  if (SHARED_ESCAPES.has(next) || (!inClass && (next === 'b' || next === 'B'))) return { javascript: `\\${next}`, end: index + 2 };
  if (next === 'a') return { javascript: '\\x07', end: index + 2 };
  if (!inClass && next === 'A') return { javascript: '^', end: index + 2 };
  if (!inClass && next === 'z') return { javascript: '$', end: index + 2 };
  if (next === 'x') {
    const braced = /^\\x\{([0-9A-Fa-f]+)\}/.exec(pattern.slice(index));
    if (braced) return Number.parseInt(braced[1] as string, 16) > 0x10ffff ? `invalid escape sequence: \`${braced[0]}\`` : { javascript: 'a', end: index + braced[0].length };
    return /^[0-9A-Fa-f]{2}$/.test(pattern.slice(index + 2, index + 4)) ? { javascript: 'a', end: index + 4 } : invalid;
  }
  if (next === 'p' || next === 'P') {
    const named = /^\\[pP](\{\^?[A-Za-z_]+\}|[A-Za-z])/.exec(pattern.slice(index));
    return named ? { javascript: 'a', end: index + named[0].length } : `invalid character class range: \`${pattern.slice(index, index + 3)}\``;
  }
  if (next === 'Q' && !inClass) {
    const end = pattern.indexOf('\\E', index + 2);
    const literal = pattern.slice(index + 2, end < 0 ? undefined : end);
    return { javascript: literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), end: end < 0 ? pattern.length : end + 2 };
  }
  if (next >= '0' && next <= '7') {
    // \0 and two or three digits are an octal code; a lone \1 to \7 a backreference, which RE2 lacks.
    const octal = /^\\[0-7]{1,3}/.exec(pattern.slice(index))?.[0] as string;
    return next !== '0' && octal.length === 2 ? invalid : { javascript: 'a', end: index + octal.length };
  }
  return invalid;
}

/** A group's opening; a named one's name, as RE2 takes names (JavaScript's differ: it gets a plain group). */
function readGroupOpening(pattern: string, index: number): (Rewritten & { name?: string }) | string {
  const rest = pattern.slice(index);
  const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
  if (named) return { javascript: '(', end: index + named[0].length, name: named[1] };
  if (rest.startsWith('(?:')) return { javascript: '(?:', end: index + 3 };
  const flags = /^\(\?([imsU]*(?:-[imsU]*)?)([:)])/.exec(rest);
  if (flags && /[imsU]/.test(flags[1] as string) && !(flags[1] as string).endsWith('-')) {
    return { javascript: flags[2] === ':' ? '(?:' : '', end: index + flags[0].length };
  }
  return `invalid or unsupported Perl syntax: \`${rest.slice(0, rest[2] === '<' || rest[2] === 'P' ? 4 : 3)}\``;
}

/**
 * Ranges inside classes as RE2 reads them (regexp/syntax parseClass): each end a single
 * character, the low one first. JavaScript's RegExp, without the u flag, takes `[a-\d]` and
 * compares escaped ends it cannot see here (each \x41 became `a` above). Called once the pattern
 * scanned clean, so escapes and POSIX names are valid.
 */
function classRangeProblem(pattern: string): string | undefined {
  for (let index = 0; index < pattern.length;) {
    if (pattern[index] === '\\') {
      index += pattern[index + 1] === 'Q' ? skipQuoted(pattern, index) : 2;
      continue;
    }
    if (pattern[index] !== '[') {
      index += 1;
      continue;
    }
    // A class: `[`, an optional `^`, a `]` first is a literal.
    index += pattern[index + 1] === '^' ? 2 : 1;
    let first = true;
    while (index < pattern.length && (first || pattern[index] !== ']')) {
      first = false;
      const start = index;
      const low = classItem(pattern, index);
      index = low.end;
      if (low.code === undefined || pattern[index] !== '-' || pattern[index + 1] === ']' || index + 1 >= pattern.length) continue;
      const high = classItem(pattern, index + 1, true);
      if (high.code === undefined) return `invalid escape sequence: \`${pattern.slice(index + 1, index + 3)}\``;
      index = high.end;
      if (high.code < low.code) return `invalid character class range: \`${pattern.slice(start, index)}\``;
    }
    index += 1;
  }
  return undefined;
}

/** One item of a class at `index`: a character (its code point) or a class (`\d`, `[:alpha:]`: no code). */
function classItem(pattern: string, index: number, rangeEnd = false): { code?: number; end: number } {
  // A range's end is one character: `[` there is itself, not a POSIX class.
  if (!rangeEnd && pattern.startsWith('[:', index)) return { end: pattern.indexOf(':]', index + 2) + 2 };
  if (pattern[index] !== '\\') {
    const code = pattern.codePointAt(index) as number;
    return { code, end: index + (code > 0xffff ? 2 : 1) };
  }
  const next = pattern[index + 1] as string;
  const named = /^\\[pP](\{\^?[A-Za-z_]+\}|[A-Za-z])/.exec(pattern.slice(index));
  if (named) return { end: index + named[0].length };
  if ('dDsSwW'.includes(next)) return { end: index + 2 };
  const braced = /^\\x\{([0-9A-Fa-f]+)\}/.exec(pattern.slice(index));
  if (braced) return { code: Number.parseInt(braced[1] as string, 16), end: index + braced[0].length };
  if (next === 'x') return { code: Number.parseInt(pattern.slice(index + 2, index + 4), 16), end: index + 4 };
  const octal = /^\\[0-7]{1,3}/.exec(pattern.slice(index));
  if (octal) return { code: Number.parseInt(octal[0].slice(1), 8), end: index + octal[0].length };
  const control = CONTROL_ESCAPES[next];
  return { code: control ?? (pattern.codePointAt(index + 1) as number), end: index + 2 };
}

const CONTROL_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** The length of `\Q...\E` (or to the end) at `index`. */
function skipQuoted(pattern: string, index: number): number {
  const end = pattern.indexOf('\\E', index + 2);
  return (end < 0 ? pattern.length : end + 2) - index;
}
