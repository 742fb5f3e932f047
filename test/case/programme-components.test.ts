import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { memoryLogger } from '../../src/logger.ts'
import { createLdapStaffDirectory } from '../../src/services/ldap-staff-directory.ts'
import type { StaffDirectory } from '../../src/services/staff-directory.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { LDAP_BIND_DN, LDAP_BIND_PASSWORD, startTestLdap, type TestLdap } from '../ldap/ldap-server.ts'
import {
  day,
  fixtureId,
  insert,
  licenceConditionManagerRow,
  licenceConditionRow,
  requirementManagerRow,
  requirementRow,
} from './fixtures.ts'

let db: TestDb
let t: TestApp
let ldap: TestLdap
let directory: StaffDirectory

/** Staff e-mails come from a real LDAP server on loopback holding TestUser's mail. */
beforeAll(async () => {
  ldap = await startTestLdap()
  directory = createLdapStaffDirectory({
    url: ldap.url,
    bindDn: LDAP_BIND_DN,
    bindPassword: LDAP_BIND_PASSWORD,
    logger: memoryLogger(),
  })
  db = await createTestDb()
  t = await createTestApp(db, { staffDirectory: directory })
})

afterAll(async () => {
  await t?.close()
  await directory?.close?.()
  await ldap?.stop()
  await db?.close()
})

const get = async (path: string) => {
  const response = await t.request(path)
  return { status: response.status, body: await response.json() }
}

const [REQ0, REQ1, REQ2, REQ3] = SEED.requirements
const [LC0, LC1, LC2] = SEED.licenceConditions
const OFFICE1 = { code: 'OFFICE1', description: 'Test Office Location' }

const MANAGER = {
  staff: { name: { forename: 'Forename', surname: 'Surname' }, code: 'STAFF01', email: 'test@example.com' },
  team: { code: 'TEAM01', description: 'Test Team' },
  probationDeliveryUnit: { code: 'PDU1', description: 'Test PDU' },
  officeLocations: [OFFICE1],
}
const PDUS = [{ code: 'PDU1', description: 'Test PDU', officeLocations: [OFFICE1] }]
const MAIN_7 = { code: '7', description: 'Court - Accredited Programmes' }
const LAP = { code: 'LAP', description: 'Licence - Accredited Programmes' }

const requirement = (id: number, extra: object = {}) => ({
  id,
  mainCategory: MAIN_7,
  manager: MANAGER,
  probationDeliveryUnits: PDUS,
  eventNumber: '3',
  createdAt: '2025-01-01T12:00:00Z',
  ...extra,
})
const licenceCondition = (id: number, extra: object = {}) => ({
  id,
  mainCategory: LAP,
  manager: MANAGER,
  probationDeliveryUnits: PDUS,
  eventNumber: '1',
  createdAt: '2025-01-01T12:00:00Z',
  ...extra,
})

