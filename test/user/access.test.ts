import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { fixtureId, insert, offenderRow } from '../case/fixtures.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

/**
 * The limited-access check is a security control: every branch of case-details.md §2.6 is pinned
 * here. The app clock is TEST_NOW (2026-05-01 12:00 London); "active" means no end, or an end
 * after now.
 */
let db: TestDb
let t: TestApp

const TEST_USER = SEED.usernames.testUser
const LIMITED_USER = SEED.usernames.limitedAccessUser
const U = SEED.users.testUser
const OTHER = SEED.users.limitedAccessUser

const PAST = '2026-04-30 23:59:59'
const NOW = '2026-05-01 12:00:00'
const FUTURE = '2026-05-01 12:00:01'

/** People with one limited-access set-up each, all with both messages. */
const PEOPLE = {
  X000001: { exclusions: [[U, PAST]], restrictions: [] },
  X000002: { exclusions: [[U, FUTURE]], restrictions: [] },
  X000003: { exclusions: [[OTHER, null]], restrictions: [] },
  X000004: { exclusions: [], restrictions: [[OTHER, null]] },
  X000005: {
    exclusions: [],
    restrictions: [
      [U, null],
      [OTHER, null],
    ],
  },
  X000006: {
    exclusions: [],
    restrictions: [
      [U, PAST],
      [OTHER, FUTURE],
    ],
  },
  X000007: { exclusions: [], restrictions: [[OTHER, PAST]] },
  X000008: { exclusions: [[U, NOW]], restrictions: [[OTHER, NOW]] },
  X000009: { exclusions: [[U, null]], restrictions: [[OTHER, null]] },
} as const satisfies Record<
  string,
  { exclusions: (readonly [number, string | null])[]; restrictions: (readonly [number, string | null])[] }
>
type Crn = keyof typeof PEOPLE

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
  for (const [crn, { exclusions, restrictions }] of Object.entries(PEOPLE)) {
    const person = offenderRow(crn, {
      exclusionMessage: `You are excluded from ${crn}`,
      restrictionMessage: `${crn} is restricted`,
    })
    await insert(db, 'offender', [person])
    const offenderId = person.offenderId as number
    await insert(
      db,
      'exclusion',
      exclusions.map(([userId, end]) => ({
        exclusionId: fixtureId(),
        offenderId,
        userId,
        exclusionDate: '2000-01-01 00:00:00',
        exclusionEndTime: end,
      })),
    )
    await insert(
      db,
      'restriction',
      restrictions.map(([userId, end]) => ({
        restrictionId: fixtureId(),
        offenderId,
        userId,
        restrictionTime: '2000-01-01 00:00:00',
        restrictionEndTime: end,
      })),
    )
  }
  // A soft-deleted person with an active exclusion: as unknown as a CRN that does not exist.
  const deleted = offenderRow('X000010', {
    softDeleted: 1,
    exclusionMessage: 'gone',
    restrictionMessage: 'gone',
  })
  await insert(db, 'offender', [deleted])
  await insert(db, 'exclusion', [
    {
      exclusionId: fixtureId(),
      offenderId: deleted.offenderId as number,
      userId: U,
      exclusionDate: '2000-01-01 00:00:00',
      exclusionEndTime: null,
    },
  ])
})

afterAll(async () => {
  await t?.close()
  await db?.close()
})

const check = async (username: string, crns: unknown) => {
  const response = await t.request(`/user/${encodeURIComponent(username)}/access`, {
    method: 'POST',
    body: crns,
  })
  return { status: response.status, body: await response.json() }
}

const clear = (crn: string) => ({ crn, userExcluded: false, userRestricted: false })
const excluded = (crn: Crn) => ({
  crn,
  userExcluded: true,
  userRestricted: false,
  exclusionMessage: `You are excluded from ${crn}`,
})
const restricted = (crn: Crn) => ({
  crn,
  userExcluded: false,
  userRestricted: true,
  restrictionMessage: `${crn} is restricted`,
})
const both = (crn: Crn) => ({
  crn,
  userExcluded: true,
  userRestricted: true,
  exclusionMessage: `You are excluded from ${crn}`,
  restrictionMessage: `${crn} is restricted`,
})

