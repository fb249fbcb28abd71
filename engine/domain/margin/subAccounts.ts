import { MarginInvariantError, TransferRejectedError } from '../../errors/margin.ts'
import { accountHealth } from './accountHealth.ts'
import { bookToCoin } from './bookToCoin.ts'
import type { Account, AccountHealth, MarginModel, MarketSnapshot } from './types.ts'

/** A sub-account under a parent. `cross`: shares one margin pool with the parent and the other cross subs, so a
 * profit in one covers a loss in another. `isolated`: margined alone; its losses stop at its own collateral
 * (a bankruptcy goes to the insurance fund, never to the parent). */
export interface SubAccount {
  readonly account: Account
  readonly mode: 'cross' | 'isolated'
}

/** A parent account and its sub-accounts, all in the parent's coin. */
export interface ParentAccount {
  readonly account: Account
  readonly subs: readonly SubAccount[]
}

/** One margin pool: the cross pool (parent + cross subs, id = parent id) or one isolated sub. */
export interface MarginPool {
  readonly id: string
  readonly mode: 'cross' | 'isolated'
  /** Ids of the accounts pooled here. */
  readonly members: readonly string[]
  /** Collateral and positions of all members together, as one account the margin models and liquidation take. */
  readonly account: Account
}

/** Splits a parent into margin pools: first the cross pool, then one pool per isolated sub, in order.
 * Pass the pool accounts to liquidateBook with `group = poolGroup(parent)` so an isolated bankruptcy is never
 * socialised onto its own parent.
 * @example marginPools(parent).map((p) => accountHealth(p.account, market, model)) */
export function marginPools(parent: ParentAccount): MarginPool[] {
  const cross = parent.subs.filter((s) => s.mode === 'cross').map((s) => s.account)
  for (const s of parent.subs) {
    if (s.account.currency !== parent.account.currency) {
      throw new MarginInvariantError(`sub-account ${s.account.id} is in ${s.account.currency}, its parent in ${parent.account.currency}`,
        'keep a parent and its subs in one margin coin')
    }
  }
  const members = [parent.account, ...cross]
  const pools: MarginPool[] = [{
    id: parent.account.id, mode: 'cross', members: members.map((a) => a.id),
    account: {
      id: parent.account.id, currency: parent.account.currency,
      collateral: members.flatMap((a) => a.collateral), positions: members.flatMap((a) => a.positions),
    },
  }]
  for (const s of parent.subs) if (s.mode === 'isolated') pools.push({ id: s.account.id, mode: 'isolated', members: [s.account.id], account: s.account })
  return pools
}

/** Health of every pool of the parent (see marginPools).
 * @example poolHealth(parent, market, standardMarginModel()) // [{ id: 'parent', health: 4.2, … }, { id: 'iso-1', … }] */
export function poolHealth(parent: ParentAccount, market: MarketSnapshot, model: MarginModel): (AccountHealth & { id: string; mode: 'cross' | 'isolated' })[] {
  return marginPools(parent).map((p) => ({ id: p.id, mode: p.mode, ...accountHealth(p.account, market, model) }))
}

/** For liquidateBook's `group`: every account id of this parent, pool id or member id, maps to the parent's id.
 * @example liquidateBook(pools.map((p) => p.account), fund, market, model, DEFAULT_LIQUIDATION, poolGroup(parent)) */
export function poolGroup(parent: ParentAccount): (accountId: string) => string {
  const ids = new Set([parent.account.id, ...parent.subs.map((s) => s.account.id)])
  return (id) => (ids.has(id) ? parent.account.id : id)
}

/** Moves `amountCoin` of margin coin from one member (parent or sub) to another. Rejected with
 * TransferRejectedError when the source's pool would be left with equity below its initial margin, or the source
 * holds less coin than that; a move inside the cross pool changes no pool and only needs the coin.
 * @example transferBetweenSubs(parent, 'parent', 'iso-1', 0.5, market, standardMarginModel()) */
export function transferBetweenSubs(parent: ParentAccount, fromId: string, toId: string, amountCoin: number,
  market: MarketSnapshot, model: MarginModel): ParentAccount {
  if (!(amountCoin > 0)) throw new MarginInvariantError(`transfer amount must be positive, got ${amountCoin}`, 'pass a positive amount of margin coin')
  const all = [parent.account, ...parent.subs.map((s) => s.account)]
  const from = all.find((a) => a.id === fromId)
  const to = all.find((a) => a.id === toId)
  if (from === undefined || to === undefined || fromId === toId) {
    throw new MarginInvariantError(`transfer ${fromId} -> ${toId}: both must be distinct accounts of ${parent.account.id}`,
      `use ids among ${all.map((a) => a.id).join(', ')}`)
  }
  const pools = marginPools(parent)
  const poolOf = (id: string): MarginPool => pools.find((p) => p.members.includes(id)) as MarginPool
  const coin = from.collateral.filter((c) => c.asset === from.currency).reduce((s, c) => s + c.amount, 0)
  let max = coin
  const src = poolOf(fromId)
  if (src !== poolOf(toId)) {
    const h = accountHealth(src.account, market, model)
    max = Math.min(max, h.equity - h.im)
  }
  if (amountCoin > max) throw new TransferRejectedError(fromId, amountCoin, max)
  const move = (a: Account): Account => (a.id === fromId ? bookToCoin(a, -amountCoin) : a.id === toId ? bookToCoin(a, amountCoin) : a)
  return { account: move(parent.account), subs: parent.subs.map((s) => ({ ...s, account: move(s.account) })) }
}
