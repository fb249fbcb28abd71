import type { OptvaultConfig } from '../../engine/config/loadConfig.ts'
import type { StrategyDefinition } from '../../engine/plugin/strategy.ts'
import type { OptionInstrument } from '../../engine/domain/instruments/instrument.ts'
import { DEFAULT_SETTLEMENT_WINDOW_MS, twapSettlementPrice } from '../../engine/domain/settlement/twapSettlementPrice.ts'
import { initialVaultState, shareBook, type VaultState } from '../../engine/domain/vault/vaultState.ts'
import { reduceVault } from '../../engine/domain/vault/reduceVault.ts'
import { pricePerShare } from '../../engine/domain/vault/vaultShares.ts'
import type { VaultConfig } from '../../engine/domain/vault/vaultConfig.ts'
import type { UnixMs } from '../../engine/domain/units.ts'
import { hedgePolicyOf } from '../../engine/runtime/hedgePolicyOf.ts'
// Re-exported: paper/live code imported it from here before it moved to the runtime.
export { hedgePolicyOf }
import { InputError } from '../../engine/errors/input.ts'
import { VaultCapError } from '../../engine/errors/vault.ts'
import { isoUtcToMs } from '../../engine/config/schema/isoUtc.ts'
import { BarCursor, type BarSeries } from '../../engine/runtime/marketView.ts'
import { nextEpochEndMs } from '../../engine/runtime/epochSchedule.ts'
import { fnv1a64Hex } from '../../engine/runtime/clientId.ts'
import { ModelChain, type StrikeGrid } from '../../engine/runtime/modelChain.ts'
import { RecordedChain } from '../../engine/runtime/recordedChain.ts'
import type { ChainColumns } from '../../data/barColumns.ts'
import { Portfolio, type AccountingUnit, type LedgerTotals } from '../../engine/runtime/portfolio.ts'
import { SimClock } from '../../engine/runtime/simClock.ts'
import { StrategyRuntime } from '../../engine/runtime/strategyRuntime.ts'
import { VolSource, type VolPoints } from '../../engine/runtime/volSource.ts'
import { SimVenue, type FillMarket, type SimFill } from '../simVenue/simVenue.ts'
import type { BacktestResult, EpochRow, EquityColumns, TradeRow } from './backtestResult.ts'
import type { ColumnReuse } from './columnReuse.ts'
import { MarginCheck } from './marginHealth.ts'

/** A deposit or withdrawal request that reaches the vault at `atMs` and settles at the next roll (deposits) or at
 * the close of the epoch (withdrawals), through the vault reducer. */
export type VaultFlow =
  /** `amount` in the accounting unit; or `assetAmount` in units of the vault asset, which a stable-collateral vault
   * takes at the close of the bar the deposit arrives on (vault.flows in the config are written this way). */
  | { readonly type: 'deposit'; readonly atMs: UnixMs; readonly account: string; readonly amount: number }
  | { readonly type: 'deposit'; readonly atMs: UnixMs; readonly account: string; readonly assetAmount: number }
  /** A fraction of the account's free shares, or a number of shares (capped at the free ones); `all` also cancels
   * the account's deposits still queued. */
  | { readonly type: 'withdraw'; readonly atMs: UnixMs; readonly account: string; readonly fractionOfShares: number }
  | { readonly type: 'withdraw'; readonly atMs: UnixMs; readonly account: string; readonly shares: number }
  | { readonly type: 'withdraw'; readonly atMs: UnixMs; readonly account: string; readonly all: true }

/** The config's vault.flows as loop flows (deposits in vault-asset units, shares as counted by the loop). */
export function vaultFlowsOf(cfg: OptvaultConfig): VaultFlow[] {
  return cfg.vault.flows.map((f): VaultFlow => {
    const base = { atMs: isoUtcToMs(f.at) as UnixMs, account: f.account }
    if (f.deposit !== undefined) return { type: 'deposit', ...base, assetAmount: f.deposit }
    if (f.withdrawShares !== undefined) return { type: 'withdraw', ...base, shares: f.withdrawShares }
    return { type: 'withdraw', ...base, all: true }
  })
}

