import { describe, expect, test } from 'vitest'
import { interpolateEnv } from '../../../engine/config/interpolateEnv.ts'

describe('interpolateEnv', () => {
  const env = { KEY: 'abc', EMPTY: '', DIR: '/data' }
  test('fills set variables, in whole values and inside text', () => {
    expect(interpolateEnv('${KEY}', env)).toEqual({ ok: true, value: 'abc', vars: ['KEY'], whole: true })
    expect(interpolateEnv('${DIR}/bars.csv', env)).toEqual({ ok: true, value: '/data/bars.csv', vars: ['DIR'], whole: false })
    expect(interpolateEnv('${DIR}-${KEY}', env)).toMatchObject({ ok: true, value: '/data-abc', vars: ['DIR', 'KEY'] })
  })
  test('uses the default when the variable is unset or empty, like the shell', () => {
    expect(interpolateEnv('${NOPE:-10}', env)).toMatchObject({ ok: true, value: '10', whole: true })
    expect(interpolateEnv('${EMPTY:-x}', env)).toMatchObject({ ok: true, value: 'x' })
    expect(interpolateEnv('${KEY:-x}', env)).toMatchObject({ ok: true, value: 'abc' })
    expect(interpolateEnv('${NOPE:-}', env)).toMatchObject({ ok: true, value: '' })
  })
  test('a set-but-empty variable without default is empty, not missing', () => {
    expect(interpolateEnv('${EMPTY}', env)).toMatchObject({ ok: true, value: '' })
  })
  test('an unset variable without default is an error naming every missing variable', () => {
    const r = interpolateEnv('${A}:${KEY}:${B}', env)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem).toBe('needs environment variables A, B, which are not set')
      expect(r.fix).toContain('export A=')
    }
  })
  test('$${ is a literal ${, and text without placeholders passes through', () => {
    expect(interpolateEnv('price $${X}', env)).toMatchObject({ ok: true, value: 'price ${X}', vars: [] })
    expect(interpolateEnv('plain $5', env)).toMatchObject({ ok: true, value: 'plain $5', vars: [] })
  })
  test('malformed placeholders are errors', () => {
    expect(interpolateEnv('${KEY', env)).toMatchObject({ ok: false, problem: 'has a "${" with no closing "}"' })
    expect(interpolateEnv('${1BAD}', env)).toMatchObject({ ok: false })
    expect(interpolateEnv('${}', env)).toMatchObject({ ok: false })
  })
})
