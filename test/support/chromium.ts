/** A real headless Chromium for browser tests: Debian's /usr/bin/chromium, installed with apt on first use (never
 * Playwright's own download), driven over the DevTools protocol by playwright-core. Everything stays on this machine:
 * the flags turn off background networking, component updates, sync and QUIC, and each launch gets a fresh profile
 * directory that close() deletes. */
import { spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'
/** Held while installing, so parallel test files wait for one apt run instead of racing two. */
const INSTALL_LOCK = '/tmp/optvault-chromium.lock'
/** apt-get update + install of chromium and its libraries takes minutes on a cold machine: give hooks this much. */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 15 * 60_000

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

function isExecutable(path: string): boolean {
  try { accessSync(path, constants.X_OK); return true } catch { return false }
}

/** Returns the Chromium path, installing Debian's package first when it is missing. Idempotent: the check runs again
 * inside the lock, so a second caller that waited on it finds the browser and installs nothing. */
export async function ensureChromium(): Promise<string> {
  if (isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH
  const script = `test -x ${CHROMIUM_PATH} || (apt-get update && apt-get install -y chromium)`
  const output: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const p = spawn('flock', [INSTALL_LOCK, 'sh', '-c', script], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    p.stdout.on('data', (d: Buffer) => output.push(d.toString()))
    p.stderr.on('data', (d: Buffer) => output.push(d.toString()))
    p.on('error', reject)
    p.on('close', resolve)
  })
  if (code !== 0 || !isExecutable(CHROMIUM_PATH)) {
    throw new Error(`could not install chromium (apt exit ${code}); last output:\n${output.join('').slice(-2000)}`)
  }
  return CHROMIUM_PATH
}

export interface HeadlessChromium {
  /** A browser context with the fresh profile; open pages with `context.newPage()`. */
  readonly context: BrowserContext
  readonly userDataDir: string
  /** Closes the browser and deletes the profile directory. */
  close(): Promise<void>
}

/** Launches headless Chromium with a fresh `--user-data-dir` (Playwright passes it from launchPersistentContext,
 * which is its only way to set one) and the no-network flags.
 * @example const b = await launchChromium(); const page = await b.context.newPage(); ...; await b.close() */
export async function launchChromium(o: { viewport?: { width: number; height: number } } = {}): Promise<HeadlessChromium> {
  const executablePath = await ensureChromium()
  const userDataDir = mkdtempSync(join(tmpdir(), 'optvault-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: FLAGS, viewport: o.viewport ?? { width: 1440, height: 900 },
    offline: false, serviceWorkers: 'block',
  })
  return {
    context, userDataDir,
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** A page of a local HTML file, and everything it did: requests (URLs), console errors and warnings, uncaught
 * errors, dialogs. With `ready` (default), waits until the page's script set body[data-ready] or body[data-error],
 * as the backtest and cascade reports do.
 * @example const { page, requests, errors } = await openFile(browser, '/tmp/report.html') */
export async function openFile(browser: HeadlessChromium, file: string, o: { ready?: boolean } = {}) {
  const page = await browser.context.newPage()
  const requests: string[] = []
  const errors: string[] = []
  const dialogs: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`) })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
  await page.goto(pathToFileURL(file).href)
  if (o.ready ?? true) await page.waitForSelector('body[data-ready], body[data-error]', { timeout: 20_000 })
  return { page, requests, errors, dialogs }
}
