import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { day, fixtureId, insert } from '../case/fixtures.ts'
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

const get = async (path: string, token?: string | null) => {
  const response = await t.request(path, { token })
  return { status: response.status, body: await response.json() }
}

/** Runs `check` with a change in place, and always undoes it. */
async function withChange(
  change: () => Promise<unknown>,
  undo: () => Promise<unknown>,
  check: () => Promise<void>,
) {
  await change()
  try {
    await check()
  } finally {
    await undo()
  }
}

const N = { forename: 'Forename', surname: 'Surname' }
const PA1_MEMBERS = {
  code: 'PA1',
  description: 'Test Provider',
  pdus: [
    {
      code: 'PDU1',
      description: 'Test PDU',
      team: [{ code: 'TEAM01', description: 'Test Team', members: [{ code: 'STAFF01', name: N }] }],
    },
    {
      code: 'PDU2',
      description: 'A Second PDU',
      team: [
        { code: 'TEAM02', description: 'A Second Team', members: [{ code: 'STAFF02', name: N }] },
        {
          code: 'TEAM03',
          description: 'A Third Team',
          members: [
            { code: 'STAFF03', name: N },
            { code: 'STAFF04', name: N },
          ],
        },
      ],
    },
  ],
}

describe('GET /regions/{code}/members', () => {
  it('PA1 → the spec example exactly (PDU, team and staff code order)', async () => {
    expect(await get('/regions/PA1/members')).toStrictEqual({ status: 200, body: PA1_MEMBERS })
  })

  it('only open teams and open staff: N07 has N07AP1 with N07AP01 and N07AP03 (no end dates at all)', async () => {
    expect(await get('/regions/N07/members')).toStrictEqual({
      status: 200,
      body: {
        code: 'N07',
        description: 'London',
        pdus: [
          {
            code: 'N07PDU',
            description: 'Accredited Programmes London',
            team: [
              {
                code: 'N07AP1',
                description: 'Accredited Programmes Team 1',
                members: [
                  { code: 'N07AP01', name: N },
                  { code: 'N07AP03', name: N },
                ],
              },
            ],
          },
        ],
      },
    })
  })

  it('an unknown region, or one without members → 404 "No members found for region"', async () => {
    for (const code of ['ZZ9', 'XX1', 'N50']) {
      expect(await get(`/regions/${code}/members`)).toStrictEqual({
        status: 404,
        body: { status: 404, message: 'No members found for region' },
      })
    }
  })

  it('teams of a non-selectable LAU or PDU are left out', async () => {
    const lau = () => db.kysely.updateTable('district').where('districtId', '=', SEED.laus.LAU2)
    await withChange(
      () => lau().set({ selectable: 'N' }).execute(),
      () => lau().set({ selectable: 'Y' }).execute(),
      async () => expect((await get('/regions/PA1/members')).body.pdus).toStrictEqual([PA1_MEMBERS.pdus[0]]),
    )
    const pdu = () => db.kysely.updateTable('borough').where('boroughId', '=', SEED.pdus.PDU1)
    await withChange(
      () => pdu().set({ selectable: 'N' }).execute(),
      () => pdu().set({ selectable: 'Y' }).execute(),
      async () => expect((await get('/regions/PA1/members')).body.pdus).toStrictEqual([PA1_MEMBERS.pdus[1]]),
    )
  })

  it('1 round trip, also with 20 more staff in TEAM02', async () => {
    expect((await db.countQueries(() => get('/regions/PA1/members'))).count).toBe(1)
    const staff = Array.from({ length: 20 }, (_, i) => ({
      staffId: fixtureId(),
      officerCode: `XTRA${String(i).padStart(3, '0')}`,
      forename: 'Extra',
      forename2: null,
      surname: 'Staff',
      probationAreaId: SEED.providers.PA1,
      startDate: day('2000-01-01'),
      endDate: null,
    }))
    await insert(db, 'staff', staff)
    await insert(
      db,
      'staffTeam',
      staff.map((s) => ({ staffId: s.staffId as number, teamId: SEED.teams.TEAM02 })),
    )
    try {
      const { result, count } = await db.countQueries(() => get('/regions/PA1/members'))
      expect(count).toBe(1)
      expect(result.body.pdus[1].team[0].members).toHaveLength(21)
    } finally {
      await db.kysely
        .deleteFrom('staffTeam')
        .where('teamId', '=', SEED.teams.TEAM02)
        .where('staffId', '<>', SEED.staff.STAFF02)
        .execute()
    }
  })

  it('needs the role (decision 1), and a well-formed code', async () => {
    expect((await get('/regions/PA1/members', null)).status).toBe(401)
    const noRole = await t.auth.signToken({ authorities: [] })
    expect(await get('/regions/PA1/members', noRole)).toStrictEqual({
      status: 403,
      body: { status: 403, message: 'Access Denied' },
    })
    expect(await get('/regions/P%2A1/members')).toMatchObject({
      status: 400,
      body: { status: 400, message: 'Validation failure', fields: [{ field: 'code' }] },
    })
  })
})

