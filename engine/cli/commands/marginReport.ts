import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import type { CliIo } from '../io.ts'
import { yamlNodeAt } from '../../config/yamlNodeAt.ts'
import { InputError } from '../../errors/input.ts'
import { OptvaultError } from '../../errors/base.ts'
import { optionPrice } from '../../domain/pricing/optionGreeks.ts'
import { parseInstrument } from '../../domain/margin/parseInstrument.ts'
import { resolveMarks } from '../../domain/margin/resolveMarks.ts'
import { accountHealth } from '../../domain/margin/accountHealth.ts'
import { positionMark, positionPnl } from '../../domain/margin/accountEquity.ts'
import { standardMarginModel } from '../../domain/margin/standardMargin.ts'
import { DEFAULT_PORTFOLIO_MARGIN, portfolioMarginModel, type PortfolioMarginParams } from '../../domain/margin/portfolioMargin.ts'
import { evenMoves, riskMatrix, type RiskMatrix } from '../../domain/margin/riskMatrix.ts'
import { volBufferMultiplier, withVolBuffer, type VolBufferParams } from '../../domain/margin/volBuffer.ts'
import { marginPools, transferBetweenSubs, type ParentAccount, type SubAccount } from '../../domain/margin/subAccounts.ts'
import { TransferRejectedError } from '../../errors/margin.ts'
import { applyFunding } from '../../domain/margin/applyFunding.ts'
import { ewmaForecast } from '../../domain/forecast/ewma.ts'
import { fitGarch11, garch11TermVol } from '../../domain/forecast/garch11.ts'
import type { Account, AccountHealth, Collateral, MarginModel, MarketSnapshot, Position } from '../../domain/margin/types.ts'
import { readPastReturns } from './readPastReturns.ts'
import type { MarginFlags } from './margin.ts'

/** Spot moves and relative vol shifts of `--scenarios`: spot -50%..+50% in 10% steps, vol -50%..+100%. */
const SCENARIO_SPOT = evenMoves(0.5, 11)
const SCENARIO_VOL = [-0.5, 0, 0.5, 1]
const MODELS = ['standard', 'portfolio'] as const
type ModelName = (typeof MODELS)[number]

/** A portfolio file, checked: the account, its market and which margin model it asked for. */
export interface PortfolioFile {
  readonly account: Account
  readonly market: MarketSnapshot
  readonly model: ModelName
  /** Optional dynamic margin buffer (volBuffer.ts): margin scaled by forecast / reference vol. */
  readonly volBuffer?: VolBufferParams
  /** How the buffer's forecastVol was made when the file asked for a forecast (EWMA or GARCH on past closes). */
  readonly volForecast?: VolForecastInfo
  /** Risk-matrix settings for `model: portfolio`; DEFAULT_PORTFOLIO_MARGIN overridden by the file's portfolioMargin:. */
  readonly portfolio: PortfolioMarginParams
  /** Sub-accounts under `account` (the parent), in file order; empty when the file has no subAccounts:. */
  readonly subAccounts: readonly SubAccount[]
  /** Margin-coin transfers between the parent and its sub-accounts, applied in order before any figure is computed. */
  readonly transfers: readonly Transfer[]
  /** Perpetual funding to accrue: rate per funding interval (a fraction, + longs pay) by instrument, and how many intervals. */
  readonly funding?: { readonly ratePerInterval: Readonly<Record<string, number>>; readonly intervals: number }
}

/** One transfer of the file's transfers: list; `reject` throws the InputError at its amount's file:line:col. */
export interface Transfer {
  readonly from: string
  readonly to: string
  readonly amountCoin: number
  reject(problem: string, fix: string): never
}

/** Where a forecast vol buffer's vol came from. */
export interface VolForecastInfo {
  readonly method: 'ewma' | 'garch'
  /** Returns the model saw: log returns of the closes strictly before market.time. */
  readonly returns: number
  readonly periodsPerYear: number
  /** GARCH: the forecast is the mean variance over this many days ahead; EWMA's forecast is flat, so 0. */
  readonly horizonDays: number
  /** Time of the last close used, ms UTC. */
  readonly lastMs: number
}

