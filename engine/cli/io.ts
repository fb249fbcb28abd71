/** Where a command writes. The CLI passes process streams; tests pass buffers, so commands never touch `process`. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  /** True when stdout is a terminal: progress bars and colours only then. */
  readonly isTty: boolean
}

export const processIo: CliIo = {
  out: (text) => { process.stdout.write(text) },
  err: (text) => { process.stderr.write(text) },
  isTty: Boolean(process.stdout.isTTY),
}

/** A CliIo that keeps what was written, for tests and for commands that call other commands. */
export function bufferIo(): CliIo & { stdout: () => string; stderr: () => string } {
  let o = ''
  let e = ''
  return {
    out: (t) => { o += t },
    err: (t) => { e += t },
    isTty: false,
    stdout: () => o,
    stderr: () => e,
  }
}
