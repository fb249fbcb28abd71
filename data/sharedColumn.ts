/** `values[0, length)` over a SharedArrayBuffer of exactly that size, which worker threads read without a copy;
 * `values` itself when it already is one (shared, from offset 0, exactly `length` long).
 * @example const shared = sharedColumn(bars.close, bars.length) // new Worker(...).postMessage(shared) shares it */
export function sharedColumn(values: Float64Array, length = values.length): Float64Array {
  if (values.buffer instanceof SharedArrayBuffer && values.byteOffset === 0 && values.length === length && values.buffer.byteLength === length * 8) return values
  const a = new Float64Array(new SharedArrayBuffer(length * 8))
  a.set(values.subarray(0, length))
  return a
}