/** `optvault margin FILE`: reads the portfolio, computes everything, then prints text or JSON (nothing on a failure).
 * Lives apart from margin.ts so the margin engine and yaml load only when the command runs.
 * @example marginReport('config/examples/portfolio.yaml', { scenarios: true }, processIo) */
export function marginReport(file: string, flags: MarginFlags, io: CliIo): void {
  if (flags.model !== undefined && !MODELS.includes(flags.model as ModelName)) {
    throw new InputError('command line --model', 'model', `must be standard or portfolio, got "${flags.model}"`)
  }
  const read = readPortfolioFile(file)
  const modelName = (flags.model as ModelName | undefined) ?? read.model
  const core: MarginModel = modelName === 'portfolio' ? portfolioMarginModel(optionPrice, read.portfolio) : standardMarginModel()
  const model = read.volBuffer === undefined ? core : withVolBuffer(core, read.volBuffer)
  // transfers first, under the model in force: a pool may only send what leaves it at or above its initial margin
  let parent: ParentAccount = { account: read.account, subs: read.subAccounts }
  for (const t of read.transfers) {
    try {
      parent = transferBetweenSubs(parent, t.from, t.to, t.amountCoin, read.market, model)
    } catch (e) {
      if (!(e instanceof TransferRejectedError)) throw e
      t.reject(`is more than ${t.from} can send: at most ${num(Math.max(0, e.maxCoin))} ${read.account.currency} (its coin, and for a transfer `
        + 'out of its margin pool the equity above initial margin)', 'transfer less, or reduce positions first')
    }
  }
  const p: PortfolioFile = { ...read, account: parent.account, subAccounts: parent.subs }
  // compute everything before printing anything: a failure leaves stdout empty
  const h = accountHealth(p.account, p.market, model)
  const perPos = model.perPosition(p.account, p.market)
  const rows = p.account.positions.map((pos, i) => ({
    instrument: pos.instrument.name, size: pos.size, entry: pos.entry, mark: positionMark(pos, p.market),
    pnl: positionPnl(pos, p.market), im: perPos[i]?.im ?? 0, mm: perPos[i]?.mm ?? 0,
  }))
  const matrix = flags.scenarios ? riskMatrix(p.account, p.market, optionPrice, SCENARIO_SPOT, SCENARIO_VOL, model) : undefined
  const pools = p.subAccounts.length === 0 ? undefined : marginPools({ account: p.account, subs: p.subAccounts })
    .map((pool) => ({ id: pool.id, mode: pool.mode, members: pool.members, ...accountHealth(pool.account, p.market, model) }))
  const funding = p.funding === undefined ? undefined : fundingReport(p, model)
  const buffer = p.volBuffer === undefined ? undefined : {
    ...(p.volForecast === undefined ? { forecast: 'given' } : { forecast: p.volForecast.method, returns: p.volForecast.returns,
      periodsPerYear: p.volForecast.periodsPerYear, horizonDays: p.volForecast.horizonDays, lastReturnAt: new Date(p.volForecast.lastMs).toISOString() }),
    forecastVol: p.volBuffer.forecastVol, referenceVol: p.volBuffer.referenceVol, multiplier: volBufferMultiplier(p.volBuffer),
  }
  const head = { account: p.account.id, currency: p.account.currency, model: model.name, time: new Date(p.market.nowMs).toISOString(),
    indexUsd: p.market.indexUsd }
  if (flags.json) {
    io.out(JSON.stringify({
      ...head, equity: h.equity, initialMargin: h.im, maintenanceMargin: h.mm, health: finiteOrNull(h.health),
      availableFunds: h.equity - h.im, positions: rows,
      ...(p.transfers.length === 0 ? {} : { transfers: p.transfers.map((t) => ({ from: t.from, to: t.to, amountCoin: t.amountCoin })) }),
      ...(buffer === undefined ? {} : { volBuffer: buffer }),
      ...(pools === undefined ? {} : { pools: pools.map((x) => ({ id: x.id, mode: x.mode, members: x.members, ...healthJson(x) })) }),
      ...(funding === undefined ? {} : { funding: { intervals: funding.intervals, payments: funding.payments, totalCoin: funding.totalCoin,
        ...Object.fromEntries(Object.entries(healthJson(funding.after)).map(([k, v]) => [`${k}After`, v])) } }),
      ...(matrix === undefined ? {} : { scenarios: matrixJson(matrix) }),
    }) + '\n')
    return
  }
  const c = p.account.currency
  let text = `Account ${head.account} (${c}), ${head.model} margin, at ${head.time}, index ${head.indexUsd} USD\n`
  if (p.transfers.length > 0) text += `After transfers: ${p.transfers.map((t) => `${t.from} -> ${t.to} ${num(t.amountCoin)} ${c}`).join(', ')}\n`
  text += table(['', c], [
    ['equity', num(h.equity)], ['initial margin', num(h.im)], ['maintenance margin', num(h.mm)],
    ['available (equity - IM)', num(h.equity - h.im)], ['health (equity / MM)', num(h.health)],
  ]) + '\n'
  text += table(['instrument', 'size', 'entry', 'mark', `P&L ${c}`, `IM ${c}`, `MM ${c}`],
    rows.map((r) => [r.instrument, num(r.size), num(r.entry), num(r.mark), num(r.pnl), num(r.im), num(r.mm)]))
  text += 'Option entries and marks in coin per contract; futures and perpetuals in USD.\n'
  if (buffer !== undefined) {
    const src = p.volForecast === undefined ? 'given' : `${p.volForecast.method.toUpperCase()} on ${p.volForecast.returns} returns to `
      + `${new Date(p.volForecast.lastMs).toISOString()}${p.volForecast.horizonDays > 0 ? `, mean over ${p.volForecast.horizonDays} days ahead` : ''}`
    text += `Vol buffer: forecast vol ${num(buffer.forecastVol, 4)} (${src}) / reference ${num(buffer.referenceVol, 4)}: `
      + `IM and MM x${num(buffer.multiplier, 4)}\n`
  }
  if (pools !== undefined) {
    text += `\nMargin pools: the parent and its cross sub-accounts share one; each isolated sub-account stands alone (${c}):\n`
    text += table(['pool', 'mode', 'members', 'equity', 'IM', 'MM', 'health'],
      pools.map((x) => [x.id, x.mode, x.members.join(' + '), num(x.equity), num(x.im), num(x.mm), num(x.health)]))
  }
  if (funding !== undefined) {
    text += `\nFunding over ${funding.intervals} interval${funding.intervals === 1 ? '' : 's'} (positive rate: longs pay shorts):\n`
    text += table(['account', 'instrument', 'rate', `payment ${c}`], funding.payments.map((x) => [x.account, x.instrument, num(x.ratePerInterval), num(x.amountCoin)]))
    text += `total ${num(funding.totalCoin)} ${c}; ${p.account.id} after funding: equity ${num(funding.after.equity)}, health ${num(funding.after.health)}\n`
  }
  if (matrix !== undefined) text += '\n' + matrixText(matrix, c)
  io.out(text)
}

