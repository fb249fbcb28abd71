import type { Logger } from 'pino'
import type { OptvaultConfig } from '../config/loadConfig.ts'
import type { SqliteJournal, RunStatus } from '../adapters/sqlite/sqliteJournal.ts'
import type { StrategyDefinition } from '../plugin/strategy.ts'
import type { OrderAck, OrderIntent } from '../ports/executionPort.ts'
import { MS_PER_DAY, type UnixMs } from '../domain/units.ts'
import { parseInstrument } from '../domain/margin/parseInstrument.ts'
import { reduceVault } from '../domain/vault/reduceVault.ts'
import { vaultStateFromJson, vaultStateToJson } from '../domain/vault/vaultJson.ts'
import { initialVaultState, type VaultState } from '../domain/vault/vaultState.ts'
import type { VaultConfig } from '../domain/vault/vaultConfig.ts'
import { OptvaultError } from '../errors/base.ts'
import { BarCursor } from '../runtime/marketView.ts'
import { fnv1a64Hex } from '../runtime/clientId.ts'
import { nextEpochEndMs } from '../runtime/epochSchedule.ts'
import { ModelChain } from '../runtime/modelChain.ts'
import { Portfolio, type AccountingUnit } from '../runtime/portfolio.ts'
import { SimClock } from '../runtime/simClock.ts'
import { StrategyRuntime } from '../runtime/strategyRuntime.ts'
import { VolSource } from '../runtime/volSource.ts'
import { hedgePolicyOf } from '../runtime/hedgePolicyOf.ts'
import { JournalingPort } from './journalingPort.ts'
import type { LiveVenue } from './liveVenue.ts'
import { reconcile } from './reconcile.ts'
import { GuardTripError, preTradeTrip } from './riskGuards.ts'
import { oracleTrip } from './oracleTrip.ts'
import type { GuardedPrice } from '../adapters/oracle/oracleGuard.ts'

/** The two scheduled jobs: the epoch roll (expire, settle, roll the vault, open new positions) and the hedge
 * check (the strategy's onBar, where it hedges through ctx.hedge). */
export type LiveJob = 'epoch-roll' | 'hedge-check'

export interface LiveSetup {
  readonly config: OptvaultConfig
  readonly strategy: StrategyDefinition
  readonly params: unknown
  readonly venue: LiveVenue
  readonly journal: SqliteJournal
  readonly log: Logger
  /** The wall clock (ms UTC); passed in so tests and the bench control it. */
  readonly nowMs: () => UnixMs
  readonly dryRun?: boolean
  /** The on-chain oracle guard (execution.chain.oracle): read once per step after the pre-trade guards; a stale,
   * out-of-bounds or disagreeing source trips the step. */
  readonly oracle?: { read(): Promise<GuardedPrice> }
  /** Bar size of the market view, ms. Default 1 h. */
  readonly barMs?: number
  /** Called after each journal step marker, with the marker and its 1-based number in this run (the crash test
   * kills the process here). */
  readonly onMarker?: (name: string, n: number) => void
}

export interface StepResult {
  readonly runId: number
  readonly job: LiveJob
  readonly tickMs: UnixMs
  readonly status: RunStatus
  readonly message: string
  readonly acks: readonly OrderAck[]
  /** What a dry run would have sent. */
  readonly intended: readonly OrderIntent[]
}

const DECIMALS: Readonly<Record<string, number>> = { BTC: 8, WBTC: 8, ETH: 18, WETH: 18, USDC: 6, USDT: 6, DAI: 18, SOL: 9 }

/** One live step of `job` for the scheduled time `tickMs`, start to finish, every stage journaled:
 * kill switch -> reconcile with the venue -> market view (closed bars up to the tick, vol index) -> account
 * (positions, balance, health) -> pre-trade guards -> the strategy's hooks on the same StrategyRuntime the backtester
 * uses -> orders through the JournalingPort -> vault snapshot. A guard trip ends the step `tripped` with a
 * guard_trips row; a venue outage ends it `failed` with the unsent intents left for the next start to reconcile.
 * Client ids come from (vault, job, tick, epoch, hook, sequence), so a rerun of the same tick derives the same ids.
 * @example const r = await runLiveStep(setup, 'hedge-check', Date.UTC(2024, 5, 7, 9)) */
