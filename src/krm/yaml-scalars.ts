// Scalars of the block reader (block-yaml.ts), resolved exactly as the yaml package resolves
// them with its YAML 1.2 core schema and no custom tags: the same forms (null and bool words,
// and the same regular expressions for octal, decimal and hex int, nan/inf, exponent and plain
// float; no text matches two of them, so the order in which they are tried does not matter) and
// the same number functions.
// Quoted scalars are read on one line only.

import { isDigitsOnly } from '../plain-data.js';
import { startsLikeNumber } from './scalars.js';

// The null and bool forms are words, looked up rather than matched: a regular expression costs
// most at its first use, when V8 compiles it, and these are asked of every short plain scalar.
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOL_WORDS = new Map([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]);
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Every text the number tests above accept, in one test. */
const NUMBER_LIKE = /^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** The longest null or bool word (`false`). */
const LONGEST_WORD = 5;

/** The value of a plain scalar (already trimmed) under the core schema. */
export function resolvePlain(text: string): unknown {
  // Most plain scalars are names: no number starts like them, and they are longer than the words.
  if (startsLikeNumber(text)) {
    // Digits alone are an int, and a number has at most one dot (`1.34.2`, `10.0.0.0/8` are
    // strings): a render's versions and CIDRs compile no pattern. The rest is matched: at scale
    // (a snapshot's 10,000 timestamps) the compiled pattern beats any test by hand.
    if (isDigitsOnly(text)) return parseInt(text, 10);
    const oneDotAtMost = text.indexOf('.') === text.lastIndexOf('.');
    return oneDotAtMost && NUMBER_LIKE.test(text) ? resolveNumber(text) : text;
  }
  if (text.length > LONGEST_WORD) return text;
  if (NULL_WORDS.has(text)) return null;
  return BOOL_WORDS.get(text) ?? text;
}

function resolveNumber(text: string): number | string {
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) {
    if (text.slice(-3).toLowerCase() === 'nan') return NaN;
    return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** A quoted scalar read from the quote at `start`: its value and the index after the closing quote. */
export interface Quoted {
  value: string;
  end: number;
}

const JSON_ESCAPES = new Map([['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']]);
const HEX4 = /^[0-9a-fA-F]{4}$/;
const BACKSLASH = 92;

/**
 * The single- or double-quoted scalar at `start`, closed before `lineEnd`; undefined when it is not
 * (a multi-line scalar) or uses an escape that JSON does not have (`\x41`, `\N`, `\0`...).
 */
export function readQuoted(text: string, start: number, lineEnd: number): Quoted | undefined {
  return text[start] === "'" ? readSingleQuoted(text, start, lineEnd) : readDoubleQuoted(text, start, lineEnd);
}

function readSingleQuoted(text: string, start: number, lineEnd: number): Quoted | undefined {
  let value = '';
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf("'", from);
    if (quote === -1 || quote >= lineEnd) return undefined;
    value += text.slice(from, quote);
    if (text[quote + 1] !== "'") return { value, end: quote + 1 };
    value += "'";
    from = quote + 2;
  }
}

function readDoubleQuoted(text: string, start: number, lineEnd: number): Quoted | undefined {
  const quote = text.indexOf('"', start + 1);
  if (quote === -1 || quote >= lineEnd) return undefined;
  for (let at = start + 1; at < quote; at += 1) {
    if (text.charCodeAt(at) === BACKSLASH) return readEscaped(text, start, lineEnd);
  }
  return { value: text.slice(start + 1, quote), end: quote + 1 };
}

function readEscaped(text: string, start: number, lineEnd: number): Quoted | undefined {
  let value = '';
  let from = start + 1;
  for (let at = from; at < lineEnd; at += 1) {
    const char = text[at];
    if (char === '"') return { value: value + text.slice(from, at), end: at + 1 };
    if (char !== '\\') continue;
    value += text.slice(from, at);
    const escape = text[at + 1] ?? '';
    if (escape === 'u') {
      const hex = text.slice(at + 2, at + 6);
      if (!HEX4.test(hex)) return undefined;
      value += String.fromCharCode(parseInt(hex, 16));
      at += 5;
    } else {
      const replacement = JSON_ESCAPES.get(escape);
      if (replacement === undefined) return undefined;
      value += replacement;
      at += 1;
    }
    from = at + 1;
  }
  return undefined;
}