describe('GET /case/{crn}/requirement/{id}', () => {
  it('REQUIREMENTS[0] of A000001 → the spec example (manager, team offices, region PDUs, event 3)', async () => {
    expect(await get(`/case/A000001/requirement/${REQ0}`)).toStrictEqual({
      status: 200,
      body: requirement(REQ0),
    })
  })

  it('reports main and sub category both', async () => {
    expect(await get(`/case/A000001/requirement/${REQ1}`)).toStrictEqual({
      status: 200,
      body: requirement(REQ1, { subCategory: { code: 'TEST', description: 'Building Choices' } }),
    })
  })

  it('an RM38 requirement is an accredited programme too', async () => {
    const { status, body } = await get(`/case/A000002/requirement/${SEED.appointments.rm38Requirement}`)
    expect(status).toBe(200)
    expect(body.mainCategory).toStrictEqual({
      code: 'RM38',
      description: 'Rehabilitation Activity Requirement - Accredited Programmes',
    })
    expect(body.eventNumber).toBe('1')
  })

  it('id 999999 → 404 "Requirement with id of 999999 not found"', async () => {
    expect(await get('/case/A000001/requirement/999999')).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Requirement with id of 999999 not found' },
    })
  })

  it('unknown CRN → 404 with the person message, even for a real requirement', async () => {
    expect(await get(`/case/DOESNOTEXIST/requirement/${REQ0}`)).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Person with crn of DOESNOTEXIST not found' },
    })
  })

  it('REQUIREMENTS[2] (A000002) under A000001 → 400 "CRN does not match requirement"', async () => {
    expect(await get(`/case/A000001/requirement/${REQ2}`)).toStrictEqual({
      status: 400,
      body: { status: 400, message: 'CRN does not match requirement' },
    })
  })

  it.each([
    ['not an accredited programme (H)', SEED.appointments.nonApRequirement, 'A000002'],
    ['inactive', SEED.hidden.inactiveRequirement, 'A000001'],
    ['soft-deleted', SEED.hidden.deletedRequirement, 'A000001'],
  ])('a requirement that is %s → 404', async (_, id, crn) => {
    expect(await get(`/case/${crn}/requirement/${id}`)).toStrictEqual({
      status: 404,
      body: { status: 404, message: `Requirement with id of ${id} not found` },
    })
  })

  it('a non-numeric id → 400 in the standard error body', async () => {
    const response = await t.request('/case/A000001/requirement/abc')
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({
      status: 400,
      message: 'Validation failure',
      fields: [{ type: 'Pattern', message: 'must be a whole number', field: 'id' }],
    })
  })

  it('no active manager → 500 "Requirement does not have an active manager"', async () => {
    const manager = () => db.kysely.updateTable('rqmntManager').where('rqmntId', '=', REQ0)
    await manager().set({ activeFlag: 0 }).execute()
    try {
      expect(await get(`/case/A000001/requirement/${REQ0}`)).toStrictEqual({
        status: 500,
        body: { status: 500, message: 'Requirement does not have an active manager' },
      })
      expect((await get('/case/A000001/requirements')).status).toBe(500)
    } finally {
      await manager().set({ activeFlag: 1 }).execute()
    }
  })

  it('a requirement on an inactive event or a deleted disposal is not found', async () => {
    const event = () => db.kysely.updateTable('event').where('eventId', '=', SEED.events.A000001[3])
    await event().set({ activeFlag: 0 }).execute()
    try {
      expect((await get(`/case/A000001/requirement/${REQ0}`)).status).toBe(404)
      expect((await get('/case/A000001/requirements')).body).toStrictEqual({ content: [] })
    } finally {
      await event().set({ activeFlag: 1 }).execute()
    }
    const disposal = () =>
      db.kysely.updateTable('disposal').where('disposalId', '=', SEED.disposals.A000001[3])
    await disposal().set({ softDeleted: 1 }).execute()
    try {
      expect((await get(`/case/A000001/requirement/${REQ0}`)).status).toBe(404)
    } finally {
      await disposal().set({ softDeleted: 0 }).execute()
    }
  })

  it('a manager in another team: its own PDU, no offices, no e-mail without a Delius user; the region PDUs stay', async () => {
    const manager = () => db.kysely.updateTable('rqmntManager').where('rqmntId', '=', REQ3)
    await manager()
      .set({ allocatedStaffId: SEED.staff.STAFF02, allocatedTeamId: SEED.teams.TEAM02 })
      .execute()
    try {
      expect((await get(`/case/A000001/requirement/${REQ3}`)).body).toStrictEqual(
        requirement(REQ3, {
          manager: {
            staff: { name: { forename: 'Forename', surname: 'Surname' }, code: 'STAFF02' },
            team: { code: 'TEAM02', description: 'A Second Team' },
            probationDeliveryUnit: { code: 'PDU2', description: 'A Second PDU' },
            officeLocations: [],
          },
        }),
      )
    } finally {
      await manager()
        .set({ allocatedStaffId: SEED.staff.STAFF01, allocatedTeamId: SEED.teams.TEAM01 })
        .execute()
    }
  })

  it('offices of a non-selectable LAU or a non-selectable or non-functional PDU are not region PDU offices', async () => {
    const lau = () => db.kysely.updateTable('district').where('districtId', '=', SEED.laus.LAU1)
    const pdu = () => db.kysely.updateTable('borough').where('boroughId', '=', SEED.pdus.PDU1)
    for (const [change, undo] of [
      [() => lau().set({ selectable: 'N' }).execute(), () => lau().set({ selectable: 'Y' }).execute()],
      [() => pdu().set({ selectable: 'N' }).execute(), () => pdu().set({ selectable: 'Y' }).execute()],
      [() => pdu().set({ functional: 'N' }).execute(), () => pdu().set({ functional: 'Y' }).execute()],
    ] as const) {
      await change()
      try {
        const { body } = await get(`/case/A000001/requirement/${REQ0}`)
        expect(body.probationDeliveryUnits).toStrictEqual([])
        // The team's own offices come through TEAM_OFFICE_LOCATION, whatever the LAU.
        expect(body.manager.officeLocations).toStrictEqual([OFFICE1])
      } finally {
        await undo()
      }
    }
  })
})