describe('POST /user/{username}/access — the spec scenarios', () => {
  it('TestUser on A000001 (on its allow-list, not excluded) → both false, no messages', async () => {
    expect(await check(TEST_USER, ['A000001'])).toStrictEqual({
      status: 200,
      body: { access: [{ crn: 'A000001', userExcluded: false, userRestricted: false }] },
    })
  })

  it('TestUserWithLimitedAccess on A000001 → excluded and restricted, with both messages', async () => {
    expect(await check(LIMITED_USER, ['A000001'])).toStrictEqual({
      status: 200,
      body: {
        access: [
          {
            crn: 'A000001',
            userExcluded: true,
            userRestricted: true,
            exclusionMessage: 'Exclusion message',
            restrictionMessage: 'Restriction message',
          },
        ],
      },
    })
  })

  it('the user name is compared case-insensitively', async () => {
    expect((await check('TESTUSER', ['A000001'])).body).toStrictEqual({ access: [clear('A000001')] })
    expect((await check('testuserwithlimitedaccess', ['A000001'])).body.access[0].userExcluded).toBe(true)
  })
})

describe('POST /user/{username}/access — every branch for a known user', () => {
  it('exclusions: ended → clear; ending in the future → excluded; ending exactly now → clear; another user’s → clear', async () => {
    expect((await check(TEST_USER, ['X000001', 'X000002', 'X000008', 'X000003'])).body).toStrictEqual({
      access: [clear('X000001'), excluded('X000002'), clear('X000008'), clear('X000003')],
    })
  })

  it('restrictions are an allow-list: naming another user only → restricted; naming the user → clear', async () => {
    expect((await check(TEST_USER, ['X000004', 'X000005'])).body).toStrictEqual({
      access: [restricted('X000004'), clear('X000005')],
    })
    expect((await check(LIMITED_USER, ['X000004', 'X000005'])).body).toStrictEqual({
      access: [clear('X000004'), clear('X000005')],
    })
  })

  it("the user's own ended allow-list entry does not count; an ended restriction restricts nobody", async () => {
    expect((await check(TEST_USER, ['X000006', 'X000007'])).body).toStrictEqual({
      access: [restricted('X000006'), clear('X000007')],
    })
    expect((await check(LIMITED_USER, ['X000006', 'X000007'])).body).toStrictEqual({
      access: [clear('X000006'), clear('X000007')],
    })
  })

  it('excluded and restricted at once → both messages', async () => {
    expect((await check(TEST_USER, ['X000009'])).body).toStrictEqual({ access: [both('X000009')] })
  })

  it('a person without limited access, an unknown CRN and a soft-deleted person → clear', async () => {
    expect((await check(TEST_USER, ['A000002', 'Z999999', 'X000010'])).body).toStrictEqual({
      access: [clear('A000002'), clear('Z999999'), clear('X000010')],
    })
  })

  it('an excluded person without a message → excluded, message omitted', async () => {
    await db.kysely
      .updateTable('offender')
      .set({ exclusionMessage: null })
      .where('crn', '=', 'X000002')
      .execute()
    try {
      expect((await check(TEST_USER, ['X000002'])).body).toStrictEqual({
        access: [{ crn: 'X000002', userExcluded: true, userRestricted: false }],
      })
    } finally {
      await db.kysely
        .updateTable('offender')
        .set({ exclusionMessage: 'You are excluded from X000002' })
        .where('crn', '=', 'X000002')
        .execute()
    }
  })
})

describe('POST /user/{username}/access — an unknown user', () => {
  it('any active exclusion excludes and any active restriction restricts; ended ones do not', async () => {
    const crns: Crn[] = [
      'X000001',
      'X000002',
      'X000003',
      'X000004',
      'X000005',
      'X000006',
      'X000007',
      'X000008',
    ]
    expect((await check('NoSuchUser', [...crns, 'A000001', 'A000002'])).body).toStrictEqual({
      access: [
        clear('X000001'),
        excluded('X000002'),
        excluded('X000003'),
        restricted('X000004'),
        restricted('X000005'),
        restricted('X000006'),
        clear('X000007'),
        clear('X000008'),
        {
          crn: 'A000001',
          userExcluded: true,
          userRestricted: true,
          exclusionMessage: 'Exclusion message',
          restrictionMessage: 'Restriction message',
        },
        clear('A000002'),
      ],
    })
  })
})