/** Reads and checks a portfolio YAML. Every problem is an InputError naming file:line:col and the field.
 * @example readPortfolioFile('config/examples/portfolio.yaml').account.positions.length // 4 */
export function readPortfolioFile(file: string): PortfolioFile {
  // the explicit type lets TypeScript see that y.fail() never returns
  const y: YamlFieldReader = YamlFieldReader.open(file, 'portfolio', 'config/examples/portfolio.yaml')
  if (!y.isMap([])) y.fail([], 'must be a mapping with collateral:, positions: and market:', 'start from config/examples/portfolio.yaml')
  const currency = y.str(['currency'], 'BTC')
  const id = y.str(['account'], basename(file).replace(/\.ya?ml$/, ''))
  const model = y.str(['model'], 'standard')
  if (!MODELS.includes(model as ModelName)) y.fail(['model'], `must be standard or portfolio, got "${model}"`)

  const timeText = y.str(['market', 'time'])
  const nowMs = Date.parse(timeText)
  if (!/(Z|[+-]\d\d:\d\d)$/.test(timeText) || Number.isNaN(nowMs)) {
    y.fail(['market', 'time'], `must be an ISO 8601 UTC time, got "${timeText}"`, 'write e.g. 2024-06-01T08:00:00Z')
  }
  const market: MarketSnapshot = {
    nowMs, indexUsd: y.num(['market', 'index'], 'positive'), rate: y.num(['market', 'rate'], 'any', 0),
    spotUsd: y.numberMap(['market', 'spot'], 'nonNegative'), optionMarks: y.numberMap(['market', 'marks'], 'nonNegative'),
    optionVols: y.numberMap(['market', 'vols'], 'positive'), futureMarksUsd: y.numberMap(['market', 'futures'], 'positive'),
  }

  const { collateral, positions } = readBook(y, [], currency, market)
  const subAccounts: SubAccount[] = []
  const ids = new Set([id])
  for (let i = 0, n = y.list(['subAccounts']); i < n; i++) {
    const at = ['subAccounts', i]
    if (!y.isMap(at)) y.fail(at, 'must be a mapping with id:, mode:, collateral: and positions:', 'see config/examples/portfolio.yaml')
    const subId = y.str([...at, 'id'])
    if (ids.has(subId)) y.fail([...at, 'id'], `"${subId}" is already the id of another account in this file`, 'give every account its own id')
    ids.add(subId)
    const mode = y.str([...at, 'mode'], 'cross')
    if (mode !== 'cross' && mode !== 'isolated') y.fail([...at, 'mode'], `must be cross or isolated, got "${mode}"`)
    subAccounts.push({ mode, account: { id: subId, currency, ...readBook(y, at, currency, market) } })
  }

  const transfers: Transfer[] = []
  for (let i = 0, n = y.list(['transfers']); i < n; i++) {
    const at = ['transfers', i]
    const from = y.str([...at, 'from'])
    const to = y.str([...at, 'to'])
    for (const [key, v] of [['from', from], ['to', to]] as const) {
      if (!ids.has(v)) y.fail([...at, key], `"${v}" is not an account of this file`, `use one of ${[...ids].join(', ')}`)
    }
    if (from === to) y.fail([...at, 'to'], `is the same account as from ("${to}")`)
    const amountCoin = y.num([...at, 'amount'], 'positive')
    transfers.push({ from, to, amountCoin, reject: (problem, fix) => y.fail([...at, 'amount'], problem, fix) })
  }

  let funding: PortfolioFile['funding']
  if (y.has(['fundingRate'])) {
    const ratePerInterval = y.numberMap(['fundingRate'], 'any')
    for (const name of Object.keys(ratePerInterval)) {
      let type: string | undefined
      try { type = parseInstrument(name).type } catch { type = undefined }
      if (type !== 'perpetual') y.fail(['fundingRate', name], 'is not a perpetual: only perpetuals pay funding', 'write e.g. "BTC-PERPETUAL: 0.0001"')
    }
    funding = { ratePerInterval, intervals: y.int(['fundingIntervals'], 1, 1_000_000, 1) }
  } else if (y.has(['fundingIntervals'])) {
    y.fail(['fundingIntervals'], 'needs fundingRate: too', 'add e.g. "fundingRate: { BTC-PERPETUAL: 0.0001 }"')
  }

  let volBuffer: VolBufferParams | undefined
  let volForecast: VolForecastInfo | undefined
  const vb = ['volBuffer']
  if (y.isMap(vb)) {
    if (y.has([...vb, 'forecastVol']) === y.has([...vb, 'forecast'])) {
      y.fail(vb, 'needs either forecastVol: (a vol) or forecast: ewma | garch with returnsFile:, not both',
        'write e.g. "volBuffer: { forecast: garch, returnsFile: bars.csv, referenceVol: 0.6 }"')
    }
    let forecastVol: number
    if (y.has([...vb, 'forecastVol'])) {
      forecastVol = y.num([...vb, 'forecastVol'], 'nonNegative')
    } else {
      const r = readVolForecast(y, file, nowMs)
      forecastVol = r.forecastVol
      volForecast = r.info
    }
    volBuffer = {
      forecastVol, referenceVol: y.num([...vb, 'referenceVol'], 'positive'),
      floor: y.num([...vb, 'floor'], 'nonNegative', 1), cap: y.num([...vb, 'cap'], 'positive', 3),
    }
    if (volBuffer.cap! < volBuffer.floor!) y.fail([...vb, 'cap'], `must be at least floor ${volBuffer.floor}, got ${volBuffer.cap}`)
  } else if (y.has(vb)) {
    y.fail(vb, 'must be a mapping with forecastVol: (or forecast: and returnsFile:) and referenceVol:',
      'write e.g. "volBuffer: { forecastVol: 0.9, referenceVol: 0.6 }"')
  }
  const pm = ['portfolioMargin']
  if (y.has(pm) && !y.isMap(pm)) y.fail(pm, 'must be a mapping, e.g. "portfolioMargin: { spotRange: 0.16, spotSteps: 9 }"')
  const d = DEFAULT_PORTFOLIO_MARGIN
  const portfolio: PortfolioMarginParams = {
    spotRange: y.num([...pm, 'spotRange'], 'positive', d.spotRange),
    spotSteps: y.int([...pm, 'spotSteps'], 1, 101, d.spotSteps),
    volShifts: y.numList([...pm, 'volShifts'], d.volShifts),
    extendedMoves: y.numList([...pm, 'extendedMoves'], d.extendedMoves),
    extendedVolShift: y.num([...pm, 'extendedVolShift'], 'any', d.extendedVolShift),
    extendedFraction: y.num([...pm, 'extendedFraction'], 'nonNegative', d.extendedFraction),
    imOverMm: y.num([...pm, 'imOverMm'], 'positive', d.imOverMm),
  }
  if (portfolio.spotRange >= 1) y.fail([...pm, 'spotRange'], `must be a fraction below 1, got ${portfolio.spotRange}`, 'write 0.16 for ±16%')
  if (portfolio.imOverMm < 1) y.fail([...pm, 'imOverMm'], `must be at least 1 so that IM >= MM, got ${portfolio.imOverMm}`)
  for (const [i, m] of portfolio.extendedMoves.entries()) {
    if (!(m > -1)) y.fail([...pm, 'extendedMoves', i], `must be above -1 (-100%), got ${m}`)
  }
  const allPositions = [...positions, ...subAccounts.flatMap((s) => s.account.positions)]
  return {
    account: { id, currency, collateral, positions }, market: resolveMarks(market, allPositions, optionPrice), model: model as ModelName, portfolio,
    subAccounts, transfers, ...(funding === undefined ? {} : { funding }), ...(volBuffer === undefined ? {} : { volBuffer }),
    ...(volForecast === undefined ? {} : { volForecast }),
  }
}

