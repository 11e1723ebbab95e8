import { defineConfig } from 'vitest/config'

/**
 * Integration tests against real servers (`npm run test:integration`): Request Tracker 5, and lighttpd + git
 * http-backend for team knowledge sync, installed from Debian
 * packages on loopback. Kept out of `npm test` (their files end in `.integration.ts`): they need root and minutes.
 */
export default defineConfig({
  test: {
    name: 'integration',
    environment: 'node',
    include: ['tests/integration/**/*.integration.ts'],
    testTimeout: 180_000,
    hookTimeout: 11 * 60_000,
    fileParallelism: false
  }
})
