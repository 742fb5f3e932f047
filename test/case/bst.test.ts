import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { fixedClock } from '../../src/time.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import {
  day,
  disposalRow,
  eventRow,
  fixtureId,
  insert,
  offenderRow,
  personManagerRow,
  requirementManagerRow,
  requirementRow,
} from './fixtures.ts'

/**
 * British Summer Time: Delius stores London wall-clock values, the API answers dates as they are
 * and date-times with the London offset of their moment, and "today"/"now" are London's, whatever
 * the host zone (the suite runs with TZ=UTC and TZ=Europe/London).
 */
let db: TestDb
let auth: LocalAuth
const apps: TestApp[] = []

async function appAt(instant: string): Promise<TestApp> {
  const app = await createTestApp(db, { clock: fixedClock(instant), auth })
  apps.push(app)
  return app
}

async function json(app: TestApp, path: string, init?: { method?: string; body?: unknown }) {
  const response = await app.request(path, init)
  expect(response.status).toBe(200)
  return response.json()
}

/** A person with an active manager, born on `dateOfBirth`. */
async function personBorn(crn: string, dateOfBirth: string) {
  const person = offenderRow(crn, { dateOfBirthDate: day(dateOfBirth) })
  await insert(db, 'offender', [person])
  await insert(db, 'offenderManager', [personManagerRow(person.offenderId as number)])
  return person.offenderId as number
}

beforeAll(async () => {
  db = await createTestDb()
  auth = await startLocalAuth()
  await personBorn('B000001', '1980-06-15')
  await personBorn('B000002', '1990-03-29')
  await personBorn('B000003', '1990-10-25')
})

afterAll(async () => {
  for (const app of apps) await app.close()
  await auth?.stop()
  await db?.close()
})

describe('age is counted on the London date', () => {
  it.each([
    // 00:30 BST on the 15th is still the 14th in UTC: London says it is the birthday.
    ['B000001', '2026-06-14T23:30:00Z', '46 years, 0 months'],
    ['B000001', '2026-06-14T22:59:59Z', '45 years, 11 months'],
    // The night the clocks go forward (01:00 UTC on 29 March 2026).
    ['B000002', '2026-03-29T00:30:00Z', '36 years, 0 months'],
    ['B000002', '2026-03-28T23:59:59Z', '35 years, 11 months'],
    ['B000002', '2026-03-29T01:30:00Z', '36 years, 0 months'],
    // The night the clocks go back (01:00 UTC on 25 October 2026): 23:30 UTC on the 24th is 00:30 BST on the 25th.
    ['B000003', '2026-10-24T23:30:00Z', '36 years, 0 months'],
    ['B000003', '2026-10-24T22:59:59Z', '35 years, 11 months'],
    ['B000003', '2026-10-25T01:30:00Z', '36 years, 0 months'],
  ])('%s at %s → %s', async (crn, instant, age) => {
    const body = await json(await appAt(instant), `/case/${crn}/personal-details`)
    expect(body.age).toBe(age)
  })
})

describe('date-times carry the London offset of their moment; dates are never shifted', () => {
  const created = [
    ['2025-07-01 12:00:00', '2025-07-01T12:00:00+01:00'],
    ['2025-01-01 12:00:00', '2025-01-01T12:00:00Z'],
    ['2026-03-29 00:30:00', '2026-03-29T00:30:00Z'],
    ['2026-03-29 02:30:00', '2026-03-29T02:30:00+01:00'],
    // 01:30 happens twice on 25 October; like java.time, the earlier (BST) one is taken.
    ['2026-10-25 01:30:00', '2026-10-25T01:30:00+01:00'],
    ['2026-10-25 02:30:00', '2026-10-25T02:30:00Z'],
    ['2026-10-24 23:30:00', '2026-10-24T23:30:00+01:00'],
  ] as const

  it.each(created)('requirement created %s (London) → createdAt %s', async (wallClock, expected) => {
    const requirement = requirementRow(SEED.disposals.A000001[3], SEED.offenders.A000001, {
      createdDatetime: wallClock,
    })
    await insert(db, 'rqmnt', [requirement])
    await insert(db, 'rqmntManager', [requirementManagerRow(requirement.rqmntId as number)])
    const body = await json(
      await appAt('2026-07-01T12:00:00Z'),
      `/case/A000001/requirement/${requirement.rqmntId}`,
    )
    expect(body.createdAt).toBe(expected)
  })

  it('sentence dates at the clock changes come back as stored', async () => {
    const event = eventRow(SEED.offenders.A000004, '8')
    await insert(db, 'event', [event])
    await insert(db, 'disposal', [
      disposalRow(event.eventId as number, SEED.offenders.A000004, {
        disposalDate: day('2026-03-29'),
        notionalEndDate: day('2026-10-25'),
      }),
    ])
    const body = await json(await appAt('2026-10-25T00:30:00Z'), '/case/A000004/sentence/8')
    expect(body).toMatchObject({ startDate: '2026-03-29', expectedEndDate: '2026-10-25' })
  })
})

describe('"now" for limited access is London time', () => {
  it('an exclusion that ended at 00:10 London is over at 00:15 BST (23:15 UTC the day before)', async () => {
    const person = offenderRow('B000004', { exclusionMessage: 'Excluded', restrictionMessage: null })
    await insert(db, 'offender', [person])
    await insert(db, 'exclusion', [
      {
        exclusionId: fixtureId(),
        offenderId: person.offenderId as number,
        userId: SEED.users.testUser,
        exclusionDate: day('2026-01-01'),
        exclusionEndTime: '2026-06-15 00:10:00',
      },
    ])
    const check = async (instant: string) =>
      (await json(await appAt(instant), `/user/TestUser/access`, { method: 'POST', body: ['B000004'] }))
        .access[0]
    expect(await check('2026-06-14T23:15:00Z')).toStrictEqual({
      crn: 'B000004',
      userExcluded: false,
      userRestricted: false,
    })
    expect(await check('2026-06-14T23:05:00Z')).toStrictEqual({
      crn: 'B000004',
      userExcluded: true,
      userRestricted: false,
      exclusionMessage: 'Excluded',
    })
  })

  it('an office that closes at 00:10 London on 15 June is gone at 00:15 BST', async () => {
    const officeLocationId = fixtureId()
    await insert(db, 'officeLocation', [
      {
        officeLocationId,
        code: 'OFFBST1',
        description: 'Closing at midnight',
        districtId: SEED.laus.LAU2,
        probationAreaId: SEED.providers.PA1,
        startDate: day('2000-01-01'),
        endDate: '2026-06-15 00:10:00',
      },
    ])
    const offices = async (instant: string) =>
      (await json(await appAt(instant), '/regions/pdu/PDU2/office-locations')).officeLocations
    expect(await offices('2026-06-14T23:05:00Z')).toStrictEqual([
      { code: 'OFFBST1', description: 'Closing at midnight' },
    ])
    expect(await offices('2026-06-14T23:15:00Z')).toStrictEqual([])
  })
})