/** collateral: and positions: under `at` (the file's top level, or one sub-account), checked against the market. */
function readBook(y: YamlFieldReader, at: Path, currency: string, market: MarketSnapshot): { collateral: Collateral[]; positions: Position[] } {
  const collateral: Collateral[] = []
  const c = [...at, 'collateral']
  for (let i = 0, n = y.list(c); i < n; i++) {
    const asset = y.str([...c, i, 'asset'])
    const haircut = y.num([...c, i, 'haircut'], 'nonNegative', 0)
    if (haircut >= 1) y.fail([...c, i, 'haircut'], `must be a fraction below 1, got ${haircut}`, 'write 0.02 for a 2% haircut')
    if (asset !== currency && market.spotUsd[asset] === undefined) {
      y.fail([...c, i, 'asset'], `${asset} has no USD price`, `add it under market.spot, e.g. "${asset}: 1"`)
    }
    collateral.push({ asset, amount: y.num([...c, i, 'amount'], 'nonNegative'), haircut })
  }

  const positions: Position[] = []
  const ps = [...at, 'positions']
  for (let i = 0, n = y.list(ps); i < n; i++) {
    const name = y.str([...ps, i, 'instrument'])
    let instrument
    try {
      instrument = parseInstrument(name)
    } catch (e) {
      y.fail([...ps, i, 'instrument'], e instanceof OptvaultError ? e.shortMessage.replace(/\.$/, '') : String(e),
        'use Deribit names: BTC-28JUN24-60000-C, BTC-28JUN24-60000-P, BTC-28JUN24 or BTC-PERPETUAL')
    }
    if (instrument.underlying !== currency) {
      y.fail([...ps, i, 'instrument'], `is on ${instrument.underlying}, but the account is in ${currency}`,
        'keep one coin per portfolio file (currency:)')
    }
    if (instrument.type !== 'perpetual' && instrument.expiryMs <= market.nowMs) {
      y.fail([...ps, i, 'instrument'], `expired at ${new Date(instrument.expiryMs).toISOString()}, before market.time`,
        'settle expired positions into collateral')
    }
    if (instrument.type === 'option' && market.optionMarks[name] === undefined && market.optionVols[name] === undefined) {
      y.fail([...ps, i, 'instrument'], 'has no mark and no vol', 'add it under market.marks (coin per contract) or market.vols')
    }
    const entryRule = instrument.type === 'option' ? 'nonNegative' : 'positive'
    positions.push({ instrument, size: y.num([...ps, i, 'size'], 'nonZero'), entry: y.num([...ps, i, 'entry'], entryRule) })
  }
  return { collateral, positions }
}

