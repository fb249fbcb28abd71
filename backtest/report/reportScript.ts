/** The report's browser script (inlined after uPlot). It reads the JSON in #report-data (chartData.ts, x arrays shared as renderReport embeds them), draws every
 * chart, keeps their cursors in sync, and sets <body data-ready="1"> when all charts are drawn, or data-error with the
 * message if anything throws, so a headless browser test can wait for one or the other. Plain ES2017, no imports. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var body = document.body;
  try {
    var data = JSON.parse(document.getElementById('report-data').textContent);
    var PARTS = data.parts;
    var COLORS = { strategy: '#2563eb', hold: '#94a3b8', spot: '#0f172a', strike: '#f59e0b', dd: '#dc2626',
      greek: '#7c3aed', health: '#0d9488' };
    var PART_COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#0891b2', '#f59e0b', '#94a3b8'];
    var charts = [];
    // Legend values: at the cursor's bar, or the last bar's when the cursor is off the charts, so a glance (or a
    // printout) shows where the backtest ended instead of a row of dashes.
    var lastOf = function (arr) { for (var i = arr.length - 1; i >= 0; i--) if (arr[i] != null) return arr[i]; return null; };
    var fmt = function (digits, cap) {
      return function (u, v, si, idx) {
        if (idx == null) v = lastOf(u.data[si]);
        if (v == null) return '—';
        return (cap != null && v >= cap ? '≥ ' : '') + v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
      };
    };
    var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
    var fmtTime = uPlot.fmtDate('{YYYY}-{MM}-{DD} {HH}:{mm}');
    var timeValue = function (u, v, si, idx) {
      if (idx == null) { v = lastOf(u.data[0]); if (v == null) return '—'; return fmtTime(utc(v)) + ' (last bar)'; }
      return v == null ? '—' : fmtTime(utc(v));
    };
    // axis ticks: 1.2M, 950k, 0.0035; fixed steps from uPlot make every tick on an axis the same length
    var compact = function (v) {
      var a = Math.abs(v), t = function (x) { return String(Number(x.toPrecision(4))); };
      if (a >= 1e9) return t(v / 1e9) + 'B';
      if (a >= 1e6) return t(v / 1e6) + 'M';
      if (a >= 1e4) return t(v / 1e3) + 'k';
      return t(v);
    };
    var yValues = function (u, splits) { return splits.map(function (v) { return v == null ? '' : compact(v); }); };
    var widthOf = function (el) { return Math.max(280, Math.floor(el.getBoundingClientRect().width)); };
    var line = function (label, stroke, extra) {
      var s = { label: label, stroke: stroke, width: 1.5, points: { show: false }, value: fmt(4) };
      for (var k in extra || {}) s[k] = extra[k];
      return s;
    };
    // A dashed horizontal line at a y value (the liquidation line on the health chart).
    var hline = function (y, color) {
      return function (u) {
        var py = u.valToPos(y, 'y', true);
        if (!(py >= u.bbox.top && py <= u.bbox.top + u.bbox.height)) return;
        var ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = color; ctx.lineWidth = 1.5 * devicePixelRatio; ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath(); ctx.moveTo(u.bbox.left, py); ctx.lineTo(u.bbox.left + u.bbox.width, py); ctx.stroke();
        ctx.restore();
      };
    };

    function timeChart(id, name, series, o) {
      var c = data.time[name], d = { x: data.xs[c.xi], ys: c.ys };
      var el = document.getElementById(id);
      var draw = [function (u) {
        // the y-scale as drawn, for readers and tests: a clipped chart must not stretch past its clip
        el.setAttribute('data-y-min', String(u.scales.y.min));
        el.setAttribute('data-y-max', String(u.scales.y.max));
      }];
      if (o && o.hline) draw.unshift(hline(o.hline.y, o.hline.color));
      var scales = { x: { time: true } };
      if (c.y) scales.y = { range: [c.y.min, c.y.max] };
      var yAxis = { stroke: '#64748b', grid: { stroke: '#eef2f7' }, size: 60, values: yValues };
      var unit = data.units[name];
      if (unit) { yAxis.label = unit; yAxis.labelSize = 16; yAxis.labelFont = '11px sans-serif'; }
      var opts = {
        width: widthOf(el), height: (o && o.height) || 240,
        cursor: { sync: { key: 'optvault' } },
        scales: scales,
        series: [{ label: 'Time (UTC)', value: timeValue }].concat(series),
        axes: [{ stroke: '#64748b', grid: { stroke: '#eef2f7' } }, yAxis],
        hooks: { draw: draw },
        tzDate: utc,
      };
      var u = new uPlot(opts, [d.x].concat(d.ys), el);
      charts.push({ u: u, el: el, h: opts.height });
      return u;
    }

    timeChart('chart-nav', 'nav', [line('NAV', COLORS.strategy, { width: 2, value: fmt(0) }), line('Buy & hold', COLORS.hold, { value: fmt(0) })]);
    timeChart('chart-pps', 'pps', [line('Price per share', COLORS.strategy, { width: 2, value: fmt(2) }), line('Buy & hold per share', COLORS.hold, { value: fmt(2) })]);
    timeChart('chart-spot', 'spot', [line('Spot', COLORS.spot, { value: fmt(2) }),
      line('Strike', COLORS.strike, { width: 2, paths: uPlot.paths.stepped({ align: 1 }), dash: [6, 3], value: fmt(2) })]);
    timeChart('chart-drawdown', 'drawdown', [line('Strategy %', COLORS.dd, { fill: 'rgba(220,38,38,0.12)', value: fmt(2) }),
      line('Buy & hold %', COLORS.hold, { value: fmt(2) })]);
    timeChart('chart-delta', 'delta', [line('Delta', COLORS.greek)], { height: 170 });
    timeChart('chart-gamma', 'gamma', [line('Cash gamma per 1%', COLORS.greek, { value: fmt(2) })], { height: 170 });
    timeChart('chart-vega', 'vega', [line('Vega per vol pt', COLORS.greek, { value: fmt(2) })], { height: 170 });
    timeChart('chart-theta', 'theta', [line('Theta per day', COLORS.greek, { value: fmt(2) })], { height: 170 });
    timeChart('chart-health', 'health', [line('Health (equity / MM)', COLORS.health, { value: fmt(2, data.time.health.y && data.time.health.y.clippedAt) })],
      { height: 170, hline: { y: 1, color: COLORS.dd } });

    // Attribution: stacked bars per epoch drawn in a draw hook, positives stacked up from 0 and negatives down, with
    // a black tick at the epoch total. The series carry the values for the legend but draw nothing themselves.
    (function () {
      var a = data.attribution;
      var el = document.getElementById('chart-attribution');
      if (a.x.length === 0) { el.textContent = 'No epochs.'; return; }
      var lo = 0, hi = 0;
      for (var i = 0; i < a.x.length; i++) {
        var up = 0, dn = 0;
        for (var p = 0; p < a.parts.length; p++) { var v = a.parts[p][i]; if (v > 0) up += v; else dn += v; }
        hi = Math.max(hi, up, a.total[i]); lo = Math.min(lo, dn, a.total[i]);
      }
      var pad = (hi - lo) * 0.06 || 1;
      var series = [{ label: 'Epoch', value: function (u, v, si, idx) {
        if (idx == null) { v = lastOf(u.data[0]); return v == null ? '—' : '#' + v + ' (last)'; }
        return v == null ? '—' : '#' + v;
      } }];
      for (var q = 0; q < PARTS.length; q++) {
        series.push({ label: PARTS[q], stroke: PART_COLORS[q], fill: PART_COLORS[q], paths: function () { return null; },
          points: { show: false }, value: fmt(2) });
      }
      series.push({ label: 'total', stroke: '#0f172a', paths: function () { return null; }, points: { show: false }, value: fmt(2) });
      var drawBars = function (u) {
        var ctx = u.ctx, n = a.x.length;
        var x0 = u.valToPos(a.x[0], 'x', true), x1 = u.valToPos(a.x[n - 1], 'x', true);
        var step = n > 1 ? Math.abs(x1 - x0) / (n - 1) : u.bbox.width / 3;
        var w = Math.max(1, step * 0.7);
        var zero = u.valToPos(0, 'y', true);
        ctx.save();
        for (var i = 0; i < n; i++) {
          var cx = u.valToPos(a.x[i], 'x', true), up = 0, dn = 0;
          for (var p = 0; p < a.parts.length; p++) {
            if (!u.series[p + 1].show) continue;
            var v = a.parts[p][i]; if (v === 0) continue;
            var from = v > 0 ? up : dn, to = from + v;
            if (v > 0) up = to; else dn = to;
            var yA = u.valToPos(from, 'y', true), yB = u.valToPos(to, 'y', true);
            ctx.fillStyle = PART_COLORS[p];
            ctx.fillRect(cx - w / 2, Math.min(yA, yB), w, Math.max(1, Math.abs(yB - yA)));
          }
          if (u.series[a.parts.length + 1].show) {
            var yt = u.valToPos(a.total[i], 'y', true);
            ctx.fillStyle = '#0f172a';
            ctx.fillRect(cx - w / 2 - 1, yt - 1.5, w + 2, 3);
          }
        }
        ctx.strokeStyle = '#64748b'; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(u.bbox.left, zero); ctx.lineTo(u.bbox.left + u.bbox.width, zero); ctx.stroke();
        ctx.restore();
      };
      var opts = {
        width: widthOf(el), height: 300,
        scales: { x: { time: false, range: [a.x[0] - 0.7, a.x[a.x.length - 1] + 0.7] }, y: { range: [lo - pad, hi + pad] } },
        series: series,
        axes: [{ stroke: '#64748b', grid: { show: false }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] },
          { stroke: '#64748b', grid: { stroke: '#eef2f7' }, size: 60, values: yValues, label: data.units.attribution, labelSize: 16,
            labelFont: '11px sans-serif' }],
        hooks: { draw: [drawBars] },
      };
      var u = new uPlot(opts, [a.x].concat(a.parts).concat([a.total]), el);
      charts.push({ u: u, el: el, h: 300 });
    })();

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
