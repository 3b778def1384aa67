// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): checked exactly, with
// BigInt; the text the user wrote is what values/canonical-quantity.ts turns into the extension's
// form.
const DECIMAL_EXPONENTS: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/**
 * The exponents taken in `1e3` form. Go parses any that fit 64 bits and then keeps 32 of them
 * (wrapping); no resource request needs more than a few dozen.
 */
export const MAX_EXPONENT = 100;
/** The largest quantity Kubernetes holds exactly (int64); Go caps larger binary ones and prints larger decimal ones without their unit. */
const LIMIT = 2n ** 63n;

export type QuantityCheck = 'not a quantity' | 'exponent out of range' | 'too large' | 'zero' | 'negative' | 'ok';

export function checkQuantity(text: string): QuantityCheck {
  const match = QUANTITY.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return 'not a quantity';
  const [, sign, digits = '', fraction = '', suffix, exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) return 'exponent out of range';
  const mantissa = BigInt(`${digits}${fraction}` || '0');
  if (mantissa === 0n) return 'zero';
  if (sign === '-') return 'negative';
  // The amount is mantissa x 2^binary x 10^decimal.
  const binary = suffix !== undefined && suffix in BINARY_EXPONENTS ? BINARY_EXPONENTS[suffix]! : 0;
  const decimal = (suffix !== undefined && suffix in DECIMAL_EXPONENTS ? DECIMAL_EXPONENTS[suffix]! : exponent) - fraction.length;
  const scaled = mantissa * 2n ** BigInt(binary);
  const tooLarge = decimal >= 0 ? scaled * 10n ** BigInt(decimal) >= LIMIT : scaled >= LIMIT * 10n ** BigInt(-decimal);
  return tooLarge ? 'too large' : 'ok';
}
