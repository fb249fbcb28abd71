/** Base of every error optvault raises on purpose: a short message, then where it happened and how to fix it.
 * `exitCode` is what the CLI exits with: 2 for bad input the user can fix, 1 for everything else. */
export class OptvaultError extends Error {
  override name = 'OptvaultError'
  readonly exitCode: 1 | 2 = 1
  constructor(readonly shortMessage: string, o: { where?: string; fix?: string; cause?: unknown } = {}) {
    super([shortMessage, o.where && `Where: ${o.where}`, o.fix && `Fix: ${o.fix}`].filter(Boolean).join('\n'),
      { cause: o.cause })
  }
}
