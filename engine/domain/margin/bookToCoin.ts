import type { Account, Collateral } from './types.ts'

/** Adds `amountCoin` (negative to take away) to the account's margin-coin collateral line, creating the line if
 * absent. Realised P&L, penalties, funding and transfers all land here, so the other collateral lines keep their
 * amounts and haircuts.
 * @example bookToCoin(account, -0.01) // the BTC line of a BTC account is 0.01 lower */
export function bookToCoin(account: Account, amountCoin: number): Account {
  if (amountCoin === 0) return account
  const i = account.collateral.findIndex((c) => c.asset === account.currency)
  const collateral: Collateral[] = [...account.collateral]
  const line = collateral[i]
  if (line === undefined) collateral.push({ asset: account.currency, amount: amountCoin, haircut: 0 })
  else collateral[i] = { ...line, amount: line.amount + amountCoin }
  return { ...account, collateral }
}
