import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildService, resolveAuditUserId } from '../../src/bootstrap.ts'
import { loadConfig } from '../../src/config.ts'
import { SEED } from '../../src/db/seed.ts'
import { memoryLogger } from '../../src/logger.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

let db: TestDb
const root = resolve(import.meta.dirname, '../..')

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(async () => {
  await db?.close()
})

describe('start-up', () => {
  it('resolves the Delius audit user case-insensitively', async () => {
    expect(await resolveAuditUserId(db, 'accreditedprogrammesanddelius')).toBe(SEED.users.auditUser)
  })

  it('fails fast when the Delius audit user does not exist', async () => {
    await expect(resolveAuditUserId(db, 'NoSuchDeliusUser')).rejects.toThrow(
      'DB Username Not Found: Delius user NoSuchDeliusUser does not exist',
    )
  })

  it('builds the service from configuration over an open database', async () => {
    const config = loadConfig({ DATABASE_URL: 'pglite://memory', HMPPS_AUTH_URL: 'http://127.0.0.1:9/auth' })
    const service = await buildService(config, {
      logger: memoryLogger(),
      db: { ...db, close: async () => {} },
    })
    expect(service.auditUserId).toBe(SEED.users.auditUser)
    // Not ready until the entry point says it is serving; not ready again once it is stopping.
    expect((await service.app.request('/health/readiness')).status).toBe(503)
    service.process.markStarted()
    expect((await service.app.request('/health/readiness')).status).toBe(200)
    service.process.markStopping()
    const stopping = await service.app.request('/health/readiness')
    expect(stopping.status).toBe(503)
    expect(await stopping.json()).toEqual({
      status: 'OUT_OF_SERVICE',
      components: { readinessState: { status: 'OUT_OF_SERVICE' } },
    })
    expect((await service.app.request('/health/liveness')).status).toBe(200)
  })

  it('the production entry point refuses to start without configuration (no embedded fallback)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    const line = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}')
    expect(line).toMatchObject({
      level: 'error',
      problems: [
        'DATABASE_URL (or DB_URL or SPRING_DATASOURCE_URL) is required',
        'HMPPS_AUTH_URL is required',
      ],
    })
  })
})