describe('GET /regions/pdu/{pdu}/office-locations', () => {
  it('PDU1 → the spec example exactly (the ended OFFICE9 left out)', async () => {
    expect(await get('/regions/pdu/PDU1/office-locations')).toStrictEqual({
      status: 200,
      body: {
        code: 'PDU1',
        description: 'Test PDU',
        officeLocations: [{ code: 'OFFICE1', description: 'Test Office Location' }],
      },
    })
  })

  it('a PDU without offices → an empty list', async () => {
    expect(await get('/regions/pdu/PDU2/office-locations')).toStrictEqual({
      status: 200,
      body: { code: 'PDU2', description: 'A Second PDU', officeLocations: [] },
    })
  })

  it('a PDU in an inactive provider, and an unknown PDU → 404', async () => {
    expect(await get(`/regions/pdu/${SEED.pduInInactiveProvider}/office-locations`)).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Probation Delivery Unit with code of PDU3 not found' },
    })
    expect(await get('/regions/pdu/notfound/office-locations')).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Probation Delivery Unit with code of notfound not found' },
    })
  })

  it('a non-selectable or non-functional PDU → 404; a provider that ends in the future is still active', async () => {
    const pdu = () => db.kysely.updateTable('borough').where('boroughId', '=', SEED.pdus.PDU1)
    await withChange(
      () => pdu().set({ selectable: 'N' }).execute(),
      () => pdu().set({ selectable: 'Y' }).execute(),
      async () => expect((await get('/regions/pdu/PDU1/office-locations')).status).toBe(404),
    )
    await withChange(
      () => pdu().set({ functional: 'N' }).execute(),
      () => pdu().set({ functional: 'Y' }).execute(),
      async () => expect((await get('/regions/pdu/PDU1/office-locations')).status).toBe(404),
    )
    const provider = () =>
      db.kysely.updateTable('probationArea').where('probationAreaId', '=', SEED.providers.PA1)
    await withChange(
      () =>
        provider()
          .set({ endDate: day('2030-01-01') })
          .execute(),
      () => provider().set({ endDate: null }).execute(),
      async () => expect((await get('/regions/pdu/PDU1/office-locations')).status).toBe(200),
    )
    await withChange(
      () =>
        provider()
          .set({ endDate: day('2026-05-01') })
          .execute(),
      () => provider().set({ endDate: null }).execute(),
      async () => expect((await get('/regions/pdu/PDU1/office-locations')).status).toBe(404),
    )
  })

  it('offices of a non-selectable LAU are left out', async () => {
    const lau = () => db.kysely.updateTable('district').where('districtId', '=', SEED.laus.LAU1)
    await withChange(
      () => lau().set({ selectable: 'N' }).execute(),
      () => lau().set({ selectable: 'Y' }).execute(),
      async () =>
        expect((await get('/regions/pdu/PDU1/office-locations')).body).toStrictEqual({
          code: 'PDU1',
          description: 'Test PDU',
          officeLocations: [],
        }),
    )
  })

  it('1 round trip, also with 20 more offices (one ending in the future, one ended)', async () => {
    expect((await db.countQueries(() => get('/regions/pdu/PDU2/office-locations'))).count).toBe(1)
    const offices = Array.from({ length: 20 }, (_, i) => ({
      officeLocationId: fixtureId(),
      code: `OFY${String(i).padStart(4, '0')}`,
      description: `Office ${i}`,
      districtId: SEED.laus.LAU2,
      probationAreaId: SEED.providers.PA1,
      startDate: day('2000-01-01'),
      endDate: i === 0 ? day('2030-01-01') : i === 1 ? day('2026-05-01') : null,
    }))
    await insert(db, 'officeLocation', offices)
    const { result, count } = await db.countQueries(() => get('/regions/pdu/PDU2/office-locations'))
    expect(count).toBe(1)
    expect(result.body.officeLocations).toHaveLength(19)
    expect(result.body.officeLocations[0]).toStrictEqual({ code: 'OFY0000', description: 'Office 0' })
    expect(result.body.officeLocations.map((o: { code: string }) => o.code)).not.toContain('OFY0001')
  })
})

