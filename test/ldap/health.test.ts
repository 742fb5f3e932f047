import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src/logger.ts'
import { createLdapStaffDirectory } from '../../src/services/ldap-staff-directory.ts'
import type { StaffDirectory } from '../../src/services/staff-directory.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { LDAP_BIND_DN, LDAP_BIND_PASSWORD, startTestLdap, type TestLdap } from './ldap-server.ts'

/** Issue 15 item 4: with LDAP configured, /health also aggregates an `ldap` component (as Spring Boot's). */
let server: TestLdap
let db: TestDb
const apps: TestApp[] = []
const directories: StaffDirectory[] = []

beforeAll(async () => {
  ;[server, db] = await Promise.all([startTestLdap(), createTestDb()])
})
afterAll(async () => {
  for (const app of apps) await app.close()
  for (const directory of directories) await directory.close?.()
  await server?.stop()
  await db?.close()
})

async function appWith(options: { url?: string; password?: string }) {
  const directory = createLdapStaffDirectory({
    url: options.url ?? server.url,
    bindDn: LDAP_BIND_DN,
    bindPassword: options.password ?? LDAP_BIND_PASSWORD,
    timeoutMs: 1_000,
    logger: memoryLogger(),
  })
  directories.push(directory)
  const app = await createTestApp(db, { staffDirectory: directory, auth: apps[0]?.auth })
  apps.push(app)
  return app
}

describe('the ldap health component', () => {
  it('UP when the directory answers a bound search', async () => {
    const app = await appWith({})
    const health = await app.request('/health', { token: null })
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'UP',
      components: { ldap: { status: 'UP' }, db: { status: 'UP' } },
    })
    expect(await (await app.request('/health/ldap', { token: null })).json()).toEqual({ status: 'UP' })
  })

  it.each([
    ['a refused bind', { password: 'wrong' }],
    ['nothing listening', { url: 'ldap://127.0.0.1:1' }],
  ])('DOWN on %s: /health 503, the probes still UP', async (_case, options) => {
    const app = await appWith(options)
    const health = await app.request('/health', { token: null })
    expect(health.status).toBe(503)
    const body = await health.json()
    expect(body).toMatchObject({
      status: 'DOWN',
      components: { ldap: { status: 'DOWN' }, db: { status: 'UP' } },
    })
    expect(JSON.stringify(body)).not.toContain('wrong')
    expect((await app.request('/health/ldap', { token: null })).status).toBe(503)
    expect((await app.request('/health/readiness', { token: null })).status).toBe(200)
    expect((await app.request('/health/liveness', { token: null })).status).toBe(200)
  })
})