/** volBuffer.forecast: ewma | garch on the closes of volBuffer.returnsFile (relative to the portfolio file) strictly
 * before market.time: the margin never sees a return from after the moment it is computed for. */
function readVolForecast(y: YamlFieldReader, file: string, nowMs: number): { forecastVol: number; info: VolForecastInfo } {
  const vb = ['volBuffer']
  const method = y.str([...vb, 'forecast'])
  if (method !== 'ewma' && method !== 'garch') y.fail([...vb, 'forecast'], `must be ewma or garch, got "${method}"`)
  const returnsFile = resolve(dirname(file), y.str([...vb, 'returnsFile']))
  if (!existsSync(returnsFile)) {
    y.fail([...vb, 'returnsFile'], `cannot be read: ${returnsFile} does not exist`, 'give a bar CSV with ts and close columns, relative to this file')
  }
  const past = readPastReturns(returnsFile, nowMs)
  const info = { method: method as VolForecastInfo['method'], returns: past.returns.length, periodsPerYear: past.periodsPerYear, lastMs: past.lastMs }
  if (method === 'ewma') {
    if (y.has([...vb, 'horizonDays'])) y.fail([...vb, 'horizonDays'], 'applies to garch only: an EWMA forecast is flat')
    const lambda = y.num([...vb, 'lambda'], 'positive', 0.94)
    if (!(lambda < 1)) y.fail([...vb, 'lambda'], `must be between 0 and 1, got ${lambda}`, 'RiskMetrics uses 0.94 for daily returns')
    return { forecastVol: ewmaForecast(past.returns, { lambda, periodsPerYear: past.periodsPerYear }).volAnnual, info: { ...info, horizonDays: 0 } }
  }
  if (y.has([...vb, 'lambda'])) y.fail([...vb, 'lambda'], 'applies to ewma only')
  if (past.returns.length < 50) {
    y.fail([...vb, 'returnsFile'], `has ${past.returns.length} returns before market.time; GARCH(1,1) needs at least 50`, 'give a longer history or use forecast: ewma')
  }
  const horizonDays = y.num([...vb, 'horizonDays'], 'positive', 1)
  const periods = Math.max(1, Math.round(horizonDays * past.periodsPerYear / 365))
  return { forecastVol: garch11TermVol(fitGarch11(past.returns), periods, past.periodsPerYear), info: { ...info, horizonDays } }
}