describe('GET /regions/{code}/local-admin-units/accredited-programmes/members', () => {
  const path = (code: string) => `/regions/${code}/local-admin-units/accredited-programmes/members`

  it('no token → 401', async () => {
    expect((await get(path('N07'), null)).status).toBe(401)
  })

  it('N07 → its two active teams, members by code with middle names, future end dates included', async () => {
    expect(await get(path('N07'))).toStrictEqual({
      status: 200,
      body: {
        teams: [
          {
            code: 'N07AP1',
            description: 'Accredited Programmes Team 1',
            members: [
              { code: 'N07AP01', name: { forename: 'Forename', middleNames: 'Middle', surname: 'Surname' } },
              { code: 'N07AP03', name: { forename: 'Forename', middleNames: 'TestTwo', surname: 'Surname' } },
            ],
          },
          {
            code: 'N07AP2',
            description: 'Accredited Programmes Team 2',
            members: [
              { code: 'N07AP02', name: { forename: 'Forename', middleNames: 'Future', surname: 'Surname' } },
            ],
          },
        ],
      },
    })
  })

  it('the inactive team N07AP9 and the ended staff N07AP98/N07AP99 are absent', async () => {
    const { body } = await get(path('N07'))
    const codes = body.teams.flatMap((team: { members: { code: string }[] }) =>
      team.members.map((m) => m.code),
    )
    expect(body.teams.map((team: { code: string }) => team.code)).not.toContain('N07AP9')
    expect(codes).not.toContain('N07AP98')
    expect(codes).not.toContain('N07AP99')
  })

  it('a member without a middle name has none in the answer', async () => {
    const staff = () => db.kysely.updateTable('staff').where('staffId', '=', SEED.staff.N07AP01)
    await withChange(
      () => staff().set({ forename2: null }).execute(),
      () => staff().set({ forename2: 'Middle' }).execute(),
      async () =>
        expect((await get(path('N07'))).body.teams[0].members[0]).toStrictEqual({
          code: 'N07AP01',
          name: { forename: 'Forename', surname: 'Surname' },
        }),
    )
  })

  it('a mapped region without members (N50) → 200 with no teams', async () => {
    expect(await get(path('N50'))).toStrictEqual({ status: 200, body: { teams: [] } })
  })

  it.each(['ZZ9', 'PA1', 'toString', 'n07'])(
    'an unmapped region %j → 404 with the mapping message',
    async (code) => {
      expect(await get(path(code))).toStrictEqual({
        status: 404,
        body: {
          status: 404,
          message: `No Accredited Programmes Local Admin Unit mapping found for region ${code}`,
        },
      })
    },
  )

  it('1 round trip; 0 for an unmapped region', async () => {
    expect((await db.countQueries(() => get(path('N07')))).count).toBe(1)
    expect((await db.countQueries(() => get(path('ZZ9')))).count).toBe(0)
  })
})
