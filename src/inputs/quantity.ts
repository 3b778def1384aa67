// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), read as ParseQuantity
// reads their text and checked exactly, with BigInt; values/canonical-quantity.ts writes what
// this reads in the extension's form.
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** The suffixes of each base and the power of the base they stand for. */
export const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
export const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const QUANTITY = /^([+-]?)(0*)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** A quantity's text in its parts: the amount is `integer.fraction` x base^exponent. */
export interface QuantityText {
  negative: boolean;
  /** The integer digits without leading zeros, `0` when none are left. */
  integer: string;
  fraction: string;
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/** The parts of a quantity's text; undefined when it is none (no digit at all, an unknown suffix). */
export function readQuantity(text: string): QuantityText | undefined {
  const match = QUANTITY.exec(text);
  const [, sign, zeros = '', digits = '', fraction = '', suffix, exponentText] = match ?? [];
  if (!match || zeros + digits + fraction === '') return undefined;
  const base = { negative: sign === '-', integer: digits === '' ? '0' : digits, fraction };
  if (exponentText !== undefined) return { ...base, base: 10, exponent: Number(exponentText), format: 'DecimalExponent' };
  if (suffix !== undefined && suffix in BINARY_SUFFIXES) return { ...base, base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI' };
  return { ...base, base: 10, exponent: DECIMAL_SUFFIXES[suffix ?? '']!, format: 'DecimalSI' };
}

/**
 * The exponents taken in `1e3` form. Go parses any that fit 64 bits and then keeps 32 of them
 * (wrapping); no resource request needs more than a few dozen.
 */
export const MAX_EXPONENT = 100;
/** The largest quantity Kubernetes holds exactly (int64); Go caps larger binary ones and prints larger decimal ones without their unit. */
const LIMIT = 2n ** 63n;

export type QuantityCheck = 'not a quantity' | 'exponent out of range' | 'too large' | 'zero' | 'negative' | 'ok';

export function checkQuantity(text: string): QuantityCheck {
  const quantity = readQuantity(text);
  if (!quantity) return 'not a quantity';
  const { negative, integer, fraction, base, exponent, format } = quantity;
  if (format === 'DecimalExponent' && (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT)) return 'exponent out of range';
  const mantissa = BigInt(integer + fraction);
  if (mantissa === 0n) return 'zero';
  if (negative) return 'negative';
  // The amount is mantissa x 2^binary x 10^decimal.
  const decimal = (base === 10 ? exponent : 0) - fraction.length;
  const scaled = mantissa * 2n ** BigInt(base === 2 ? exponent : 0);
  const tooLarge = decimal >= 0 ? scaled * 10n ** BigInt(decimal) >= LIMIT : scaled >= LIMIT * 10n ** BigInt(-decimal);
  return tooLarge ? 'too large' : 'ok';
}
