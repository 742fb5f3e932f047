import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // PGlite opens in ~1 s from a template copy; a PostgreSQL database in ~0.3 s.
    hookTimeout: 60_000,
    // The Oracle mode translates and grammar-checks each new statement shape on first use.
    testTimeout: process.env.TEST_DB === 'oracle' ? 90_000 : 30_000,
    pool: 'forks',
    // Independent of the host's zone: Delius time is Europe/London, handled explicitly.
    env: { TZ: process.env.TZ ?? 'UTC' },
  },
})
