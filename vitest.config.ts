import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fastCheckSeed.ts', 'test/setup/cacheDir.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
