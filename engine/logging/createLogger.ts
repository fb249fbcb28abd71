import pino, { type DestinationStream, type Logger } from 'pino'

export type { Logger } from 'pino'

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
export const REDACT_PATHS = [
  'apiKey', 'secret', 'password', 'privateKey', 'rpcUrl', 'keystorePassword', 'authorization', 'Authorization',
  '*.apiKey', '*.secret', '*.password', '*.privateKey', '*.rpcUrl', '*.authorization', '*.Authorization',
  'headers.authorization', 'headers.Authorization', '*.headers.authorization', '*.headers.Authorization', 'credentials',
]

export interface LoggerOptions {
  readonly level?: string
  /** Where lines go; default stderr, so stdout stays for the command's own output. */
  readonly destination?: DestinationStream
  /** Secret values to scrub from every line, whatever key or message they hide in (an error message that quotes a
   * URL with a key, a stack trace). The path-based redaction above is the first line; this is the second. */
  readonly secrets?: readonly string[]
}

/** A pino logger (JSON lines) with secrets redacted twice: by key path, and by value in the finished line.
 * @example const log = createLogger({ secrets: [apiKey.reveal()] }); log.info({ clientId }, 'order sent') */
export function createLogger(o: LoggerOptions = {}): Logger {
  const values = (o.secrets ?? []).filter((s) => s.length >= 4)
  const scrub = (line: string): string => {
    let out = line
    for (const v of values) if (out.includes(v)) out = out.split(v).join('[redacted]')
    return out
  }
  const dest = o.destination ?? pino.destination(2)
  return pino({
    level: o.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: scrub },
  }, dest)
}
