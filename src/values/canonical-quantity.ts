// A Kubernetes resource quantity as the extension writes it into the chart values: a
// resource.Quantity marshalled to JSON, i.e. its String() (k8s.io/apimachinery
// pkg/api/resource/quantity.go: ParseQuantity, then CanonicalizeBytes). `1000m` is `1`, `0.5` is
// `500m`, `1024Mi` is `1Gi`, `1.5Gi` is `1536Mi`; text ParseQuantity keeps as it came (its fast
// path, below) stays as written, quirks included (`+1`, `01`). Exact: BigInt, no floating point.
// Only called with text the NetworkConfig validation took as a quantity.

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_OF_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([suffix, exponent]) => [exponent, suffix]));
const BINARY_SUFFIX_OF_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const INT64_MAX = 2n ** 63n - 1n;
/** The nearest value a quantity keeps: 10^-9 ("nano"); smaller non-zero amounts round up to it. */
const NANO_SCALE = -9;

export function canonicalQuantity(text: string): string {
  if (text === '0') return text;
  const parts = /^([+-]?)0*(\d*)(?:\.(\d*))?(.*)$/.exec(text);
  if (!parts) return text;
  const [, sign = '', digits = '', fraction = '', suffix = ''] = parts;
  const num = digits === '' ? '0' : digits;
  const negative = sign === '-';
  const { base, exponent, format } = interpret(suffix);

  // ParseQuantity's fast path: an int64 amount, and the text itself kept when already canonical.
  const precision = base === 10 ? 18 - (num.length + fraction.length)
    : exponent >= 0 && fraction === '' ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  const scale = (base === 10 ? exponent : 0) - fraction.length;
  if (precision >= 0 && scale >= NANO_SCALE) {
    const shifted = num + fraction;
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
  let mantissa = BigInt(num + fraction);
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

function interpret(suffix: string): { base: 2 | 10; exponent: number; format: Format } {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI' };
  return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
}

function isBelowOne(mantissa: bigint, scale: number): boolean {
  return mantissa > 0n && scale < 0 && mantissa < 10n ** BigInt(-scale);
}

/** CanonicalizeBytes: `mantissa` x 10^`scale` in `format`. */
function canonicalize(mantissa: bigint, scale: number, format: Format): string {
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