export interface BacktestInput {
  readonly config: OptvaultConfig
  readonly strategy: StrategyDefinition
  /** Params parsed by the strategy's schema. */
  readonly params: unknown
  readonly bars: BarSeries
  readonly barMs: number
  readonly vol?: VolPoints
  /** Recorded option chain snapshots, for iv.source chain. */
  readonly chain?: ChainColumns
  /** Perp funding per interval, fraction, effective at each `tMs`. */
  readonly funding?: Readonly<{ length: number; tMs: Float64Array; rate: Float64Array }>
  readonly gas?: Readonly<{ length: number; tMs: Float64Array; gwei: Float64Array }>
  /** Part of the run id (client ids); nothing in the loop draws random numbers. */
  readonly seed?: number
  /** Fill at the next bar's open (default) or close. Never at the deciding bar's close. */
  readonly fillAt?: 'open' | 'close'
  /** Deposits and withdrawals; default: the config's vault.flows (vaultFlowsOf). */
  readonly flows?: readonly VaultFlow[]
  readonly grid?: StrikeGrid
  /** ETH price in quote currency for gas when the vault asset is not ETH. Default 3000. */
  readonly ethPrice?: number
  /** Margin health every bar (default true). */
  readonly marginCheck?: boolean
  readonly onProgress?: (done: number, total: number) => void
  /** Columns left by an earlier run to write the equity columns into (sweeps); the result's columns are then valid
   * only until the next run with the same ColumnReuse. Default: fresh columns. */
  readonly columns?: ColumnReuse
}

const DECIMALS: Readonly<Record<string, number>> = { BTC: 8, WBTC: 8, ETH: 18, WETH: 18, USDC: 6, USDT: 6, DAI: 18, SOL: 9 }
const PERP_SUFFIX = '-PERPETUAL'

/** Runs a strategy over bars through the simulated venue: the event loop of `optvault backtest`.
 * Per bar, in order: fills of orders decided on earlier bars (at this bar's open by default); funding; marks;
 * expiries settled at the TWAP of the index (engine/domain/settlement); epoch end (onEpochEnd, vault
 * expire/settle/roll, queued deposits and withdrawals, onEpochStart); margin check and liquidation; the configured
 * hedge trigger; onBar; then queued orders go to the venue, which answers at once. With no event and no order, a
 * bar allocates nothing and awaits nothing; a trade awaits only a hook that returned a promise (and, with hedges
 * on a Uniswap pool, the SDK's swap quote). */
