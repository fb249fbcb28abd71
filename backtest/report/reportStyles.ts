/** The report's stylesheet (inlined; system fonts only, so nothing is fetched). */
export const REPORT_CSS = `
:root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f5f7fa; --card: #ffffff; --accent: #2563eb;
  --pos: #15803d; --neg: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
header { background: #0f172a; color: #f8fafc; padding: 22px 32px 18px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; letter-spacing: .2px; }
header .sub { color: #94a3b8; font-size: 13px; }
main { padding: 20px 32px 40px; max-width: 1480px; margin: 0 auto; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 18px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; }
.kpi .value { font-size: 22px; font-weight: 600; margin-top: 2px; font-variant-numeric: tabular-nums; }
.kpi .bench { color: var(--muted); font-size: 12px; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-bottom: 16px; }
.grid.three { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 10px; min-width: 0; }
.card h2 { font-size: 15px; font-weight: 600; margin: 0 0 2px; }
.card .note { color: var(--muted); font-size: 12px; margin: 0 0 8px; }
.card.wide { margin-bottom: 16px; }
.chart { width: 100%; min-height: 40px; }
.scroll { overflow: auto; max-height: 640px; } /* long backtests: the header row stays in view (sticky th) */
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: 12px; background: #f8fafc; position: sticky; top: 0; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
tbody tr:nth-child(even) { background: #fafbfc; }
tbody tr:hover { background: #eef2f7; }
td.pos { color: var(--pos); } td.neg { color: var(--neg); }
tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
.kv td:first-child { color: var(--muted); }
.kv td { text-align: left; white-space: normal; overflow-wrap: anywhere; }
/* keys are single words: never break them ("strate gy"); the value column takes the rest and wraps long paths */
.kv td:first-child { white-space: nowrap; overflow-wrap: normal; width: 1%; padding-right: 18px; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; max-width: 1480px; margin: 0 auto; }
.uplot { font-family: inherit; }
.u-legend { font-size: 12px; }
@media (max-width: 900px) { .grid, .grid.three { grid-template-columns: minmax(0, 1fr); } .kpis { grid-template-columns: repeat(2, 1fr); } }
`
