// Cost of reading a config: parse with positions, interpolate, validate, map errors (npm run bench -- config).
// Baseline: YAML.parse of the same text, the least any YAML config loader does. Target: a config loads in
// under 20 ms, so `optvault` commands start without a noticeable pause.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { medianMs, report } from '../../support/bench.ts'
import { parseConfigText } from '../../../engine/config/parseConfigText.ts'
import { ConfigInvalidError } from '../../../engine/errors/config.ts'

const file = new URL('../../../config/covered-call.yaml', import.meta.url)
const text = readFileSync(file, 'utf8')
// the same file with four mistakes: unknown key, enum typo, range, missing env var
const bad = text.replace('  band: 0.05', '  band: 5\n  bnad: 1').replace('barSize: 1h', 'barSize: 1hr')
  .replace('initialNav: 10 ', 'initialNav: ${NAV} ')

const N = 50
const baseline = medianMs(() => { for (let i = 0; i < N; i++) parse(text) }) / N
const ok = medianMs(() => { for (let i = 0; i < N; i++) parseConfigText(text, 'config/covered-call.yaml', { env: {} }) }) / N
// a new file name each time misses the schema cache: what the first config a process reads costs
let k = 0
const cold = medianMs(() => { for (let i = 0; i < N; i++) parseConfigText(text, `config/cold-${k++}.yaml`, { env: {} }) }) / N
const errs = medianMs(() => {
  for (let i = 0; i < N; i++) {
    try { parseConfigText(bad, 'config/covered-call.yaml', { env: {} }) } catch (e) { if (!(e instanceof ConfigInvalidError) || e.errors.length !== 4) throw e }
  }
}) / N

report('baseline: YAML.parse covered-call.yaml', `${baseline.toFixed(3)} ms`)
report('parseConfigText covered-call.yaml (valid, warm)', `${ok.toFixed(3)} ms, ${(ok / baseline).toFixed(1)}x baseline`, { ok: ok < 20, text: '< 20 ms' })
report('parseConfigText, first read of a location (cold schema)', `${cold.toFixed(3)} ms, ${(cold / baseline).toFixed(1)}x baseline`, { ok: cold < 20, text: '< 20 ms' })
report('parseConfigText with 4 errors', `${errs.toFixed(3)} ms, ${(errs / baseline).toFixed(1)}x baseline`, { ok: errs < 20, text: '< 20 ms' })
