import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'
import { SERIES_KINDS, type SeriesKind } from '../../../data/barColumns.ts'
import { GAP_POLICIES, type GapPolicy } from '../../../data/validate/dataProblem.ts'
import type { ValidationReport } from '../../../data/validate/validationReport.ts'
import { formatTimestamp } from '../../../data/formats/timestamp.ts'

interface ValidateFlags { kind?: string; gaps?: string; json?: boolean }

/** `optvault data validate FILE`: reads any supported dataset, prints what is in it and every problem with
 * `file:line:column`, exits 2 when there is an error (gaps are errors under `--gaps error`, the default). */
export function registerDataValidate(data: Command, io: CliIo): void {
  data.command('validate')
    .description('Check a dataset: sorted unique timestamps, gaps beyond the bar size, OHLC consistency, prices, '
      + 'chain bid/ask and IV range. Reads canonical CSV/Parquet and the known source layouts (see data/README.md).')
    .argument('<file>', 'dataset file (.csv, .json, .parquet)')
    .option('--kind <kind>', `what the file must hold: ${SERIES_KINDS.join(' | ')} (default: detected)`)
    .option('--gaps <policy>', 'error | skip | forward-fill: gaps are errors, warnings, or filled (default error)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, flags: ValidateFlags) => {
      const kind = flags.kind
      if (kind !== undefined && !SERIES_KINDS.includes(kind as SeriesKind)) {
        throw new InputError('--kind', 'kind', `must be one of ${SERIES_KINDS.join(', ')}, got "${kind}"`)
      }
      const gaps = flags.gaps ?? 'error'
      if (!GAP_POLICIES.includes(gaps as GapPolicy)) {
        throw new InputError('--gaps', 'gaps', `must be one of ${GAP_POLICIES.join(', ')}, got "${gaps}"`)
      }
      // the readers (csv-parse, hyparquet) load on use, so start-up stays light
      const { loadSeries } = await import('../../../data/read/loadSeries.ts')
      const { formatReport, problemText, problemWhere } = await import('../../../data/validate/validationReport.ts')
      const { report } = await loadSeries(file, { ...(kind === undefined ? {} : { kind: kind as SeriesKind }), gaps: gaps as GapPolicy, throwOnError: false })
      io.out(flags.json === true ? `${JSON.stringify(reportJson(report), null, 2)}\n` : formatReport(report))
      if (report.errors > 0) {
        const first = report.problems[0]!
        throw new InputError(problemWhere(file, first), first.column, `${problemText(report.format, first)}; ${report.errors} error(s) in ${file}`,
          first.code === 'gap' ? 'pass --gaps skip to accept gaps, or --gaps forward-fill to fill them' : undefined)
      }
    })
}

// Timestamps as ISO text and NaN as null, so the JSON reads the way the text summary does.
function reportJson(r: ValidationReport): unknown {
  const t = (ms: number): string | null => (Number.isFinite(ms) ? formatTimestamp(ms) : null)
  const n = (x: number): number | null => (Number.isFinite(x) ? x : null)
  return {
    ...r,
    firstTs: t(r.firstMs), lastTs: t(r.lastMs), firstMs: n(r.firstMs), lastMs: n(r.lastMs), barMs: n(r.barMs),
    gaps: { ...r.gaps, largestAfterTs: t(r.gaps.largestAfterMs), largestAfterMs: n(r.gaps.largestAfterMs) },
    ok: r.errors === 0,
  }
}
