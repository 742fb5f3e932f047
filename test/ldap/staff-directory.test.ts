import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { memoryLogger } from '../../src/logger.ts'
import { createLdapStaffDirectory } from '../../src/services/ldap-staff-directory.ts'
import type { StaffDirectory } from '../../src/services/staff-directory.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { LDAP_BIND_DN, LDAP_BIND_PASSWORD, startTestLdap, type TestLdap } from './ldap-server.ts'

let server: TestLdap
const open: StaffDirectory[] = []

function directory(options: { url?: string; password?: string; timeoutMs?: number } = {}) {
  const logger = memoryLogger()
  const dir = createLdapStaffDirectory({
    url: options.url ?? server.url,
    bindDn: LDAP_BIND_DN,
    bindPassword: options.password ?? LDAP_BIND_PASSWORD,
    timeoutMs: options.timeoutMs,
    logger,
  })
  open.push(dir)
  return { dir, logger }
}

/** A loopback port with nothing listening (a server started and stopped). */
async function deadPort(): Promise<number> {
  const temporary = await startTestLdap()
  await temporary.stop()
  return temporary.port
}

const warnings = (logger: ReturnType<typeof memoryLogger>) =>
  logger.lines.filter((line) => line.level === 'warn')

beforeAll(async () => {
  server = await startTestLdap()
})

afterEach(async () => {
  for (const dir of open.splice(0)) await dir.close?.()
  server.delayMs = 0
})

afterAll(async () => {
  await server?.stop()
})

describe('LDAP staff directory against a real LDAP server on loopback', () => {
  it('finds the seed user’s mail by cn, case-insensitively, keyed by the names asked for', async () => {
    const { dir, logger } = directory()
    expect(await dir.emailsOf([SEED.usernames.testUser])).toStrictEqual(
      new Map([['TestUser', 'test@example.com']]),
    )
    expect(await dir.emailsOf(['TESTUSER'])).toStrictEqual(new Map([['TESTUSER', 'test@example.com']]))
    expect(warnings(logger)).toStrictEqual([])
  })

  it('unknown users, users without mail, and entries outside ou=Users one level down give nothing', async () => {
    const { dir } = directory()
    expect(await dir.emailsOf(['NoSuchUser', 'NoMailUser', SEED.usernames.limitedAccessUser])).toStrictEqual(
      new Map(),
    )
  })

  it('several names → one search with an OR filter, over one bound connection reused across lookups', async () => {
    const { dir } = directory()
    const searches = server.searches.length
    const binds = server.binds
    const connections = server.connections
    const found = await dir.emailsOf(['TestUser', 'NoSuchUser', 'NoMailUser'])
    expect(found).toStrictEqual(new Map([['TestUser', 'test@example.com']]))
    expect(server.searches.slice(searches)).toStrictEqual([
      '(&(objectclass=inetOrgPerson)(objectclass=top)(|(cn=TestUser)(cn=NoSuchUser)(cn=NoMailUser)))',
    ])
    await Promise.all([dir.emailsOf(['TestUser']), dir.emailsOf(['TestUser']), dir.emailsOf(['NoSuchUser'])])
    await dir.emailsOf(['TestUser'])
    expect(server.binds - binds).toBe(1)
    expect(server.connections - connections).toBe(1)
    expect(server.searches.length - searches).toBe(5)
  })

  it('filter characters in a user name are escaped, so a name cannot widen the search', async () => {
    const { dir } = directory()
    expect(await dir.emailsOf(['*'])).toStrictEqual(new Map())
    expect(await dir.emailsOf(['x)(cn=TestUser'])).toStrictEqual(new Map())
    expect(server.searches.at(-1)).toBe(
      '(&(objectclass=inetOrgPerson)(objectclass=top)(|(cn=x\\29\\28cn=TestUser)))',
    )
  })

  it('no names → no LDAP traffic', async () => {
    const { dir } = directory()
    const connections = server.connections
    expect(await dir.emailsOf([])).toStrictEqual(new Map())
    expect(server.connections).toBe(connections)
  })

  it('LDAP down → no e-mails and a warning, never an error', async () => {
    const { dir, logger } = directory({ url: `ldap://127.0.0.1:${await deadPort()}` })
    expect(await dir.emailsOf(['TestUser'])).toStrictEqual(new Map())
    expect(warnings(logger)).toMatchObject([
      {
        message: 'Staff e-mail lookup failed; e-mails left out',
        ldapUrl: expect.stringContaining('127.0.0.1'),
      },
    ])
  })

  it('a wrong bind password → no e-mails and a warning (the password is not logged)', async () => {
    const { dir, logger } = directory({ password: 'wrong' })
    expect(await dir.emailsOf(['TestUser'])).toStrictEqual(new Map())
    expect(warnings(logger)).toHaveLength(1)
    expect(JSON.stringify(logger.lines)).not.toContain('wrong')
  })

  it('a directory slower than the timeout → no e-mails within the timeout, and a warning', async () => {
    server.delayMs = 3_000
    const { dir, logger } = directory({ timeoutMs: 200 })
    const started = performance.now()
    expect(await dir.emailsOf(['TestUser'])).toStrictEqual(new Map())
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(warnings(logger)).toHaveLength(1)
    server.delayMs = 0
    // The next lookup opens a fresh connection and works.
    expect(await dir.emailsOf(['TestUser'])).toStrictEqual(new Map([['TestUser', 'test@example.com']]))
  })

  it('a dropped connection is replaced (and bound again) on the next lookup', async () => {
    const { dir } = directory()
    expect((await dir.emailsOf(['TestUser'])).size).toBe(1)
    const binds = server.binds
    server.dropConnections()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await dir.emailsOf(['TestUser'])).toStrictEqual(new Map([['TestUser', 'test@example.com']]))
    expect(server.binds - binds).toBe(1)
  })

  it('recovers when a directory that was down comes back on the same port', async () => {
    const port = await deadPort()
    const { dir, logger } = directory({ url: `ldap://127.0.0.1:${port}` })
    expect(await dir.emailsOf(['TestUser'])).toStrictEqual(new Map())
    const revived = await startTestLdap({ port })
    try {
      expect(await dir.emailsOf(['TestUser'])).toStrictEqual(new Map([['TestUser', 'test@example.com']]))
      expect(warnings(logger)).toHaveLength(1)
    } finally {
      await dir.close?.()
      await revived.stop()
    }
  })
})

