/** Units of underlying to sell calls on: `sizePctOfNav` percent of NAV, capped by the collateral still free, rounded
 * down to the venue's size step (an order rounded up would be uncovered).
 * @example callQty({ navAsset: 10, freeCollateral: 7.25, sizePctOfNav: 100, qtyStep: 0.1 }) // 7.2 */
export function callQty(o: { navAsset: number; freeCollateral: number; sizePctOfNav: number; qtyStep: number }): number {
  const raw = Math.max(0, Math.min(o.navAsset * o.sizePctOfNav / 100, o.freeCollateral))
  if (o.qtyStep <= 0) return raw
  // the 1e-9 guards against 7.3 / 0.1 = 72.99999999999999 dropping a whole step
  const n = Math.floor(raw / o.qtyStep + 1e-9)
  return Number((n * o.qtyStep).toPrecision(12))
}
