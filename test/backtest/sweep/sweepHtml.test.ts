import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sweepHtml } from '../../../backtest/sweep/sweepHtml.ts'
import type { SweepRow } from '../../../backtest/sweep/sweepRow.ts'
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium, openFile, type HeadlessChromium } from '../../support/chromium.ts'

// 3 deltas x 2 bands x 2 fee levels; sharpe = delta + band, plus 1 at fee 0, so each heatmap cell's best is at fee 0
const rows: SweepRow[] = []
for (const d of [0.1, 0.2, 0.3]) {
  for (const band of [0.02, 0.08]) {
    for (const fee of [0, 10]) {
      rows.push({ hash: `h${rows.length}`, params: { d, band, fee }, metrics: { sharpe: d + band + (fee === 0 ? 1 : 0), totalReturn: d } })
    }
  }
}
rows.push({ hash: 'bad', params: { d: 0.4, band: 0.02, fee: 0 }, metrics: {}, error: '<script>alert(1)</script> & more' })
const input = { title: 'Sweep of <cfg>', metric: 'sharpe', paramPaths: ['d', 'band', 'fee'], rows }

describe('sweepHtml', () => {
  const html = sweepHtml(input)

  test('a heatmap per pair of parameters; each cell is the best over the others', () => {
    expect((html.match(/<svg /g) ?? []).length).toBe(3) // (d, band), (d, fee), (band, fee)
    // d x band: 4 x 2 cells (d=0.4 only failed, so its cells are grey); best of d=0.3, band=0.08 is 1.38 at fee 0
    expect(html).toContain('<title>d=0.3 band=0.08: sharpe 1.38</title>')
    expect(html).toContain('<title>d=0.4 band=0.02: sharpe </title></rect>')
    // best cell full green, worst full red
    expect(html).toMatch(/fill="rgb\(80,220,100\)"><title>d=0.3 band=0.08: sharpe 1.38/)
    expect(html).toMatch(/fill="rgb\(230,90,100\)"><title>d=0.1 band=0.02: sharpe 1.12/)
  })

  test('text is escaped, nothing is fetched, and the bytes depend only on the input', () => {
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more')
    expect(html).toContain('Sweep of &lt;cfg&gt;')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/(src|href)=["']?https?:/)
    expect(sweepHtml(input)).toBe(html)
  })

  test('one parameter gives a single strip', () => {
    const one = sweepHtml({ ...input, paramPaths: ['d'], rows: rows.map((r) => ({ ...r, params: { d: r.params.d! } })) })
    expect((one.match(/<svg /g) ?? []).length).toBe(1)
    expect(one).toContain('<title>d=0.2: sharpe 1.28</title>')
  })
})

describe('sweep.html in headless Chromium', () => {
  let dir: string
  let browser: HeadlessChromium
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'optvault-sweep-html-'))
    browser = await launchChromium()
  }, CHROMIUM_INSTALL_TIMEOUT_MS)
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('clicking a header sorts the table numerically, again reverses it; no requests, no errors, no dialog', async () => {
    const file = join(dir, 'sweep.html')
    writeFileSync(file, sweepHtml(input))
    // sweep.html draws nothing with a script of its own, so there is no data-ready to wait for
    const { page, requests, errors, dialogs } = await openFile(browser, file, { ready: false })
    const col = await page.$$eval('#runs th', (ths) => ths.findIndex((th) => th.textContent === 'sharpe'))
    const sharpe = () => page.$$eval('#runs tbody tr', (trs, i) => trs.map((tr) => tr.children[i]!.textContent), col)
    await page.click(`#runs th[data-col="${col}"]`)
    const asc = await sharpe()
    const nums = rows.filter((r) => r.error === undefined).map((r) => r.metrics.sharpe as number).sort((a, b) => a - b)
    expect(asc.slice(0, nums.length).map(Number)).toEqual(nums.map((x) => Number(x.toPrecision(4))))
    expect(asc[asc.length - 1]).toBe('') // the failed run, with no metric, sorts last
    await page.click(`#runs th[data-col="${col}"]`)
    const desc = await sharpe()
    expect(desc.slice(0, nums.length).map(Number)).toEqual([...nums].reverse().map((x) => Number(x.toPrecision(4))))
    expect(await page.$$eval('svg.heatmap rect', (r) => r.length)).toBe(4 * 2 + 4 * 2 + 2 * 2)
    expect(requests).toEqual([pathToFileURL(file).href])
    expect(errors).toEqual([])
    expect(dialogs).toEqual([])
    await page.close()
  }, 60_000)
})
