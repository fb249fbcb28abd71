/** Every test file (and any CLI it spawns, which inherits the environment) caches loaded series in its own temp
 * folder, removed afterwards: tests never write to the user's ~/.cache, and never hit an entry left by another run. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'ov-test-cache-'))
process.env.OPTVAULT_CACHE_DIR = dir
afterAll(() => rmSync(dir, { recursive: true, force: true }))
