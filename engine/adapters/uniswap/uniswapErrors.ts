import { OptvaultError } from '../../errors/base.ts'

/** An order the Uniswap venue cannot take: an instrument without a configured pool, a quantity that rounds to zero
 * base units, or an operation a swap venue does not have (amend). Not retryable: the order itself must change.
 * @example throw new UniswapOrderError('BTC-PERPETUAL', 'instrument', 'has no pool configured', 'add it under pairs') */
export class UniswapOrderError extends OptvaultError {
  override name = 'UniswapOrderError'
  readonly retryable = false
  constructor(readonly clientId: string, readonly field: string, problem: string, fix: string) {
    super(`${field} ${problem}.`, { where: `order ${clientId}`, fix })
  }
}