describe('staff e-mail in API answers', () => {
  let db: TestDb
  let t: TestApp
  let down: TestApp
  let downLogger: ReturnType<typeof memoryLogger>

  beforeAll(async () => {
    db = await createTestDb()
    t = await createTestApp(db, { staffDirectory: directory().dir })
    const unreachable = directory({ url: `ldap://127.0.0.1:${await deadPort()}` })
    downLogger = unreachable.logger
    down = await createTestApp(db, { staffDirectory: unreachable.dir, auth: t.auth })
  })

  afterAll(async () => {
    await down?.close()
    await t?.close()
    await db?.close()
  })

  it('requirements list: one LDAP search for all managers, the e-mail on each', async () => {
    const searches = server.searches.length
    const response = await t.request('/case/A000001/requirements')
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.content).toHaveLength(3)
    for (const item of body.content) expect(item.manager.staff.email).toBe('test@example.com')
    expect(server.searches.length - searches).toBe(1)
  })

  it('LDAP down → 200, e-mail omitted, a warning logged', async () => {
    const response = await down.request('/case/A000001/personal-details')
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.probationPractitioner).toStrictEqual({
      name: { forename: 'Forename', surname: 'Surname' },
      code: 'STAFF01',
    })
    const requirement = await down.request(`/case/A000001/requirement/${SEED.requirements[0]}`)
    expect(requirement.status).toBe(200)
    expect((await requirement.json()).manager.staff).not.toHaveProperty('email')
    expect(warnings(downLogger).length).toBeGreaterThanOrEqual(2)
    expect(warnings(downLogger)[0]).toMatchObject({ message: 'Staff e-mail lookup failed; e-mails left out' })
  })
})