describe('GET /case/{crn}/requirements', () => {
  it('A000001 → REQ[0], REQ[1] and REQ[3] (inactive and deleted ones left out)', async () => {
    expect(await get('/case/A000001/requirements')).toStrictEqual({
      status: 200,
      body: {
        content: [
          requirement(REQ0),
          requirement(REQ1, { subCategory: { code: 'TEST', description: 'Building Choices' } }),
          requirement(REQ3),
        ],
      },
    })
  })

  it('only accredited-programme categories: A000002 has REQ[2] and the RM38 one, not the H one', async () => {
    const { body } = await get('/case/A000002/requirements')
    expect(body.content.map((r: { id: number }) => r.id)).toStrictEqual([
      REQ2,
      SEED.appointments.rm38Requirement,
    ])
  })

  it('unknown CRN → 404', async () => {
    expect(await get('/case/DOESNOTEXIST/requirements')).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Person with crn of DOESNOTEXIST not found' },
    })
  })
})

describe('GET /case/{crn}/licence-conditions/{id}', () => {
  it('LICENCE_CONDITIONS[0] → LAP, the same manager and PDUs, event 1', async () => {
    expect(await get(`/case/A000001/licence-conditions/${LC0}`)).toStrictEqual({
      status: 200,
      body: licenceCondition(LC0),
    })
  })

  it('id 999999 → 404 "LicenceCondition with id of 999999 not found"', async () => {
    expect(await get('/case/A000001/licence-conditions/999999')).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'LicenceCondition with id of 999999 not found' },
    })
  })

  it('unknown CRN → 404 with the person message', async () => {
    expect(await get(`/case/DOESNOTEXIST/licence-conditions/${LC0}`)).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Person with crn of DOESNOTEXIST not found' },
    })
  })

  it('the termination licence condition (A000003) under A000001 → 400 "CRN does not match licence condition"', async () => {
    expect(await get(`/case/A000001/licence-conditions/${SEED.termination.licenceCondition}`)).toStrictEqual({
      status: 400,
      body: { status: 400, message: 'CRN does not match licence condition' },
    })
  })

  it.each([
    ['not LAP (NLC8)', SEED.appointments.nonLapLicenceCondition, 'A000003'],
    ['soft-deleted', SEED.hidden.deletedLicenceCondition, 'A000001'],
    ['inactive', SEED.hidden.inactiveLicenceCondition, 'A000001'],
  ])('a licence condition that is %s → 404', async (_, id, crn) => {
    expect(await get(`/case/${crn}/licence-conditions/${id}`)).toStrictEqual({
      status: 404,
      body: { status: 404, message: `LicenceCondition with id of ${id} not found` },
    })
  })

  it('no active manager → 500 "Licence condition does not have an active manager"', async () => {
    const manager = () => db.kysely.updateTable('licConditionManager').where('licConditionId', '=', LC2)
    await manager().set({ softDeleted: 1 }).execute()
    try {
      expect(await get(`/case/A000001/licence-conditions/${LC2}`)).toStrictEqual({
        status: 500,
        body: { status: 500, message: 'Licence condition does not have an active manager' },
      })
    } finally {
      await manager().set({ softDeleted: 0 }).execute()
    }
  })

  it('a non-numeric id → 400', async () => {
    const response = await t.request('/case/A000001/licence-conditions/1e3')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ status: 400, message: 'Validation failure' })
  })
})

