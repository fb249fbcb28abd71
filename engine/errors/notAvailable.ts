import { OptvaultError } from './base.ts'

/** A command or feature that this version does not have yet. Exits 1 with a plain message, never a stack trace. */
export class NotAvailableError extends OptvaultError {
  override name = 'NotAvailableError'
  constructor(what: string) {
    super(`${what} is not yet available in this version of optvault.`, {
      fix: 'See the README for what works today, or run `optvault --help`.',
    })
  }
}