export async function runLiveStep(s: LiveSetup, job: LiveJob, tickMs: UnixMs): Promise<StepResult> {
  const j = s.journal
  const now = s.nowMs
  const killed = j.control('killed')
  if (killed !== undefined) {
    const message = `blocked: the kill switch is on since ${new Date(killed.updatedMs).toISOString()} (${killed.value}); run \`optvault resume\` to lift it`
    const id = j.startRun(job, tickMs, now(), 'blocked')
    j.endRun(id, 'blocked', now(), message)
    s.log.warn({ job, tick: iso(tickMs) }, message)
    return { runId: id, job, tickMs, status: 'blocked', message, acks: [], intended: [] }
  }
  const runId = j.startRun(job, tickMs, now())
  let markers = 0
  const mark = (name: string, detail?: unknown) => { j.step(runId, name, now(), detail); s.onMarker?.(name, ++markers) }
  const log = s.log.child({ runId, job, tick: iso(tickMs) })
  const end = (st: RunStatus, message: string, acks: readonly OrderAck[] = [], intended: readonly OrderIntent[] = []): StepResult => {
    // a dry run never counts as the tick's run: the real run after it must still find the tick due
    const status: RunStatus = s.dryRun === true && st === 'done' ? 'dry-run' : st
    j.endRun(runId, status, now(), message)
    mark(`end ${status}`)
    log.info({ status }, message)
    return { runId, job, tickMs, status, message, acks, intended }
  }
  try {
    mark('started')
    const rec = await reconcile(s.venue, j, job, tickMs, now)
    mark('reconciled', rec)
    if (rec.found + rec.dropped + rec.abandonedRuns > 0) log.info(rec, 'reconciled with the venue')

    const cfg = s.config
    const asset = cfg.vault.asset
    const unit: AccountingUnit = cfg.vault.collateral === 'underlying' ? 'asset' : 'quote'
    const hedgeId = hedgeIdOf(cfg)
    const barMs = s.barMs ?? 3_600_000
    // The market as of now, not as of the tick: a tick caught up late trades on today's prices. The tick only names
    // the run (client ids), and the window always holds the same number of bars, so ids stay stable.
    const bars = await s.venue.bars(`${asset}-PERPETUAL`, barMs, barsNeeded(cfg, barMs), now())
    if (bars.length < 2) throw new OptvaultError(`The venue returned ${bars.length} closed ${barMs / 60_000}-minute bars of ${asset}-PERPETUAL before ${iso(now())}.`, { fix: 'check the venue is up and lists the perpetual' })
    const volPts = cfg.iv.source === 'index' ? await s.venue.volIndex(asset, ((bars.tMs[0] as number) - 2 * MS_PER_DAY) as UnixMs, now()) : undefined
    const index = await s.venue.index(asset)
    const perpMark = await s.venue.mark(`${asset}-PERPETUAL`)
    const balances = await s.venue.balances()
    const held = await s.venue.positions()
    mark('market', { bars: bars.length, index: index.price, perpMark })

    const cursor = new BarCursor(bars, barMs)
    const vol = new VolSource(cfg.iv, bars, barMs, volPts)
    for (let i = 0; i < bars.length; i++) { cursor.moveTo(i); vol.advance(i) }
    const clock = new SimClock()
    clock.set(cursor.now, cursor.spot())
    const chain = new ModelChain(clock, { underlying: asset, quote: 'USD', inverse: unit === 'asset', vol, expiryHourUtc: cfg.vault.epoch.hourUtc })
    const spot = cursor.spot()
    const portfolio = new Portfolio(unit, 0, hedgeId)
    for (const p of held) {
      if (p.instrument === hedgeId) { portfolio.fillPerp(p.qty, p.avgPrice, 0); continue }
      const ins = parseInstrument(p.instrument)
      if (ins.type !== 'option') continue
      const opt = chain.nearestByStrike({ kind: ins.kind, strike: ins.strikeUsd, expiryMs: ins.expiryMs as UnixMs })
      if (opt.id !== p.instrument) log.warn({ held: p.instrument, modelled: opt.id }, 'held option is off the model grid; priced as the nearest listed strike')
      // Deribit quotes options in coins; the portfolio books quote currency
      portfolio.fillOption(opt, p.qty, p.avgPrice * spot, 0, spot)
    }
    portfolio.mark(spot, cursor.now, vol)
    const unitSymbol = unit === 'asset' ? asset : cfg.vault.collateral
    const bal = balances[unitSymbol] ?? balances[asset]
    const equity = bal?.total ?? 0
    // the venue's equity is the truth: the model book only supplies the Greeks
    portfolio.balance += equity - portfolio.nav()
    portfolio.mark(spot, cursor.now, vol)
    const health = bal === undefined || bal.maintenanceMargin <= 0 ? Infinity : bal.total / bal.maintenanceMargin

    const last = j.lastVault()
    let vault: VaultState | undefined = last === undefined ? undefined : vaultStateFromJson(last.state)
    const dayStart = (Math.floor(now() / MS_PER_DAY) * MS_PER_DAY) as UnixMs
    const trip = preTradeTrip(cfg.risk, {
      nowMs: now(), indexPrice: index.price, indexMs: index.tMs, perpMark, health, nav: equity, navStartOfDay: j.firstVaultSince(dayStart)?.nav,
    })
    if (trip !== undefined) {
      j.guardTrip(runId, trip.guard, trip.detail, now())
      return end('tripped', new GuardTripError(trip.guard, trip.detail).shortMessage)
    }
    if (s.oracle !== undefined) {
      const o = await oracleTrip(s.oracle)
      if ('guard' in o) {
        j.guardTrip(runId, o.guard, o.detail, now())
        return end('tripped', new GuardTripError(o.guard, o.detail).shortMessage)
      }
      mark('oracle', { readings: o.readings, worstDeviationBps: o.worstDeviationBps })
    }
    mark('guards')

    if (vault === undefined && job === 'hedge-check') return end('done', 'nothing to hedge: the vault opens at its first epoch roll')
    const epochEnd = (startMs: number) => nextEpochEndMs(startMs as UnixMs, cfg.vault.epoch)
    const vaultId = fnv1a64Hex(`${cfg.journal.path}|${s.strategy.name}`).slice(0, 8)
    const rt = new StrategyRuntime({
      mode: 'live', runId: `${vaultId}:${job}:${tickMs}`, strategy: s.strategy, params: s.params, cursor, chain, portfolio, vol, asset,
      hedgeInstrument: hedgeId, shares: () => (vault === undefined ? 0 : Number(vault.totalShares) / 10 ** vault.config.assetDecimals),
      health: () => health, ...(cfg.hedge === undefined ? {} : { hedge: hedgePolicyOf(cfg) as NonNullable<ReturnType<typeof hedgePolicyOf>> }),
      log: (line) => log.info({ strategy: s.strategy.name, ...line.fields }, line.message),
    })
    const decimals = DECIMALS[unitSymbol] ?? 8
    const toRaw = (x: number): bigint => BigInt(Math.round(x * 10 ** Math.min(decimals, 15))) * 10n ** BigInt(decimals - Math.min(decimals, 15))
    let rolled = false
    const call = async (hook: 'onStart' | 'onEpochStart' | 'onEpochEnd' | 'onBar') => { const r = rt.call(hook); if (r) await r }
    if (vault === undefined) {
      // first run: the venue equity is the initial deposit, minted at the first roll
      vault = initialVaultState(vaultConfigOf(cfg, unitSymbol, decimals, toRaw), tickMs)
      vault = reduceVault(vault, { type: 'deposit', account: 'initial', assets: toRaw(equity) })
      vault = reduceVault(vault, { type: 'roll', atMs: tickMs })
      vault = reduceVault(vault, { type: 'takePositions', atMs: tickMs })
      rt.epoch = { index: vault.epoch, startMs: tickMs, endMs: epochEnd(tickMs) }
      await call('onStart')
      await call('onEpochStart')
      rolled = true
    } else {
      rt.epoch = { index: vault.epoch, startMs: vault.epochStartMs, endMs: epochEnd(vault.epochStartMs) }
      if (job === 'epoch-roll') {
        if (tickMs < rt.epoch.endMs) return end('done', `no epoch end at this tick: epoch ${vault.epoch} ends ${iso(rt.epoch.endMs)}`)
        await call('onEpochEnd')
        vault = reduceVault(vault, { type: 'expire', atMs: tickMs })
        vault = reduceVault(vault, { type: 'settle', atMs: tickMs, pnlAssets: toRaw(equity) - vault.totalAssets })
        vault = reduceVault(vault, { type: 'roll', atMs: tickMs })
        vault = reduceVault(vault, { type: 'takePositions', atMs: tickMs })
        rt.epoch = { index: vault.epoch, startMs: tickMs, endMs: epochEnd(tickMs) }
        await call('onEpochStart')
        rolled = true
      } else {
        await call('onBar')
      }
    }
    mark('decided', { intents: rt.queue.pending().map((i) => i.clientId), epoch: vault.epoch })

    const port = new JournalingPort({
      venue: s.venue, journal: j, runId, job, tickMs, nowMs: now, risk: cfg.risk, notionalPerUnit: unit === 'asset' ? 1 : spot,
      dayStartMs: dayStart, dryRun: s.dryRun === true, log, mark,
    })
    await rt.flush(port)
    for (const r of rt.queue.refused) log.warn({ clientId: r.intent.clientId }, `order refused: ${r.reason}`)
    // fills go to the strategy's onFill; orders it queues there go out in the same step (once: no ping-pong)
    for (const a of port.acks) for (const f of a.fills) { const r = rt.onFill(f); if (r) await r }
    if (rt.queue.size > 0) await rt.flush(port)

    if (s.dryRun === true) return end('dry-run', `dry run: ${port.dryRunIntents.length} order(s) computed, none sent`, [], port.dryRunIntents)
    // every finished step leaves a snapshot with the equity it started from: the first one of a UTC day is the
    // daily-loss guard's start-of-day NAV, and a roll's snapshot carries the new vault state
    j.snapshotVault(runId, now(), vault.epoch, equity, vaultStateToJson(vault))
    mark('vault', { epoch: vault.epoch, rolled })
    const filled = port.acks.filter((a) => a.status === 'filled').length
    const rejected = port.acks.filter((a) => a.status === 'rejected').length
    return end('done', `${port.acks.length} order(s): ${filled} filled, ${port.acks.length - filled - rejected} working, ${rejected} rejected`, port.acks)
  } catch (e) {
    if (e instanceof GuardTripError) {
      j.guardTrip(runId, e.guard, e.detail, now())
      return end('tripped', e.shortMessage)
    }
    end('failed', e instanceof Error ? e.message.split('\n')[0] as string : String(e))
    throw e
  }
}

