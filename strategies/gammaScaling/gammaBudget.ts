/** The cash-gamma budget after scaling, in quote currency per 1% move:
 *   budget = navQuote * budgetPct / 100 * healthScale * volScale
 *   healthScale = clamp((health - healthFloor) / (healthFull - healthFloor), 0, 1)   (1 with no margin used)
 *   volScale    = min(1, (impliedVol / forecastVol)^volScalePower)
 * so the budget falls linearly to zero as the margin health factor drops to the floor, and shrinks as forecast
 * vol rises above implied (a realised-vol spike makes every unit of gamma riskier).
 * @example gammaBudget({ navQuote: 1.5e6, budgetPct: 0.01, health: 1.6, healthFloor: 1.2, healthFull: 2,
 *   impliedVol: 0.5, forecastVol: 0.625, volScalePower: 1 })
 * // { budgetQuote: 150 * 0.5 * 0.8 = 60, healthScale: 0.5, volScale: 0.8 } */
export function gammaBudget(o: { navQuote: number; budgetPct: number; health: number; healthFloor: number;
  healthFull: number; impliedVol: number; forecastVol: number; volScalePower: number }): { budgetQuote: number; healthScale: number; volScale: number } {
  const healthScale = Math.min(1, Math.max(0, (o.health - o.healthFloor) / (o.healthFull - o.healthFloor)))
  const ratio = o.impliedVol / o.forecastVol
  const volScale = o.volScalePower === 0 || !(ratio < 1) ? 1 : ratio ** o.volScalePower
  return { budgetQuote: Math.max(0, o.navQuote) * o.budgetPct / 100 * healthScale * volScale, healthScale, volScale }
}
