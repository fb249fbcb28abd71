#!/usr/bin/env node
// The published entry point. tsx compiles the TypeScript sources on load, so `npx optvault` works
// straight after `npm ci` with no build step, and user strategies written in .ts load the same way.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../engine/cli/main.ts')
process.exitCode = await main(process.argv)
