import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { AUDIT, day, fixtureId, insert, LIVE } from './fixtures.ts'

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

const SPEC_EXAMPLE = {
  registrations: [
    {
      type: { code: 'RVHR', description: 'Very High RoSH' },
      category: { code: 'I3', description: 'IOM - Fixed' },
      date: '2000-01-01',
      nextReviewDate: '2000-06-01',
    },
  ],
}

describe('GET /case/{crn}/registrations', () => {
  it('A000001 → exactly the spec example (deregistered and soft-deleted registrations left out)', async () => {
    expect(await get('/case/A000001/registrations')).toStrictEqual({ status: 200, body: SPEC_EXAMPLE })
  })

  it('an unknown CRN → 200 with an empty list (no 404)', async () => {
    expect(await get('/case/DOESNOTEXIST/registrations')).toStrictEqual({
      status: 200,
      body: { registrations: [] },
    })
  })

  it('a person without registrations → an empty list', async () => {
    expect(await get('/case/A000002/registrations')).toStrictEqual({
      status: 200,
      body: { registrations: [] },
    })
  })

  it('a soft-deleted person has none', async () => {
    const person = () => db.kysely.updateTable('offender').where('crn', '=', 'A000001')
    await person().set({ softDeleted: 1 }).execute()
    try {
      expect((await get('/case/A000001/registrations')).body).toStrictEqual({ registrations: [] })
    } finally {
      await person().set({ softDeleted: 0 }).execute()
    }
  })

  it('omits category and next review date when null; answers in 1 round trip also with 20 more', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      registrationId: fixtureId(),
      offenderId: SEED.offenders.A000003,
      registerTypeId: SEED.registerTypes.RVHR,
      registerCategoryId: null,
      registrationDate: day(`2001-01-${String(i + 1).padStart(2, '0')}`),
      nextReviewDate: null,
      deregistered: 0,
      ...LIVE,
      ...AUDIT,
    }))
    const before = await db.countQueries(() => get('/case/A000003/registrations'))
    expect(before.count).toBe(1)
    expect(before.result.body).toStrictEqual({ registrations: [] })
    await insert(db, 'registration', rows)
    const after = await db.countQueries(() => get('/case/A000003/registrations'))
    expect(after.count).toBe(1)
    expect(after.result.body.registrations).toHaveLength(20)
    expect(after.result.body.registrations[0]).toStrictEqual({
      type: { code: 'RVHR', description: 'Very High RoSH' },
      date: '2001-01-01',
    })
  })

  it('a CRN with characters outside letters and digits → 400', async () => {
    const response = await t.request('/case/A%27000001/registrations')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ status: 400, message: 'Validation failure' })
  })
})