interface FundingRow { readonly account: string; readonly instrument: string; readonly ratePerInterval: number; readonly amountCoin: number }

/** Funding accrued on the parent and every sub-account; `after` is the parent's health once its payments are booked. */
function fundingReport(p: PortfolioFile, model: MarginModel): { intervals: number; payments: FundingRow[]; totalCoin: number; after: AccountHealth } {
  const f = p.funding as NonNullable<PortfolioFile['funding']>
  const payments: FundingRow[] = []
  let parentAfter = p.account
  for (const acc of [p.account, ...p.subAccounts.map((s) => s.account)]) {
    const r = applyFunding(acc, p.market, f.ratePerInterval, f.intervals)
    if (acc === p.account) parentAfter = r.account
    for (const x of r.payments) payments.push({ account: acc.id, instrument: x.instrument, ratePerInterval: f.ratePerInterval[x.instrument] as number, amountCoin: x.amountCoin })
  }
  return { intervals: f.intervals, payments, totalCoin: payments.reduce((s, x) => s + x.amountCoin, 0), after: accountHealth(parentAfter, p.market, model) }
}

const healthJson = (h: AccountHealth) =>
  ({ equity: h.equity, initialMargin: h.im, maintenanceMargin: h.mm, health: finiteOrNull(h.health) })

