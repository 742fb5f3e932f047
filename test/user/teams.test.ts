import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

let db: TestDb
let t: TestApp

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
})

afterAll(async () => {
  await t?.close()
  await db?.close()
})

const get = async (path: string) => {
  const response = await t.request(path)
  return { status: response.status, body: await response.json() }
}

const TEAM01 = {
  code: 'TEAM01',
  description: 'Test Team',
  pdu: { code: 'PDU1', description: 'Test PDU' },
  region: { code: 'PA1', description: 'Test Provider' },
}

describe('GET /user/{username}/teams', () => {
  it('TestUser → exactly the spec example', async () => {
    expect(await get('/user/TestUser/teams')).toStrictEqual({ status: 200, body: { teams: [TEAM01] } })
  })

  it('the user name is compared case-insensitively', async () => {
    expect((await get('/user/TESTUSER/teams')).body).toStrictEqual({ teams: [TEAM01] })
  })

  it('an unknown user, or a user without staff → 200 with no teams', async () => {
    expect(await get('/user/NoSuchUser/teams')).toStrictEqual({ status: 200, body: { teams: [] } })
    expect(await get(`/user/${SEED.usernames.limitedAccessUser}/teams`)).toStrictEqual({
      status: 200,
      body: { teams: [] },
    })
  })

  it('ended teams are left out (even with a future end date); the rest by code, in 1 round trip', async () => {
    const staffTeam = (teamId: number) => ({ staffId: SEED.staff.STAFF01, teamId })
    await db.kysely.insertInto('staffTeam').values(staffTeam(SEED.teams.N07AP9)).execute()
    await db.kysely.insertInto('staffTeam').values(staffTeam(SEED.teams.TEAM03)).execute()
    await db.kysely.insertInto('staffTeam').values(staffTeam(SEED.teams.N07AP2)).execute()
    await db.kysely
      .updateTable('team')
      .set({ endDate: '2099-01-01 00:00:00' })
      .where('teamId', '=', SEED.teams.N07AP2)
      .execute()
    try {
      const { result, count } = await db.countQueries(() => get('/user/TestUser/teams'))
      expect(count).toBe(1)
      expect(result).toStrictEqual({
        status: 200,
        body: {
          teams: [
            TEAM01,
            {
              code: 'TEAM03',
              description: 'A Third Team',
              pdu: { code: 'PDU2', description: 'A Second PDU' },
              region: { code: 'PA1', description: 'Test Provider' },
            },
          ],
        },
      })
    } finally {
      await db.kysely
        .updateTable('team')
        .set({ endDate: null })
        .where('teamId', '=', SEED.teams.N07AP2)
        .execute()
      await db.kysely
        .deleteFrom('staffTeam')
        .where('staffId', '=', SEED.staff.STAFF01)
        .where('teamId', '<>', SEED.teams.TEAM01)
        .execute()
    }
  })

  it('a user name with characters a Delius user name cannot have → 400', async () => {
    const { status, body } = await get(`/user/${encodeURIComponent('a b')}/teams`)
    expect(status).toBe(400)
    expect(body).toMatchObject({
      status: 400,
      message: 'Validation failure',
      fields: [{ field: 'username' }],
    })
  })
})