export async function runBacktest(input: BacktestInput): Promise<BacktestResult> {
  const { config: cfg, bars, barMs, strategy } = input
  const n = bars.length
  if (n < 2) throw new InputError('data.bars', 'data.bars', `holds ${n} bar(s) in the backtest window`, 'give at least two bars (check data.from and data.to).')
  if (cfg.execution.fillTiming === 'same-bar') {
    throw new InputError('execution.fillTiming', 'execution.fillTiming', 'is same-bar, which fills at the price the decision saw (look-ahead)', 'use next-bar; the backtester fills at the next bar\'s open.')
  }
  const asset = cfg.vault.asset
  const unit: AccountingUnit = cfg.vault.collateral === 'underlying' ? 'asset' : 'quote'
  const quote = 'USD'
  const unitSymbol = unit === 'asset' ? asset : cfg.vault.collateral
  const decimals = DECIMALS[unitSymbol] ?? 8
  const scale = 10 ** Math.min(decimals, 15)
  const toRaw = (x: number): bigint => BigInt(Math.round(x * scale)) * 10n ** BigInt(decimals - Math.min(decimals, 15))
  const fromRaw = (x: bigint): number => Number(x / 10n ** BigInt(decimals - Math.min(decimals, 15))) / scale
  const hedgeCfg = cfg.hedge
  const hedgeId = hedgeCfg?.instrument === 'spot' ? `${asset}/${quote}` : hedgeCfg?.instrument === 'uniswap' ? `UNIV3:${asset}/${quote}` : `${asset}${PERP_SUFFIX}`
  const runId = `${strategy.name}:${fnv1a64Hex(`${bars.tMs[0]}|${bars.tMs[n - 1]}|${n}|${input.seed ?? 0}`)}`

  const cursor = new BarCursor(bars, barMs)
  const clock = new SimClock()
  const vol = new VolSource(cfg.iv, bars, barMs, input.vol)
  let chain: ModelChain | RecordedChain
  if (cfg.iv.source === 'chain') {
    if (input.chain === undefined) throw new InputError('data.chain', 'data.chain', 'is needed by iv.source: chain', 'add data.chain (recorded chain snapshots), or use iv.source: index.')
    const recorded = new RecordedChain(clock, input.chain, { underlying: asset, quote, coinQuoted: true })
    vol.useChain(recorded)
    chain = recorded
  } else {
    chain = new ModelChain(clock, { underlying: asset, quote, inverse: unit === 'asset', vol, ...(input.grid ? { grid: input.grid } : {}), expiryHourUtc: cfg.vault.epoch.hourUtc })
  }
  const firstPrice = bars.open[0] as number
  const initialBalance = unit === 'asset' ? cfg.vault.initialNav : cfg.vault.initialNav * firstPrice
  const portfolio = new Portfolio(unit, initialBalance, hedgeId)
  const margin = new MarginCheck(portfolio, asset, unitSymbol)
  let bookVersion = 0

  // The vault: the initial NAV is a deposit minted at the first roll.
  const vaultConfig: VaultConfig = {
    assetSymbol: unitSymbol, assetDecimals: decimals, decimalsOffset: 0,
    maxTvlAssets: cfg.vault.maxTvl === undefined ? 10n ** 40n : toRaw(unit === 'asset' ? cfg.vault.maxTvl : cfg.vault.maxTvl * firstPrice),
    minDepositAssets: 1n,
    managementFeeBpsPerYear: Math.round(cfg.vault.fees.managementFeePct * 100),
    performanceFeeBps: Math.round(cfg.vault.fees.performanceFeePct * 100),
    highWaterMark: cfg.vault.fees.highWaterMark, feePayment: cfg.vault.fees.paidIn, feeRecipient: cfg.vault.fees.feeRecipient ?? 'fees',
  }
  const t0 = bars.tMs[0] as number
  let vault: VaultState = initialVaultState(vaultConfig, t0)
  vault = reduceVault(vault, { type: 'deposit', account: 'initial', assets: toRaw(initialBalance) })
  vault = reduceVault(vault, { type: 'roll', atMs: t0 })
  vault = reduceVault(vault, { type: 'takePositions', atMs: t0 })
  const shareUnit = 10 ** (decimals + vaultConfig.decimalsOffset)
  const shares = () => Number(vault.totalShares) / shareUnit
  let sharesNow = shares()
  portfolio.balance = fromRaw(vault.totalAssets)
  const flows = [...(input.flows ?? vaultFlowsOf(cfg))].sort((a, b) => a.atMs - b.atMs)
  let flowAt = 0

  // NAV at the first bar close of each UTC day, for risk.maxDailyLossPct
  let dayStartNav = NaN
  let nextDayMs = -Infinity
  const rt = new StrategyRuntime({
    mode: 'backtest', runId, strategy, params: input.params, cursor, chain, portfolio, vol, asset, hedgeInstrument: hedgeId,
    shares, health: () => margin.health, ...(hedgeCfg === undefined ? {} : { hedge: hedgePolicyOf(cfg) }),
    limits: {
      ...(cfg.risk.maxNotionalPerOrder === undefined ? {} : { maxQtyPerOrder: cfg.risk.maxNotionalPerOrder }),
      ...(cfg.risk.maxNotionalPerDay === undefined ? {} : { maxQtyPerDay: cfg.risk.maxNotionalPerDay }),
      nowMs: () => cursor.now,
      blockNewRisk: () => {
        if (margin.health < cfg.risk.minHealth) return `margin health ${round(margin.health, 3)} is under risk.minHealth ${cfg.risk.minHealth}`
        const maxLoss = cfg.risk.maxDailyLossPct
        if (maxLoss === undefined || !(dayStartNav > 0)) return undefined
        const lossPct = (1 - portfolio.nav() / dayStartNav) * 100
        return lossPct > maxLoss ? `today's loss ${round(lossPct, 2)}% is over risk.maxDailyLossPct ${maxLoss}` : undefined
      },
    },
  })
  const venue = new SimVenue({
    execution: cfg.execution, hedgeInstrument: hedgeId, hedgeOnChain: hedgeCfg?.instrument === 'uniswap',
    quote: (id) => chain.quote(id), quoteCurrency: quote,
  })

  const costBars: number[] = [], costQuote: number[] = [], flowBars: number[] = [], flowQuote: number[] = []
  const reuse = input.columns
  reuse?.begin()
  const f64 = (len: number) => reuse?.float64(len) ?? new Float64Array(len)
  const i32 = (len: number) => reuse?.int32(len) ?? new Int32Array(len)
  const eq: EquityColumns = {
    tMs: bars.tMs.subarray(0, n), spot: bars.close.subarray(0, n), nav: f64(n), pps: f64(n),
    delta: f64(n), gamma: f64(n), vega: f64(n), theta: f64(n), health: f64(n), vol: f64(n), epoch: i32(n), costBars, costQuote, flowBars, flowQuote,
  }
  let lastFees = 0
  let lastFunding = 0
  let flowAtBar = 0 // booked at an epoch roll, recorded with the bar
  const trades: TradeRow[] = []
  const epochs: EpochRow[] = []
  let liquidations = 0
  const fillAt = input.fillAt ?? 'open'
  const ethPrice = asset === 'ETH' || asset === 'WETH' ? NaN : (input.ethPrice ?? 3000)
  let fundingAt = 0
  let gasAt = -1

  // Epoch bookkeeping: cumulative totals at the epoch start, and the largest option position seen.
  const epochEnd = (startMs: number) => nextEpochEndMs(startMs, cfg.vault.epoch)
  rt.epoch = { index: vault.epoch, startMs: t0, endMs: epochEnd(t0) }
  let start = snapshot(portfolio.totals)
  let navStart = portfolio.balance
  let optionValueStart = 0
  let epochTradesFrom = 0
  let epochSettlePx = NaN
  let main: { ins: OptionInstrument; qty: number } | undefined
  let prevNow = t0


  /** The epochs.csv row of the epoch running since rt.epoch.startMs, ending at `endMs` (settled at a roll, or open
   * when the data ends inside it: then no settlement price, no vault fees, options at their marks). */
  const epochRow = (endMs: number, navEnd: number, ppsEnd: number, vaultFees: number, flowsAcct: number, optionPnl: number, settled: boolean): EpochRow => {
    const tot = portfolio.totals
    const kinds = new Set<string>()
    for (let k = epochTradesFrom; k < trades.length; k++) {
      const t = trades[k] as TradeRow
      if (t.kind === 'option') kinds.add(/-C$/.test(t.instrument) ? 'call' : 'put')
    }
    return {
      epoch: rt.epoch.index, startMs: rt.epoch.startMs, endMs,
      type: kinds.size === 0 ? 'none' : kinds.size === 2 ? 'mixed' : [...kinds][0] as string,
      strike: main?.ins.strike ?? NaN, expiryMs: main?.ins.expiryMs ?? NaN, contracts: main?.qty ?? 0,
      premium: tot.optionCash - start.optionCash,
      settlementPrice: settled ? epochSettlePx : NaN,
      optionPnl, hedgePnl: tot.hedge - start.hedge,
      fees: tot.fees - start.fees, funding: tot.funding - start.funding, gas: tot.gas - start.gas,
      pnl: navEnd - navStart, navStart, navEnd, ppsEnd, vaultFees, flows: flowsAcct, turnoverQuote: tot.turnoverQuote - start.turnoverQuote,
      trades: trades.length - epochTradesFrom, settled,
    }
  }
  /** Option P&L of the running epoch so far: premium, settlements and the change in marks (accounting unit). */
  const epochOptionPnl = (close: number): number => {
    const tot = portfolio.totals
    return (tot.optionCash - start.optionCash) + (tot.settlement - start.settlement) + (portfolio.toUnit(portfolio.optionValueQuote, close) - optionValueStart)
  }

  /** Books the fills, then calls onFill for each: a promise only when a hook returned one. */
  const recordFills = (fills: SimFill[], i: number): void | Promise<void> => {
    for (const f of fills) {
      const signed = f.side === 'buy' ? f.qty : -f.qty
      const fee = portfolio.toUnit(f.fee, f.spotAtFill)
      if (f.instrument === hedgeId) portfolio.fillPerp(signed, f.price, fee)
      else {
        const ins = chain.get(f.instrument)
        portfolio.fillOption(ins, signed, f.price, fee, f.spotAtFill)
        const held = portfolio.qty(ins.id)
        if (main === undefined || Math.abs(held) > Math.abs(main.qty)) main = { ins, qty: held }
      }
      if (f.gasQuote > 0) portfolio.payGas(portfolio.toUnit(f.gasQuote, f.spotAtFill))
      bookVersion++
      trades.push({ tMs: f.tMs, instrument: f.instrument, side: f.side, qty: f.qty, price: f.price, fee: fee + portfolio.toUnit(f.gasQuote, f.spotAtFill), kind: f.purpose, reason: f.reason, barIndex: i })
    }
    return rt.onFills(fills)
  }

  /** Sends the orders queued on bar i to the sim venue, which answers at once: no await per trade. */
  const flush = (i: number): void => {
    venue.setDecisionBar(i)
    const refusedBefore = rt.queue.refused.length
    rt.flushNow(venue)
    for (let k = refusedBefore; k < rt.queue.refused.length; k++) {
      const r = rt.queue.refused[k] as { intent: { instrument: string }; reason: string }
      rt.ctx.log(`order refused: ${r.reason}`, { instrument: r.intent.instrument })
    }
  }

  /** The margin check of bar i: health from the margin engine; below 1 the venue liquidates the book. Synchronous:
   * no hook runs here. Takes the bar index alone (doubles passed to a call the JIT does not inline are boxed), and
   * keeps the rare liquidation in a function of its own so this one stays small enough to inline into the bar loop. */
  const checkMargin = (i: number): void => {
    if (input.marginCheck === false) return
    margin.update(bookVersion)
    if (margin.health < 1) liquidate(i)
  }
  /** Options bought or sold back at the ask or bid, the perp closed at the close; then health again. */
  const liquidate = (i: number): void => {
    const now = (bars.tMs[i] as number) + barMs
    const close = bars.close[i] as number
    liquidations++
    for (let k = portfolio.n - 1; k >= 0; k--) {
      const ins = portfolio.ins[k] as OptionInstrument
      const q = portfolio.qtyA[k] as number
      const qt = chain.quote(ins.id)
      const px = q < 0 ? qt.ask : qt.bid
      portfolio.fillOption(ins, -q, px, 0, close)
      venue.forget(ins.id)
      trades.push({ tMs: now, instrument: ins.id, side: q < 0 ? 'buy' : 'sell', qty: Math.abs(q), price: px, fee: 0, kind: 'liquidation', reason: `health ${round(margin.health, 3)} < 1`, barIndex: i })
    }
    if (portfolio.perpQty !== 0) {
      const q = portfolio.perpQty
      portfolio.fillPerp(-q, close, 0)
      trades.push({ tMs: now, instrument: hedgeId, side: q < 0 ? 'buy' : 'sell', qty: Math.abs(q), price: close, fee: 0, kind: 'liquidation', reason: `health ${round(margin.health, 3)} < 1`, barIndex: i })
    }
    bookVersion++
    portfolio.mark(close, now, vol)
    margin.update(bookVersion)
  }

  const { nav: eqNav, pps: eqPps, delta: eqDelta, gamma: eqGamma, vega: eqVega, theta: eqTheta, health: eqHealth, vol: eqVol, epoch: eqEpoch } = eq
  const conv = unit === 'asset'
  /** Stores bar i's equity row and any costs or flows booked on it (at bar i's close; no double argument, as in
   * checkMargin). */
  const record = (i: number, epochAtBar: number): void => {
    portfolio.navInto(eqNav, i)
    const nav = eqNav[i] as number
    const closeMs = (bars.tMs[i] as number) + barMs
    if (closeMs >= nextDayMs) { dayStartNav = nav; nextDayMs = (Math.floor(closeMs / 86_400_000) + 1) * 86_400_000 }
    eqPps[i] = nav / sharesNow
    eqDelta[i] = portfolio.delta()
    eqGamma[i] = portfolio.gamma()
    eqVega[i] = portfolio.vega()
    eqTheta[i] = portfolio.theta()
    eqHealth[i] = margin.health
    eqVol[i] = vol.base()
    eqEpoch[i] = epochAtBar
    const tot = portfolio.totals
    if (tot.fees !== lastFees || tot.funding !== lastFunding || flowAtBar !== 0) recordCosts(i)
  }
  /** The costs and flows booked on bar i (a few bars in a thousand), apart so `record` stays small. */
  const recordCosts = (i: number): void => {
    const close = bars.close[i] as number
    const tot = portfolio.totals
    if (tot.fees !== lastFees || tot.funding !== lastFunding) {
      costBars.push(i)
      costQuote.push((-(tot.fees - lastFees) + (tot.funding - lastFunding)) * (conv ? close : 1))
      lastFees = tot.fees
      lastFunding = tot.funding
    }
    if (flowAtBar !== 0) { flowBars.push(i); flowQuote.push(flowAtBar * (conv ? close : 1)); flowAtBar = 0 }
  }

  /** Runs consecutive quiet bars from `from`: bars with no fill, funding, expiry, vault flow or epoch end, where only
   * marks, the margin check, onBar and the equity row happen. Returns the first bar it did not finish. When a bar's
   * onBar returned a promise or queued orders, it stops on that bar with `halted` set (and the promise in
   * `haltPromise`: two variables, as an object would be allocated on every trade), and the caller awaits, flushes
   * and records it. Synchronous and small, so the JIT optimises the common bar; nothing here allocates. */
  let halted = false
  let haltPromise: void | Promise<void> = undefined
  const quietRun = (from: number): number => {
    let i = from
    for (; i < n; i++) {
      const now = (bars.tMs[i] as number) + barMs
      if (venue.openCount !== 0 || now >= nextExpiry || now >= epochEndMs || now >= flowMs || (fundingAt < fundingN && (fundingTMs![fundingAt] as number) <= now)) break
      const close = bars.close[i] as number
      const epochAtBar = rt.epoch.index
      cursor.moveTo(i)
      vol.advance(i)
      clock.set(now, close)
      // by bar index: passing close and now would box both doubles every bar (mark is not inlined)
      portfolio.markBar(bars, i, barMs, vol)
      checkMargin(i)
      const r = rt.callOnBar()
      if (r !== undefined || rt.queue.size > 0) { prevNow = now; halted = true; haltPromise = r; return i }
      record(i, epochAtBar)
      if (input.onProgress !== undefined && (i & 4095) === 0) input.onProgress(i, n)
    }
    // prevNow (read only by funding, never in here) is set once, for the last bar run: a closure variable holding a
    // double is boxed anew on every write.
    if (i > from) prevNow = (bars.tMs[i - 1] as number) + barMs
    return i
  }
  const fundingTMs = input.funding?.tMs
  const fundingN = input.funding?.length ?? 0
  let nextExpiry = portfolio.nextExpiryMs()
  let epochEndMs = rt.epoch.endMs
  const nextFlowMs = () => (flowAt < flows.length ? (flows[flowAt] as VaultFlow).atMs : Infinity)
  let flowMs = nextFlowMs()

  cursor.moveTo(0)
  clock.set(t0 + barMs, bars.close[0] as number)
  vol.advance(0)
  portfolio.mark(bars.close[0] as number, t0 + barMs, vol)
  navStart = portfolio.nav()
  { const r = rt.call('onStart'); if (r) await r }
  { const r = rt.call('onEpochStart'); if (r) await r }

  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const j = quietRun(i)
      if (halted) {
        // bar j ran its hook, which returned a promise or queued orders: finish it here
        const pending = haltPromise
        halted = false
        haltPromise = undefined
        if (pending !== undefined) await pending
        if (rt.queue.size > 0) flush(j)
        nextExpiry = portfolio.nextExpiryMs()
        record(j, rt.epoch.index)
        if (input.onProgress !== undefined && (j & 4095) === 0) input.onProgress(j, n)
        i = j
        continue
      }
      if (j >= n) break
      i = j
    }
    const now = (bars.tMs[i] as number) + barMs
    const close = bars.close[i] as number
    const epochAtBar = rt.epoch.index
    if (i > 0) {
      cursor.moveTo(i)
      vol.advance(i)
      // 1. orders decided on earlier bars fill now, at this bar's open (or close)
      if (venue.openCount > 0) {
        const fillPx = fillAt === 'open' ? (bars.open[i] as number) : close
        const fillMs = fillAt === 'open' ? (bars.tMs[i] as number) : now
        clock.set(fillMs, fillPx)
        if (input.gas !== undefined) while (gasAt + 1 < input.gas.length && (input.gas.tMs[gasAt + 1] as number) <= fillMs) gasAt++
        const m: FillMarket = { barIndex: i, tMs: fillMs, spot: fillPx, gasGwei: gasAt >= 0 && input.gas ? (input.gas.gwei[gasAt] as number) : NaN, ethPrice: Number.isNaN(ethPrice) ? fillPx : ethPrice }
        const fills = venue.swapsOnPool ? await venue.fillDueAsync(m) : venue.fillDue(m)
        clock.set(now, close)
        if (fills.length > 0) { const r = recordFills(fills, i); if (r) await r }
      }
      clock.set(now, close)
      // 2. funding paid at each funding time in (previous close, this close]
      if (input.funding !== undefined) {
        const fu = input.funding
        while (fundingAt < fu.length && (fu.tMs[fundingAt] as number) <= now) {
          const tf = fu.tMs[fundingAt] as number
          const rate = fu.rate[fundingAt] as number
          if (tf > prevNow && portfolio.perpQty !== 0) {
            const amt = portfolio.payFunding(rate, close)
            trades.push({ tMs: tf, instrument: hedgeId, side: amt >= 0 ? 'receive' : 'pay', qty: Math.abs(portfolio.perpQty), price: rate, fee: -amt, kind: 'funding', reason: 'perp funding', barIndex: i })
          }
          fundingAt++
        }
      }
    } else {
      clock.set(now, close)
    }
    // 3. marks
    portfolio.markBar(bars, i, barMs, vol)
    // 4. expiries, settled at the TWAP of the closes in the window before expiry (none after it)
    if (portfolio.nextExpiryMs() <= now) {
      const expiryMs = portfolio.nextExpiryMs()
      const px = settlementPrice(bars, barMs, expiryMs, i)
      epochSettlePx = px
      const notices = portfolio.settleExpired(expiryMs, px)
      bookVersion++
      for (const s of notices) {
        venue.forget(s.instrument.id)
        const per = Math.max(s.instrument.kind === 'call' ? px - s.instrument.strike : s.instrument.strike - px, 0)
        trades.push({ tMs: expiryMs, instrument: s.instrument.id, side: s.qty < 0 ? 'buy' : 'sell', qty: Math.abs(s.qty), price: per, fee: 0, kind: 'settlement', reason: `settled at TWAP ${round(px, 2)}`, barIndex: i })
      }
      portfolio.mark(close, now, vol)
      for (const s of notices) { const r = rt.onExpiry(s); if (r) await r }
    }
    // deposits and withdrawal requests that arrived by now go to the vault reducer
    while (flowAt < flows.length && (flows[flowAt] as VaultFlow).atMs <= now) {
      const f = flows[flowAt++] as VaultFlow
      if (f.type === 'deposit') {
        const amount = 'amount' in f ? f.amount : unit === 'asset' ? f.assetAmount : f.assetAmount * close
        try {
          vault = reduceVault(vault, { type: 'deposit', account: f.account, assets: toRaw(amount) })
        } catch (e) {
          // a full vault turns the deposit away, as a live one would; the run goes on
          if (!(e instanceof VaultCapError)) throw e
          rt.ctx.log(`deposit refused: ${e.shortMessage}`, { account: f.account })
        }
      } else {
        const free = (vault.shares[f.account] ?? 0n) - (vault.queuedWithdrawShares[f.account] ?? 0n)
        let sh = 'fractionOfShares' in f ? BigInt(Math.floor(Number(free) * Math.min(1, Math.max(0, f.fractionOfShares))))
          : 'shares' in f ? BigInt(Math.round(f.shares * shareUnit)) : free
        if (sh > free) {
          rt.ctx.log(`withdrawal of ${(f as { shares: number }).shares} shares capped at the ${Number(free) / shareUnit} ${f.account} holds`, { account: f.account })
          sh = free
        }
        if (sh > 0n) vault = reduceVault(vault, { type: 'withdrawRequest', account: f.account, shares: sh })
        const pending = vault.pendingDeposits[f.account] ?? 0n
        if ('all' in f && pending > 0n) vault = reduceVault(vault, { type: 'cancelDeposit', account: f.account, assets: pending })
      }
    }
    // 5. epoch end: settle the vault, roll, open the next epoch
    if (now >= rt.epoch.endMs) {
      { const r = rt.call('onEpochEnd'); if (r) await r }
      const navEnd = portfolio.nav()
      const tot = portfolio.totals
      const optionPnl = epochOptionPnl(close)
      const assetsBefore = vault.totalAssets
      vault = reduceVault(vault, { type: 'expire', atMs: now })
      vault = reduceVault(vault, { type: 'settle', atMs: now, pnlAssets: toRaw(navEnd) - assetsBefore })
      const st = vault.lastSettlement
      const vaultFees = st === null ? 0 : fromRaw(st.totalFeeAssets)
      const ppsEnd = fromRaw(pricePerShare(shareBook(vault), decimals))
      vault = reduceVault(vault, { type: 'roll', atMs: now })
      vault = reduceVault(vault, { type: 'takePositions', atMs: now })
      sharesNow = shares()
      // Fees paid in assets and withdrawals leave the book; deposits minted at the roll join it.
      const navAfter = fromRaw(vault.totalAssets)
      const flowsAcct = navAfter - navEnd + (st !== null && vaultConfig.feePayment === 'assets' ? vaultFees : 0)
      portfolio.balance += navAfter - navEnd
      flowAtBar = navAfter - navEnd
      portfolio.refreshDelta()
      epochs.push(epochRow(now, navEnd, ppsEnd, vaultFees, flowsAcct, optionPnl, true))
      start = snapshot(tot)
      navStart = portfolio.nav()
      optionValueStart = portfolio.toUnit(portfolio.optionValueQuote, close)
      epochTradesFrom = trades.length
      epochSettlePx = NaN
      main = undefined
      rt.epoch = { index: vault.epoch, startMs: now, endMs: epochEnd(now) }
      { const r = rt.call('onEpochStart'); if (r) await r }
    }
    // 6. margin check every bar; below 1 the venue liquidates the option book at the ask
    checkMargin(i)
    // 7. the strategy's bar hook (hedging is the strategy's call: ctx.hedge carries the config's policy)
    { const r = rt.callOnBar(); if (r) await r }
    if (rt.queue.size > 0) flush(i)
    // 8. equity row
    record(i, epochAtBar)
    nextExpiry = portfolio.nextExpiryMs()
    epochEndMs = rt.epoch.endMs
    flowMs = nextFlowMs()
    prevNow = now
    if (input.onProgress !== undefined && (i & 4095) === 0) input.onProgress(i, n)
  }
  // The data ends inside an epoch: it gets a row too, marked open (its P&L so far, options at their marks), so
  // epochs.csv, attribution.csv and the report cover every bar.
  const lastClose = (bars.tMs[n - 1] as number) + barMs
  if (lastClose > rt.epoch.startMs) {
    const close = bars.close[n - 1] as number
    const navEnd = portfolio.nav()
    epochs.push(epochRow(lastClose, navEnd, navEnd / sharesNow, 0, 0, epochOptionPnl(close), false))
  }
  { const r = rt.call('onStop'); if (r) await r }
  input.onProgress?.(n, n)

  return {
    strategy: strategy.name, runId, asset, quote, unit, unitSymbol, bars: n, barMs, equity: eq, trades, epochs,
    totals: snapshot(portfolio.totals), liquidations, refusedOrders: rt.queue.refused.length, logs: rt.logs,
  }
}

function snapshot(t: LedgerTotals): LedgerTotals { return { ...t } }

function round(x: number, d: number): number { const f = 10 ** d; return Math.round(x * f) / f }

/** Settlement price of an expiry: the TWAP of bar closes (each known from its bar's close time) over the 30 minutes
 * before expiry (twapSettlementPrice). With bars of 30 minutes or more the window holds one close: the one at
 * expiry, or else the last close before it. Reads only bars up to `i` (now), so never a later price. */
function settlementPrice(bars: BarSeries, barMs: number, expiryMs: number, i: number): number {
  let lo = i
  while (lo > 0 && (bars.tMs[lo - 1] as number) + barMs >= expiryMs - DEFAULT_SETTLEMENT_WINDOW_MS) lo--
  const tMs = new Float64Array(i + 1 - lo)
  for (let j = lo; j <= i; j++) tMs[j - lo] = (bars.tMs[j] as number) + barMs
  try {
    return twapSettlementPrice({ tMs, price: bars.close.subarray(lo, i + 1), expiryMs })
  } catch {
    let j = i
    while (j > 0 && (bars.tMs[j] as number) + barMs > expiryMs) j--
    return bars.close[j] as number
  }
}
