import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'
import type { RecordedSnapshot } from '../../../data/fetch/recordChain.ts'
import { exchangeFromFlags, withExchangeFlags, type ExchangeFlags } from './dataFetch.ts'

interface RecordFlags extends ExchangeFlags {
  exchange?: string; currency?: string; every?: string; out?: string; once?: boolean; quoteIvs?: boolean
}

/** `optvault data record-chain`: snapshots a whole option chain now (`--once`, for cron) or at every UTC
 * multiple of `--every` until SIGINT or SIGTERM, appending to DIR/chain-YYYY-MM-DD.csv. */
export function registerDataRecordChain(data: Command, io: CliIo): void {
  withExchangeFlags(data.command('record-chain')
    .description('Record option-chain snapshots into daily chain CSVs DIR/chain-YYYY-MM-DD.csv (bid/ask/mark in the '
      + 'underlying coin, IVs as fractions). Runs until Ctrl-C, snapshotting at UTC multiples of --every.')
    .option('--exchange <id>', 'ccxt exchange id with an option chain (default deribit)')
    .option('--currency <c>', 'underlying coin, BTC or ETH (default BTC)')
    .option('--every <period>', 'snapshot interval: 30s, 15m, 1h, 1d (default 1h); snapshots fall on UTC multiples of it')
    .option('--out <dir>', 'folder for the daily chain files')
    .option('--once', 'take one snapshot now and exit (for cron and tests)')
    .option('--no-quote-ivs', 'skip the per-option ticker requests that give bid_iv and ask_iv (leaves them empty)'))
    .action(async (f: RecordFlags) => {
      const { parseEvery, recordChainSnapshot, runChainRecorder } = await import('../../../data/fetch/recordChain.ts')
      const id = f.exchange ?? 'deribit'
      const currency = (f.currency ?? 'BTC').toUpperCase()
      if (f.out === undefined || f.out.trim() === '') throw new InputError('--out', 'out', 'is required')
      const everyText = f.every ?? '1h'
      const everyMs = parseEvery(everyText)
      if (everyMs === undefined) throw new InputError('--every', 'every', `is not a period, got "${everyText}"`, 'write 30s, 15m, 1h or 1d')
      const { exchange, retry } = await exchangeFromFlags(id, f, io)
      const base = { exchange, currency, dir: f.out, retry, quoteIvs: f.quoteIvs !== false }
      const say = (s: RecordedSnapshot) => {
        if (f.json === true) io.out(`${JSON.stringify(s)}\n`)
        else if (f.quiet !== true) io.out(`${s.ts} ${s.rows === 0 ? 'skipped (not newer than the file)' : `${s.rows} rows -> ${s.file}`}\n`)
      }
      if (f.once === true) {
        say(await recordChainSnapshot(base))
        return
      }
      const stop = new AbortController()
      const onSignal = (sig: string) => {
        if (f.quiet !== true) io.err(`${sig}: stopping after the snapshot in flight, if any\n`)
        stop.abort()
      }
      const onInt = () => onSignal('SIGINT')
      const onTerm = () => onSignal('SIGTERM')
      process.once('SIGINT', onInt)
      process.once('SIGTERM', onTerm)
      if (f.quiet !== true) io.err(`recording ${id} ${currency} options every ${everyText} into ${f.out}; Ctrl-C stops\n`)
      try {
        await runChainRecorder({
          ...base, everyMs, signal: stop.signal, onSnapshot: say,
          // a failed snapshot is reported and the next one is tried: one bad hour must not end a week of recording
          onError: (e) => io.err(`snapshot failed: ${e instanceof Error ? e.message : String(e)}\n`),
        })
      } finally {
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
      }
      if (f.quiet !== true) io.err('stopped\n')
    })
}
