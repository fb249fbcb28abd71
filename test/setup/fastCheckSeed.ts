/** Property tests explore new random inputs on every local run; in CI they replay one fixed seed, so a green main
 * stays green and a failure found locally is reproduced with FC_SEED=<seed printed by fast-check>. */
import fc from 'fast-check'

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261126' : undefined)
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) })