type Path = readonly (string | number)[]

/** Typed field access to a parsed YAML file with positions: each getter checks one field and throws an InputError
 * at `file:line:col` of the offending node (or of its nearest parent when the field is missing).
 * Shared by the margin and stress commands.
 * @example const y = YamlFieldReader.open('cascade.yaml', 'config', 'see optvault stress cascade --help'); y.num(['shock'], 'any') */
export class YamlFieldReader {
  private constructor(private readonly doc: Document, private readonly file: string, private readonly where: (offset: number) => string) {}

  /** Reads and parses `file`; an unreadable file or a YAML syntax error is an InputError on `what`. */
  static open(file: string, what: string, example: string): YamlFieldReader {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      throw new InputError(file, what, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, `check the path; see ${example}`)
    }
    const lines = new LineCounter()
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
    const where = (offset: number): string => { const p = lines.linePos(offset); return `${file}:${p.line}:${p.col}` }
    const firstError = doc.errors[0]
    if (firstError !== undefined) {
      throw new InputError(where(firstError.pos[0]), '(yaml)', `is not valid YAML: ${firstError.message.split('\n')[0]}`)
    }
    return new YamlFieldReader(doc, file, where)
  }

  private at(path: Path): string {
    // point at the value if present, else at the parent key, else the top of the file
    for (let n = path.length; n >= 0; n--) {
      const loc = yamlNodeAt(this.doc, path.slice(0, n))
      const range = loc.node?.range ?? loc.key?.range
      if (range !== undefined && range !== null) return this.where(range[0])
    }
    return `${this.file}:1:1`
  }

  private name(path: Path): string {
    return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(file)'
  }

  fail(path: Path, problem: string, fix?: string): never {
    throw new InputError(this.at(path), this.name(path), problem, fix)
  }

  private raw(path: Path): unknown {
    return path.length === 0 ? this.doc.contents : this.doc.getIn(path as (string | number)[])
  }

  isMap(path: Path): boolean {
    return isMap(this.raw(path))
  }

  has(path: Path): boolean {
    const v = this.raw(path)
    return v !== undefined && v !== null
  }

  num(path: Path, rule: 'positive' | 'nonNegative' | 'any' | 'nonZero', fallback?: number): number {
    const v = this.raw(path)
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback
      this.fail(path, 'is missing')
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, `must be a number, got ${JSON.stringify(v)}`)
    if (rule === 'positive' && !(v > 0)) this.fail(path, `must be greater than 0, got ${v}`)
    if (rule === 'nonNegative' && v < 0) this.fail(path, `must not be negative, got ${v}`)
    if (rule === 'nonZero' && v === 0) this.fail(path, 'must not be 0', 'remove a closed position instead')
    return v
  }

  int(path: Path, min: number, max: number, fallback?: number): number {
    const v = this.num(path, 'any', fallback)
    if (!Number.isInteger(v) || v < min || v > max) this.fail(path, `must be a whole number from ${min} to ${max}, got ${v}`)
    return v
  }

  str(path: Path, fallback?: string): string {
    const v = this.raw(path)
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback
      this.fail(path, 'is missing')
    }
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, `must be text, got ${JSON.stringify(v)}`)
    return v.trim()
  }

  /** Length of the list at `path`; 0 when absent. */
  list(path: Path): number {
    const v = this.raw(path)
    if (v === undefined || v === null) return 0
    if (!isSeq(v)) this.fail(path, 'must be a list (lines starting with "- ")')
    return v.items.length
  }

  /** A list of numbers; `fallback` when absent. */
  numList(path: Path, fallback: readonly number[]): number[] {
    if (!this.has(path)) return [...fallback]
    const n = this.list(path)
    return Array.from({ length: n }, (_, i) => this.num([...path, i], 'any'))
  }

  /** A `[min, max]` pair of positive numbers with min <= max. */
  range(path: Path, fallback?: readonly [number, number]): [number, number] {
    if (this.raw(path) === undefined && fallback !== undefined) return [fallback[0], fallback[1]]
    if (!isSeq(this.raw(path)) || this.list(path) !== 2) this.fail(path, 'must be a pair [min, max]', 'write e.g. [5, 25]')
    const lo = this.num([...path, 0], 'positive')
    const hi = this.num([...path, 1], 'positive')
    if (hi < lo) this.fail(path, `must have min <= max, got [${lo}, ${hi}]`)
    return [lo, hi]
  }

  numberMap(path: Path, rule: 'positive' | 'nonNegative' | 'any'): Record<string, number> {
    const v = this.raw(path)
    if (v === undefined || v === null) return {}
    if (!isMap(v)) this.fail(path, 'must be a mapping of name: number')
    const out: Record<string, number> = {}
    for (const pair of v.items) {
      const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key)
      out[key] = this.num([...path, key], rule)
    }
    return out
  }
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

