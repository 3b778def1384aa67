// How scalars are printed, as tags of the document's schema, so the printer does it as it goes
// (no extra pass over the nodes):
// - a number, boolean or null the user wrote keeps its spelling (`0755`, `1.20`, `True`, `~`),
//   which the YAML 1.2 core schema would otherwise normalise, as kpt itself keeps it;
// - a string we generate is double-quoted when a YAML 1.1 reader (kubectl, sigs.k8s.io/yaml)
//   would take it for something else: `Off` must stay the string "Off".
import type { ScalarTag, Tags } from 'yaml';
import { isDigitCode, isDigitsOnly } from '../plain-data.js';

const STRING_TAG = 'tag:yaml.org,2002:str';

/** For the `customTags` option of the yaml parser: the core tags with the rules above. */
export function portableScalarTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (!isScalarTag(tag) || !tag.stringify) return tag;
    const print = tag.stringify;
    if (tag.tag === STRING_TAG) {
      return {
        ...tag,
        stringify(item, ctx, onComment, onChompKeep) {
          if (item.source === undefined && !item.type && typeof item.value === 'string' && isAmbiguousInYaml11(item.value)) {
            item.type = 'QUOTE_DOUBLE';
          }
          return print(item, ctx, onComment, onChompKeep);
        },
      };
    }
    return {
      ...tag,
      stringify(item, ctx, onComment, onChompKeep) {
        return typeof item.source === 'string' && item.type === 'PLAIN' ? item.source : print(item, ctx, onComment, onChompKeep);
      },
    };
  });
}

function isScalarTag(tag: Tags[number]): tag is ScalarTag {
  return typeof tag === 'object' && !('collection' in tag && tag.collection);
}

// The YAML 1.1 type repository's plain-scalar forms (yaml.org/type: bool, int, float, null,
// timestamp), including those YAML 1.2 dropped: yes/no/on/off, sexagesimal, binary, `_`.
const YAML11_BOOLEAN = /^(?:[Yy]|[Yy]es|YES|[Nn]|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const YAML11_NUMBER = new RegExp(
  '^[-+]?(?:0b[0-1_]+|0[0-7_]+|[0-9][0-9_]*|0x[0-9a-fA-F_]+' +
    '|(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+|(?:[0-9][0-9_]*)?\\.[0-9_]*' +
    '|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?|\\.(?:inf|Inf|INF))$|^\\.(?:nan|NaN|NAN)$',
);
const YAML11_TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;
const YAML11_NULL = /^(?:~|[Nn]ull|NULL|)$/;

/** The forms above that are words (the booleans and nulls, the empty string one of them): looked up, not matched. */
const YAML11_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '~', 'null', 'Null', 'NULL', '',
]);

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const isSign = (code: number) => code === PLUS || code === MINUS;

/**
 * The other forms, numbers and timestamps, are matched only for a string that can be one: most
 * strings start otherwise, or hold a character none of them has. The printer asks this of every
 * string it writes, and a regular expression costs most at its first use, when V8 compiles it:
 * once a start.
 */
export function isAmbiguousInYaml11(text: string): boolean {
  if (YAML11_WORDS.has(text)) return true;
  const first = text.charCodeAt(0);
  // A number starts like one, or with an exponent (`E5`, `e-3` are floats in YAML 1.1).
  const second = text.charCodeAt(1);
  if (!startsLikeNumber(text) && !((first === 0x45 || first === 0x65) && (isDigitCode(second) || isSign(second)))) return false;
  if (isDigitsOnly(text)) return true;
  return (mayBeNumber(text, YAML11_DECIMAL_CHARACTERS) && YAML11_NUMBER.test(text)) || (mayBeDate(text) && YAML11_TIMESTAMP.test(text));
}

/** Whether `text` starts as a YAML number does: with a digit, a sign or a dot. */
export function startsLikeNumber(text: string): boolean {
  const first = text.charCodeAt(0);
  return isDigitCode(first) || isSign(first) || first === DOT;
}

/** The characters of YAML 1.1's decimal, float and sexagesimal forms. */
const YAML11_DECIMAL_CHARACTERS = '0123456789+-._:eE';

/**
 * Whether a number of a YAML schema whose decimal forms are made of `decimalCharacters` could be
 * `text`: its other forms (hex, octal `0o`, binary, `.inf`, `.nan`) start, after a sign, with `0x`,
 * `0o`, `0b` or a dot, and are left to the full test.
 */
export function mayBeNumber(text: string, decimalCharacters: string): boolean {
  const body = isSign(text.charCodeAt(0)) ? 1 : 0;
  if (text.charCodeAt(body) === DOT || text.startsWith('0x', body) || text.startsWith('0o', body) || text.startsWith('0b', body)) return true;
  for (let index = 0; index < text.length; index += 1) if (!decimalCharacters.includes(text.charAt(index))) return false;
  return true;
}

/** A timestamp starts with a year and a dash: `2026-`. */
function mayBeDate(text: string): boolean {
  return text.length >= 8 && text.charCodeAt(4) === MINUS && isDigitsOnly(text.slice(0, 4));
}

/** One of the forms above, tested in full (exported for the tests that hold the first-character shortcut to it). */
export function hasYaml11Form(text: string): boolean {
  return YAML11_BOOLEAN.test(text) || YAML11_NUMBER.test(text) || YAML11_TIMESTAMP.test(text) || YAML11_NULL.test(text);
}
