/** Number parsing straight from bytes, for the trace readers (no string per field). */

const ZERO = 48;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * The decimal number in bytes[start, end) times 10^decimals, truncated to an integer: `1.5` with
 * decimals 3 → 1500; `1712345678.123456` with 6 → exact microseconds. Accepts a sign, a fraction
 * and an exponent (`1.7e9`); NaN when the text is not a number.
 */
export function parseScaled(bytes: Uint8Array, start: number, end: number, decimals: number): number {
  // The common case, plain digits, in one tight loop.
  if (end > start && end - start <= 15) {
    let value = 0;
    let i = start;
    for (; i < end; i++) {
      const digit = bytes[i] - ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === end) return decimals === 0 ? value : value * POW10[decimals];
  }
  return parseGeneral(bytes, start, end, decimals);
}

function parseGeneral(bytes: Uint8Array, start: number, end: number, decimals: number): number {
  let i = start;
  let negative = false;
  if (bytes[i] === 45 || bytes[i] === 43) {
    negative = bytes[i] === 45;
    i++;
  }
  let whole = 0;
  const wholeStart = i;
  for (; i < end; i++) {
    const digit = bytes[i] - ZERO;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  let fraction = 0;
  let fractionDigits = 0;
  let anyFraction = false;
  if (i < end && bytes[i] === 46) {
    i++;
    for (; i < end; i++) {
      const digit = bytes[i] - ZERO;
      if (digit < 0 || digit > 9) break;
      anyFraction = true;
      if (fractionDigits < decimals) {
        fraction = fraction * 10 + digit;
        fractionDigits++;
      }
    }
  }
  if (i === wholeStart || (i === wholeStart + 1 && !anyFraction && bytes[wholeStart] === 46)) return Number.NaN;
  let exponent = 0;
  if (i < end && (bytes[i] | 0x20) === 101) {
    i++;
    let expNegative = false;
    if (bytes[i] === 45 || bytes[i] === 43) {
      expNegative = bytes[i] === 45;
      i++;
    }
    const expStart = i;
    for (; i < end; i++) {
      const digit = bytes[i] - ZERO;
      if (digit < 0 || digit > 9) break;
      exponent = exponent * 10 + digit;
    }
    if (i === expStart) return Number.NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return Number.NaN;
  for (let d = fractionDigits; d < decimals; d++) fraction *= 10;
  let value = whole * POW10[decimals] + fraction;
  if (exponent !== 0) value = Math.trunc(value * 10 ** exponent);
  return negative ? -value : value;
}

/** Skips spaces and tabs forward from `start`. */
export function skipBlanks(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
  return i;
}

/** Skips spaces and tabs backward from `end`. */
export function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = end;
  while (i > start && (bytes[i - 1] === 32 || bytes[i - 1] === 9)) i--;
  return i;
}
