import { OptvaultError } from './base.ts'

/** A broken invariant in the margin engine: a position without a mark, a NaN price, a negative size where
 * none is allowed. It means the caller built the account or market wrongly, so it fails fast (exit 1).
 * @example throw new MarginInvariantError('no mark for BTC-28JUN24-60000-C', 'give market.optionMarks or market.optionVols for it') */
export class MarginInvariantError extends OptvaultError {
  override name = 'MarginInvariantError'
  constructor(problem: string, fix: string) {
    super(`Margin: ${problem}.`, { fix })
  }
}

/** A transfer between sub-accounts refused because the source pool would fall below its initial margin.
 * An expected outcome, not a bug: the caller decides whether to transfer less (`maxCoin` is what fits).
 * @example throw new TransferRejectedError('desk-a', 2, 0.4) */
export class TransferRejectedError extends OptvaultError {
  override name = 'TransferRejectedError'
  constructor(readonly fromId: string, readonly amountCoin: number, readonly maxCoin: number) {
    super(`Transfer of ${amountCoin} from ${fromId} rejected: it would bring ${fromId} below initial margin.`, {
      fix: `Transfer at most ${Math.max(0, maxCoin)} (equity minus initial margin), or reduce positions first.`,
    })
  }
}
