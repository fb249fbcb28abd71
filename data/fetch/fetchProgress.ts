import { SingleBar } from 'cli-progress'

/** Where progress goes: the CLI passes its CliIo; only `err` and `isTty` are used. */
export interface ProgressSink {
  err(text: string): void
  readonly isTty: boolean
}

/** Reports a download: a cli-progress bar on a terminal, one plain line at most every `everyMs` otherwise
 * (logs and CI), nothing when quiet. Always on stderr, so `--json` output on stdout stays parseable. */
export interface FetchProgress {
  /** `fraction` in [0, 1] of the requested time range covered so far; `rows` appended so far. */
  update(fraction: number, rows: number, note: string): void
  stop(): void
}

export function createFetchProgress(sink: ProgressSink, o: { quiet?: boolean; label: string; everyMs?: number }): FetchProgress {
  if (o.quiet === true) return { update: () => {}, stop: () => {} }
  if (sink.isTty) {
    // the bar needs cursor control, which only a real terminal stream has
    const bar = new SingleBar({
      format: `${o.label} [{bar}] {percentage}% | {rows} rows | {note}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    })
    bar.start(1000, 0, { rows: 0, note: '' })
    let running = true
    return {
      update: (fraction, rows, note) => { if (running) bar.update(Math.round(clamp01(fraction) * 1000), { rows, note }) },
      stop: () => { if (running) { running = false; bar.stop() } },
    }
  }
  const everyMs = o.everyMs ?? 2_000
  let lastAt = 0
  let last = ''
  return {
    update: (fraction, rows, note) => {
      last = `${o.label}: ${(clamp01(fraction) * 100).toFixed(1)}%, ${rows} rows, ${note}\n`
      const t = Date.now()
      if (t - lastAt >= everyMs) { sink.err(last); lastAt = t; last = '' }
    },
    stop: () => { if (last !== '') sink.err(last) },
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0
}
