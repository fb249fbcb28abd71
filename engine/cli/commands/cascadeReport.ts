import { formatNumber, formatPercent } from '../../../backtest/report/displayFormat.ts'
import { escapeHtml, jsonForScript } from '../../../backtest/report/escapeHtml.ts'
import { chartCard, keyValueTable, kpiTile } from '../../../backtest/report/htmlParts.ts'
import { REPORT_CSS } from '../../../backtest/report/reportStyles.ts'
import { uplotAssets } from '../../../backtest/report/uplotAssets.ts'
import type { CascadeResult } from '../../domain/cascade/runCascade.ts'
import type { CascadeConfig } from './stress.ts'

/** The cascade report as ONE self-contained HTML document in the backtest report's style (same stylesheet, uPlot
 * inlined, nothing fetched): headline tiles, liquidated notional by round (bars), the pool price path by round, the
 * insurance fund balance by round, the rounds table and the config. Round 0 on the price and fund charts is the state
 * right after the shock, before any liquidation. Every text from the input is escaped. Deterministic: same result,
 * same bytes.
 * @example writeFileAtomic('cascade.html', renderCascadeReport(result, config, 'config/examples/cascade.yaml')) */
export function renderCascadeReport(r: CascadeResult, cfg: CascadeConfig, source: string): string {
  const { js, css } = uplotAssets()
  const title = `Liquidation cascade: ${source}`
  const status = cascadeStatus(r, cfg)
  const sub = [`${cfg.population.count.toLocaleString('en-US')} accounts`, `seed ${cfg.seed}`, `shock ${formatPercent(cfg.shock, 1)}`, status]
  const data = {
    rounds: r.rounds.map((x) => x.round),
    liquidatedUsd: r.rounds.map((x) => x.liquidatedNotionalUsd),
    path: [0, ...r.rounds.map((x) => x.round)],
    priceUsd: [r.shockedPriceUsd, ...r.rounds.map((x) => x.priceEndUsd)],
    initialPriceUsd: r.initialPriceUsd,
    fundBtc: [r.insuranceFundStartBtc, ...r.rounds.map((x) => x.insuranceFundBtc)],
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1 id="title">${escapeHtml(title)}</h1><div class="sub">${sub.map(escapeHtml).join(' · ')}</div></header>
<main>
${kpis(r)}
${chartCard('chart-liquidated', 'Liquidated notional by round', escapeHtml('USD, gross: every position closed in the round, longs and shorts alike.'), true)}
<div class="grid">
${chartCard('chart-price', 'Pool price by round', escapeHtml('USD per BTC in the Uniswap v3 pool; round 0 is right after the shock, dashed: before it.'))}
${chartCard('chart-fund', 'Insurance fund by round', escapeHtml('BTC after each round: + penalties − deficits covered − slippage of the offloaded positions.'))}
</div>
<section class="card wide"><h2>Rounds</h2><div class="scroll">${roundsTable(r)}</div></section>
<section class="card wide"><h2>Configuration</h2>${configTable(cfg)}</section>
</main>
<footer>optvault stress cascade. Amounts in BTC unless named USD; prices from the v3 SDK's swap math over the pool's tick liquidity.</footer>
<script type="application/json" id="cascade-data">${jsonForScript(data)}</script>
<script>${js}</script>
<script>${CASCADE_SCRIPT}</script>
</body>
</html>
`
}

/** One line on how the cascade ended, shared by the text output and the report.
 * @example cascadeStatus(result, config) // 'settled' */
export function cascadeStatus(r: CascadeResult, cfg: CascadeConfig): string {
  return r.poolExhausted ? 'stopped: the pool ran out of liquidity' : r.settled ? 'settled' : `not settled after ${cfg.maxRounds} rounds`
}


function kpis(r: CascadeResult): string {
  const move = (to: number) => formatPercent(to / r.initialPriceUsd - 1)
  return `<div class="kpis">
${kpiTile('Liquidated', `${formatNumber(r.totalLiquidatedNotionalUsd / 1e6, 2)}M`, `USD over ${r.rounds.length} round${r.rounds.length === 1 ? '' : 's'}`)}
${kpiTile('Shocked price', formatNumber(r.shockedPriceUsd, 0), `USD, ${move(r.shockedPriceUsd)} from ${formatNumber(r.initialPriceUsd, 0)}`)}
${kpiTile('Final price', formatNumber(r.finalPriceUsd, 0), `USD, ${move(r.finalPriceUsd)} in all`)}
${kpiTile('Fund drawdown', formatNumber(r.insuranceFundDrawdownBtc, 4), 'BTC, start − lowest balance')}
${kpiTile('Fund end', formatNumber(r.insuranceFundEndBtc, 4), `BTC, from ${formatNumber(r.insuranceFundStartBtc, 4)}`)}
${kpiTile('Liquidations', String(r.rounds.reduce((s, x) => s + x.accountsLiquidated, 0)), `accounts summed over rounds, ${r.rounds.reduce((s, x) => s + x.bankruptcies, 0)} bankrupt`)}
</div>`
}

// 4 decimals of BTC; a float residue like -1e-12 shows as 0, not "-0.0000"
const btc = (x: number): string => formatNumber(Math.abs(x) < 5e-5 ? 0 : x, 4)

const ROUND_COLUMNS: [string, (x: CascadeResult['rounds'][number]) => string][] = [
  ['round', (x) => String(x.round)],
  ['price start USD', (x) => formatNumber(x.priceStartUsd)],
  ['price end USD', (x) => formatNumber(x.priceEndUsd)],
  ['accounts', (x) => String(x.accountsLiquidated)],
  ['bankrupt', (x) => String(x.bankruptcies)],
  ['liquidated USD', (x) => formatNumber(x.liquidatedNotionalUsd, 0)],
  ['BTC traded', (x) => btc(x.netBtcTraded)],
  ['unfilled BTC', (x) => btc(x.unfilledBtc)],
  ['penalties BTC', (x) => btc(x.penaltiesBtc)],
  ['slippage BTC', (x) => btc(x.slippageBtc)],
  ['fund paid BTC', (x) => btc(x.coveredByFundBtc)],
  ['socialised BTC', (x) => btc(x.socialisedBtc)],
  ['uncovered BTC', (x) => btc(x.uncoveredBtc)],
  ['fund BTC', (x) => btc(x.insuranceFundBtc)],
]

function roundsTable(r: CascadeResult): string {
  const head = ROUND_COLUMNS.map(([c]) => `<th>${escapeHtml(c)}</th>`).join('')
  const body = r.rounds.map((x) => `<tr>${ROUND_COLUMNS.map(([, f]) => `<td>${f(x)}</td>`).join('')}</tr>`).join('\n')
  return `<table id="rounds"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

function configTable(cfg: CascadeConfig): string {
  const p = cfg.population
  const pairs: [string, string][] = [
    ['seed', String(cfg.seed)], ['shock', formatPercent(cfg.shock, 2)], ['insurance fund', `${cfg.insuranceFundBtc} BTC`],
    ['max rounds', String(cfg.maxRounds)], ['pool', `${cfg.pool.priceUsd} USD, fee ${cfg.pool.feeBps} bps`],
    ...cfg.pool.ranges.map((x, i): [string, string] => [`range ${i + 1}`, `${x.lowerUsd}..${x.upperUsd} USD: ${x.btc} BTC, ${x.usdc} USDC`]),
    ['accounts', String(p.count)], ['leverage', `${p.leverage[0]}..${p.leverage[1]}`],
    ['collateral', `${p.collateralBtc[0]}..${p.collateralBtc[1]} BTC`], ['entry jitter', `${p.entryJitter[0]}..${p.entryJitter[1]}`],
    ['long share', String(p.longShare)], ['target health', String(cfg.liquidation.targetHealth)],
    ['step fraction', String(cfg.liquidation.stepFraction)], ['penalty rate', String(cfg.liquidation.penaltyRate)],
  ]
  return keyValueTable('config', pairs)
}

/** Browser script (plain ES2017, inlined after uPlot): draws the three charts from #cascade-data and sets
 * <body data-ready="1" data-charts="N">, or data-error with the message, so a headless test can wait for either. */
const CASCADE_SCRIPT = `
(function () {
  'use strict';
  var body = document.body;
  try {
    var d = JSON.parse(document.getElementById('cascade-data').textContent);
    var charts = [];
    var compact = function (v) {
      var a = Math.abs(v), t = function (x) { return String(Number(x.toPrecision(4))); };
      if (a >= 1e9) return t(v / 1e9) + 'B';
      if (a >= 1e6) return t(v / 1e6) + 'M';
      if (a >= 1e4) return t(v / 1e3) + 'k';
      return t(v);
    };
    var fmt = function (digits) {
      return function (u, v) { return v == null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits }); };
    };
    var widthOf = function (el) { return Math.max(280, Math.floor(el.getBoundingClientRect().width)); };
    var roundAxis = { stroke: '#64748b', grid: { show: false }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] };
    var yAxis = { stroke: '#64748b', grid: { stroke: '#eef2f7' }, size: 64,
      values: function (u, s) { return s.map(function (v) { return v == null ? '' : compact(v); }); } };
    var lastRound = d.path[d.path.length - 1];
    function draw(id, x, series, ys, h) {
      var el = document.getElementById(id);
      var opts = { width: widthOf(el), height: h, cursor: { sync: { key: 'cascade' } },
        scales: { x: { time: false, range: [-0.5, lastRound + 0.5] } },
        series: [{ label: 'Round', value: function (u, v) { return v == null ? '—' : String(v); } }].concat(series),
        axes: [roundAxis, yAxis] };
      charts.push({ u: new uPlot(opts, [x].concat(ys), el), el: el, h: h });
    }
    var bars = document.getElementById('chart-liquidated');
    if (d.rounds.length === 0) {
      bars.textContent = 'No account fell below health 1: nothing was liquidated.';
    } else {
      draw('chart-liquidated', d.rounds, [{ label: 'Liquidated (USD)', stroke: '#2563eb', fill: 'rgba(37,99,235,0.75)', width: 1,
        paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false }, value: fmt(0) }], [d.liquidatedUsd], 260);
    }
    var before = d.path.map(function () { return d.initialPriceUsd; });
    draw('chart-price', d.path, [
      { label: 'Pool price (USD)', stroke: '#f59e0b', width: 2, points: { show: true, size: 6, fill: '#f59e0b' }, value: fmt(2) },
      { label: 'Before the shock', stroke: '#94a3b8', width: 1, dash: [6, 3], points: { show: false }, value: fmt(2) }],
      [d.priceUsd, before], 240);
    draw('chart-fund', d.path, [{ label: 'Insurance fund (BTC)', stroke: '#0d9488', width: 2, fill: 'rgba(13,148,136,0.10)',
      points: { show: true, size: 6, fill: '#0d9488' }, value: fmt(4) }], [d.fundBtc], 240);
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.u.setSize({ width: widthOf(c.el), height: c.h }); });
    });
    body.setAttribute('data-charts', String(charts.length));
    body.setAttribute('data-ready', '1');
  } catch (e) {
    body.setAttribute('data-error', String(e && e.stack || e));
    throw e;
  }
})();
`