describe('GET /case/{crn}/licence-conditions', () => {
  it('A000001 → LC[0..2], exact', async () => {
    expect(await get('/case/A000001/licence-conditions')).toStrictEqual({
      status: 200,
      body: {
        content: [
          licenceCondition(LC0),
          licenceCondition(LC1, {
            subCategory: { code: 'TEST', description: 'To only attend specific places.' },
          }),
          licenceCondition(LC2),
        ],
      },
    })
  })

  it('a person without any → an empty list', async () => {
    expect(await get('/case/A000004/licence-conditions')).toStrictEqual({
      status: 200,
      body: { content: [] },
    })
  })

  it('unknown CRN → 404', async () => {
    expect(await get('/case/DOESNOTEXIST/licence-conditions')).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Person with crn of DOESNOTEXIST not found' },
    })
  })
})

describe('round trips', () => {
  const count = async (path: string) => (await db.countQueries(() => get(path))).count

  it('4 per endpoint (person, components, team offices, region offices); 2 for an empty list', async () => {
    expect(await count(`/case/A000001/requirement/${REQ0}`)).toBe(4)
    expect(await count('/case/A000001/requirements')).toBe(4)
    expect(await count(`/case/A000001/licence-conditions/${LC0}`)).toBe(4)
    expect(await count('/case/A000001/licence-conditions')).toBe(4)
    expect(await count('/case/A000004/licence-conditions')).toBe(2)
  })

  it('unchanged with 20 more requirements and licence conditions (other managers) and 20 more offices', async () => {
    const D = SEED.disposals
    const O = SEED.offenders
    const requirements = Array.from({ length: 20 }, () => requirementRow(D.A000001[3], O.A000001))
    const licenceConditions = Array.from({ length: 20 }, () => licenceConditionRow(D.A000001[1], O.A000001))
    const teams = [SEED.teams.TEAM01, SEED.teams.TEAM02, SEED.teams.TEAM03]
    const staff = [SEED.staff.STAFF01, SEED.staff.STAFF02, SEED.staff.STAFF03]
    const offices = Array.from({ length: 20 }, (_, i) => ({
      officeLocationId: fixtureId(),
      code: `OFX${String(i).padStart(4, '0')}`,
      description: `Extra office ${i}`,
      districtId: i % 2 === 0 ? SEED.laus.LAU1 : SEED.laus.LAU2,
      probationAreaId: SEED.providers.PA1,
      startDate: day('2000-01-01'),
      endDate: null,
    }))
    await insert(db, 'rqmnt', requirements)
    await insert(
      db,
      'rqmntManager',
      requirements.map((r, i) =>
        requirementManagerRow(r.rqmntId as number, {
          allocatedStaffId: staff[i % 3]!,
          allocatedTeamId: teams[i % 3]!,
        }),
      ),
    )
    await insert(db, 'licCondition', licenceConditions)
    await insert(
      db,
      'licConditionManager',
      licenceConditions.map((lc, i) =>
        licenceConditionManagerRow(lc.licConditionId as number, {
          staffId: staff[i % 3]!,
          teamId: teams[i % 3]!,
        }),
      ),
    )
    await insert(db, 'officeLocation', offices)
    await insert(
      db,
      'teamOfficeLocation',
      offices.map((office, i) => ({
        teamId: teams[i % 3]!,
        officeLocationId: office.officeLocationId as number,
      })),
    )
    const list = await db.countQueries(() => get('/case/A000001/requirements'))
    expect(list.count).toBe(4)
    expect(list.result.body.content).toHaveLength(23)
    const pdus = list.result.body.content[0].probationDeliveryUnits
    expect(pdus.map((p: { code: string }) => p.code)).toStrictEqual(['PDU1', 'PDU2'])
    expect(pdus[0].officeLocations).toHaveLength(11)
    expect(pdus[1].officeLocations).toHaveLength(10)
    expect(list.result.body.content[0].manager.officeLocations).toHaveLength(8)
    expect((await db.countQueries(() => get('/case/A000001/licence-conditions'))).count).toBe(4)
    expect(await count(`/case/A000001/requirement/${REQ0}`)).toBe(4)
    expect(await count(`/case/A000001/licence-conditions/${LC0}`)).toBe(4)
  })
})
