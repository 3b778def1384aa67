// A Kubernetes resource quantity as the extension writes it into the chart values: a
// resource.Quantity marshalled to JSON, i.e. its String() (k8s.io/apimachinery
// pkg/api/resource/quantity.go: ParseQuantity, then CanonicalizeBytes). `1000m` is `1`, `0.5` is
// `500m`, `1024Mi` is `1Gi`, `1.5Gi` is `1536Mi`; text ParseQuantity keeps as it came (its fast
// path, below) stays as written, quirks included (`+1`, `01`). Exact: BigInt, no floating point.
// Only called with text the NetworkConfig validation took as a quantity.
import { BINARY_SUFFIXES, DECIMAL_SUFFIXES, readQuantity, type QuantityFormat } from '../inputs/quantity.js';

const SUFFIX_OF_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([suffix, exponent]) => [exponent, suffix]));
/** The binary suffix of each power of 1024, from none up. */
const BINARY_SUFFIX_OF_POWER = ['', ...Object.keys(BINARY_SUFFIXES)];

const INT64_MAX = 2n ** 63n - 1n;
/** The nearest value a quantity keeps: 10^-9 ("nano"); smaller non-zero amounts round up to it. */
const NANO_SCALE = -9;

export function canonicalQuantity(text: string): string {
  const quantity = readQuantity(text);
  if (text === '0' || !quantity) return text;
  const { negative, integer, fraction, base, exponent, format } = quantity;

  // ParseQuantity's fast path: an int64 amount, and the text itself kept when already canonical.
  const precision = base === 10 ? 18 - (integer.length + fraction.length)
    : exponent >= 0 && fraction === '' ? 15 - integer.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  const scale = (base === 10 ? exponent : 0) - fraction.length;
  if (precision >= 0 && scale >= NANO_SCALE) {
    const shifted = integer + fraction;
    const value = BigInt(shifted);
    const amount = value * (base === 2 ? 2n ** BigInt(exponent) : 1n);
    if (amount <= INT64_MAX) {
      const kept = base === 2 ? exponent % 10 === 0 && (value & 7n) !== 0n
        : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
      if (kept) return text;
      return canonicalize(negative ? -amount : amount, scale, format);
    }
  }

  // The general path: the exact amount as mantissa x 10^scale, rounded up to nano.
  let mantissa = BigInt(integer + fraction);
  let decimalScale = -fraction.length;
  if (base === 10) decimalScale += exponent;
  else mantissa *= 2n ** BigInt(exponent);
  if (decimalScale < NANO_SCALE) {
    const divisor = 10n ** BigInt(NANO_SCALE - decimalScale);
    mantissa = mantissa / divisor + (mantissa % divisor === 0n ? 0n : 1n);
    decimalScale = NANO_SCALE;
  }
  const effective = format === 'BinarySI' && isBelowOne(mantissa, decimalScale) ? 'DecimalSI' : format;
  return canonicalize(negative ? -mantissa : mantissa, decimalScale, effective);
}

function isBelowOne(mantissa: bigint, scale: number): boolean {
  return mantissa > 0n && scale < 0 && mantissa < 10n ** BigInt(-scale);
}

/** CanonicalizeBytes: `mantissa` x 10^`scale` in `format`. */
function canonicalize(mantissa: bigint, scale: number, format: QuantityFormat): string {
  if (mantissa === 0n) return '0';
  const sign = mantissa < 0n ? '-' : '';
  let magnitude = mantissa < 0n ? -mantissa : mantissa;
  if (format === 'BinarySI') {
    const integer = scale >= 0 ? magnitude * 10n ** BigInt(scale) : magnitude % 10n ** BigInt(-scale) === 0n ? magnitude / 10n ** BigInt(-scale) : undefined;
    // Below 1024, or with a fraction, BinarySI shows as DecimalSI: no rounding, no loss.
    if (integer !== undefined && integer >= 1024n) {
      let value = integer;
      let power = 0;
      while (value % 1024n === 0n && power < BINARY_SUFFIX_OF_POWER.length - 1) {
        value /= 1024n;
        power += 1;
      }
      return `${sign}${value}${BINARY_SUFFIX_OF_POWER[power]}`;
    }
  }
  let exponent = scale;
  while (magnitude % 10n === 0n) {
    magnitude /= 10n;
    exponent += 1;
  }
  while (exponent % 3 !== 0) {
    magnitude *= 10n;
    exponent -= 1;
  }
  const suffix = format === 'DecimalExponent' ? (exponent === 0 ? '' : `e${exponent}`) : SUFFIX_OF_EXPONENT.get(exponent) ?? `e${exponent}`;
  return `${sign}${magnitude}${suffix}`;
}