function matrixJson(m: RiskMatrix): object {
  const rows = (a: Float64Array | undefined) => m.volShifts.map((_, v) =>
    m.spotMoves.map((_, s) => finiteOrNull(a?.[v * m.spotMoves.length + s] ?? NaN)))
  return { spotMoves: m.spotMoves, volShifts: m.volShifts, pnl: rows(m.pnl), health: rows(m.health) }
}

function matrixText(m: RiskMatrix, coin: string): string {
  const pct = (x: number): string => `${x > 0 ? '+' : ''}${Math.round(x * 100)}%`
  const header = ['vol \\ spot', ...m.spotMoves.map(pct)]
  const grid = (a: Float64Array | undefined) => m.volShifts.map((dv, v) =>
    [pct(dv), ...m.spotMoves.map((_, s) => num(a?.[v * m.spotMoves.length + s] ?? NaN, 4))])
  return `Scenario P&L (${coin}), spot move across, relative vol shift down:\n${table(header, grid(m.pnl))}\n`
    + `Scenario health (equity / MM; below 1 is liquidated):\n${table(header, grid(m.health))}`
}

function num(x: number, digits = 6): string {
  if (x === Infinity) return 'inf'
  if (!Number.isFinite(x)) return String(x)
  // below 1e-9 coin is bisection noise in a repriced mark (and 10 satoshi is nothing), not a P&L
  if (Math.abs(x) < 1e-9) return '0'
  return Math.abs(x) >= 1e-4 && Math.abs(x) < 1e9 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1)
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd() + '\n'
  return line(header) + rows.map(line).join('')
}
