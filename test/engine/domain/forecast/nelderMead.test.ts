import { expect, test } from 'vitest'
import { nelderMead } from '../../../../engine/domain/forecast/nelderMead.ts'

test('Nelder-Mead finds the minimum of the Rosenbrock function at (1, 1) (Rosenbrock 1960)', () => {
  const r = nelderMead((x) => 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2 + (1 - (x[0] as number)) ** 2, [-1.2, 1], { tol: 1e-14, maxIter: 5000 })
  expect(r.x[0]).toBeCloseTo(1, 4)
  expect(r.x[1]).toBeCloseTo(1, 4)
  expect(r.value).toBeLessThan(1e-8)
})