/** The hedge instrument's id, as the backtester names it. */
export function hedgeIdOf(cfg: OptvaultConfig): string {
  const h = cfg.hedge?.instrument
  return h === 'spot' ? `${cfg.vault.asset}/USD` : h === 'uniswap' ? `UNIV3:${cfg.vault.asset}/USD` : `${cfg.vault.asset}-PERPETUAL`
}

/** Bars the market view needs: enough for realized vol's window, at least two days. */
function barsNeeded(cfg: OptvaultConfig, barMs: number): number {
  const days = cfg.iv.source === 'realized' ? cfg.iv.windowDays + 1 : 2
  return Math.min(5000, Math.max(48, Math.ceil((days * MS_PER_DAY) / barMs)))
}

function vaultConfigOf(cfg: OptvaultConfig, unitSymbol: string, decimals: number, toRaw: (x: number) => bigint): VaultConfig {
  return {
    assetSymbol: unitSymbol, assetDecimals: decimals, decimalsOffset: 0,
    maxTvlAssets: cfg.vault.maxTvl === undefined ? 10n ** 40n : toRaw(cfg.vault.maxTvl), minDepositAssets: 1n,
    managementFeeBpsPerYear: Math.round(cfg.vault.fees.managementFeePct * 100), performanceFeeBps: Math.round(cfg.vault.fees.performanceFeePct * 100),
    highWaterMark: cfg.vault.fees.highWaterMark, feePayment: cfg.vault.fees.paidIn, feeRecipient: cfg.vault.fees.feeRecipient ?? 'fees',
  }
}

function iso(ms: number): string { return new Date(ms).toISOString() }
