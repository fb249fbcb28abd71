/** `Number(text)` for a numeric CSV cell, fast for the plain decimals writers emit (`30012.45`, `-0.0001`,
 * `12`): at most 15 digits, an optional leading minus, an optional point. Those are read digit by digit into an
 * integer m < 10^15 < 2^53 and divided by 10^f with f <= 15; both are exact doubles, so the one division rounds
 * correctly and gives exactly the double Number() gives (W. D. Clinger, "How to read floating point numbers
 * accurately", PLDI 1990: the fast path). Anything else (exponents, a plus sign, spaces, 16+ digits, text)
 * goes to Number() itself, so the result is Number(text) for every string; '' is 0, as Number('') is.
 * @example parseDecimal('30012.45') // 30012.45
 * @example parseDecimal('1e-4') // 0.0001 (by Number()) */
export function parseDecimal(text: string): number {
  const n = text.length
  let i = 0
  let negative = false
  if (n > 0 && text.charCodeAt(0) === 45 /* - */) { negative = true; i = 1 }
  let m = 0
  let digits = 0
  let fracDigits = -1 // -1 until the point
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48
    if (c >= 0 && c <= 9) {
      m = m * 10 + c
      digits++
      if (fracDigits >= 0) fracDigits++
    } else if (c === -2 /* . */ && fracDigits < 0) {
      fracDigits = 0
    } else {
      return Number(text)
    }
  }
  if (digits === 0 || digits > 15) return Number(text)
  const v = fracDigits > 0 ? m / POW10[fracDigits]! : m
  return negative ? -v : v
}

const POW10 = Float64Array.from({ length: 16 }, (_, k) => 10 ** k) // 10^0 … 10^15, each exact
