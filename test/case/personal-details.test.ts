import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src/logger.ts'
import { createLdapStaffDirectory } from '../../src/services/ldap-staff-directory.ts'
import type { StaffDirectory } from '../../src/services/staff-directory.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { LDAP_BIND_DN, LDAP_BIND_PASSWORD, startTestLdap, type TestLdap } from '../ldap/ldap-server.ts'

let db: TestDb
let t: TestApp
let ldap: TestLdap
let directory: StaffDirectory

/** The e-mail comes from a real LDAP server on loopback holding TestUser's mail. */
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

describe('GET /case/{crn}/personal-details', () => {
  it('answers the seed person exactly as the spec example (age from a fixed clock)', async () => {
    const response = await t.request('/case/A000001/personal-details')
    expect(response.status).toBe(200)
    expect(await response.json()).toStrictEqual({
      crn: 'A000001',
      name: { forename: 'Forename', middleNames: 'MiddleName', surname: 'Surname' },
      dateOfBirth: '1980-11-01',
      age: '45 years, 6 months',
      sex: { code: 'M', description: 'Male' },
      ethnicity: { code: 'A9', description: 'Asian or Asian British: Other' },
      probationPractitioner: {
        name: { forename: 'Forename', surname: 'Surname' },
        code: 'STAFF01',
        email: 'test@example.com',
      },
      team: { code: 'TEAM01', description: 'Test Team' },
      probationDeliveryUnit: { code: 'PDU1', description: 'Test PDU' },
      region: { code: 'PA1', description: 'Test Provider' },
    })
  })

  it('unknown CRN → 404 with the spec message', async () => {
    const response = await t.request('/case/DOESNOTEXIST/personal-details')
    expect(response.status).toBe(404)
    expect(await response.json()).toStrictEqual({
      status: 404,
      message: 'Person with crn of DOESNOTEXIST not found',
    })
  })

  it('a person without an active manager → 500 "Person does not have an active manager"', async () => {
    const response = await t.request('/case/A000002/personal-details')
    expect(response.status).toBe(500)
    expect(await response.json()).toStrictEqual({
      status: 500,
      message: 'Person does not have an active manager',
    })
  })

  it('a soft-deleted person is not found', async () => {
    await db.kysely.updateTable('offender').set({ softDeleted: 1 }).where('crn', '=', 'A000003').execute()
    try {
      const response = await t.request('/case/A000003/personal-details')
      expect(response.status).toBe(404)
    } finally {
      await db.kysely.updateTable('offender').set({ softDeleted: 0 }).where('crn', '=', 'A000003').execute()
    }
  })

  it('a CRN with characters outside letters and digits → 400 in the error shape', async () => {
    const response = await t.request(`/case/${encodeURIComponent("A' OR 1=1 --")}/personal-details`)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      status: 400,
      message: 'Validation failure',
      fields: [{ field: 'crn' }],
    })
  })

  it('answers in one database round trip', async () => {
    const { count } = await db.countQueries(async () => {
      expect((await t.request('/case/A000001/personal-details')).status).toBe(200)
    })
    expect(count).toBe(1)
  })

  it('omits ethnicity when the person has none', async () => {
    await db.kysely.updateTable('offender').set({ ethnicityId: null }).where('crn', '=', 'A000003').execute()
    const body = await (await t.request('/case/A000003/personal-details')).json()
    expect(body).not.toHaveProperty('ethnicity')
    expect(body.probationPractitioner.email).toBe('test@example.com')
  })
})