describe('POST /user/{username}/access — request shape', () => {
  it('answers every CRN in request order, duplicates included', async () => {
    expect(
      (await check(TEST_USER, ['X000002', 'A000002', 'X000002', 'UNKNOWN', 'A000001', 'X000002'])).body,
    ).toStrictEqual({
      access: [
        excluded('X000002'),
        clear('A000002'),
        excluded('X000002'),
        clear('UNKNOWN'),
        clear('A000001'),
        excluded('X000002'),
      ],
    })
  })

  it('a value longer than a CRN (5,000 and 55,000 characters) → clear, and is not sent to the database', async () => {
    const long = "' OR 1=1 --".repeat(5000)
    const { result, statements } = await db.countQueries(() =>
      check(TEST_USER, ['X000002', 'A'.repeat(5000), long]),
    )
    expect(result).toStrictEqual({
      status: 200,
      body: { access: [excluded('X000002'), clear('A'.repeat(5000)), clear(long)] },
    })
    // Oracle refuses a VARCHAR2 bind over 4,000 bytes in a comparison: the long values are left out.
    expect(statements).toHaveLength(2)
    expect((await db.countQueries(() => check(TEST_USER, [long]))).count).toBe(1)
  })

  it('500 CRNs → 500 answers in order, in 2 round trips (as for 1 CRN, and for an unknown user)', async () => {
    const crns = Array.from({ length: 497 }, (_, i) => `Y${String(i).padStart(6, '0')}`)
    crns.push('X000004', 'A000001', 'X000002')
    const { result, count } = await db.countQueries(() => check(TEST_USER, crns))
    expect(result.status).toBe(200)
    expect(result.body.access).toHaveLength(500)
    expect(result.body.access.map((a: { crn: string }) => a.crn)).toStrictEqual(crns)
    expect(result.body.access.slice(496)).toStrictEqual([
      clear('Y000496'),
      restricted('X000004'),
      clear('A000001'),
      excluded('X000002'),
    ])
    expect(count).toBe(2)
    expect((await db.countQueries(() => check(TEST_USER, ['A000001']))).count).toBe(2)
    expect((await db.countQueries(() => check('NoSuchUser', crns))).count).toBe(2)
  })

  const SIZE_ERROR = {
    status: 400,
    message: 'Validation failure',
    fields: [{ type: 'Size', message: 'Please provide between 1 and 500 crns', field: 'body' }],
  }

  it('no CRNs → 400 "Please provide between 1 and 500 crns"', async () => {
    expect(await check(TEST_USER, [])).toStrictEqual({ status: 400, body: SIZE_ERROR })
  })

  it('501 CRNs → 400 "Please provide between 1 and 500 crns", nothing queried', async () => {
    const crns = Array.from({ length: 501 }, (_, i) => `Y${String(i).padStart(6, '0')}`)
    const { result, count } = await db.countQueries(() => check(TEST_USER, crns))
    expect(result).toStrictEqual({ status: 400, body: SIZE_ERROR })
    expect(count).toBe(0)
  })

  it('a body that is not a list of strings → 400 in the standard error body', async () => {
    expect((await check(TEST_USER, { crns: ['A000001'] })).status).toBe(400)
    expect(await check(TEST_USER, [1])).toMatchObject({
      status: 400,
      body: { status: 400, message: 'Validation failure', fields: [{ field: '0' }] },
    })
    const malformed = await t.request(`/user/${TEST_USER}/access`, { method: 'POST', body: '["A000001"' })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ status: 400 })
  })

  it('a user name with characters a Delius user name cannot have → 400', async () => {
    const { status, body } = await check('Test User;--', ['A000001'])
    expect(status).toBe(400)
    expect(body).toMatchObject({
      status: 400,
      message: 'Validation failure',
      fields: [{ field: 'username' }],
    })
  })

  it('needs the role', async () => {
    const response = await t.request(`/user/${TEST_USER}/access`, {
      method: 'POST',
      body: ['A000001'],
      token: null,
    })
    expect(response.status).toBe(401)
  })
})
