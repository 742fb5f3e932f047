import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import * as auditUser from '../../src/db/queries/audit-user.ts'
import * as limitedAccess from '../../src/db/queries/limited-access.ts'
import * as offences from '../../src/db/queries/offences.ts'
import * as officeLocations from '../../src/db/queries/office-locations.ts'
import * as person from '../../src/db/queries/person.ts'
import * as programmeComponents from '../../src/db/queries/programme-components.ts'
import * as regions from '../../src/db/queries/regions.ts'
import * as registrations from '../../src/db/queries/registrations.ts'
import * as sentence from '../../src/db/queries/sentence.ts'
import * as user from '../../src/db/queries/user.ts'
import type { Database } from '../../src/db/schema.ts'
import { createOracleCompiler, OracleShadowPlugin } from '../helpers/oracle-kysely.ts'

/**
 * Every query of the case-information modules, compiled for Oracle with kysely-oracledb (no server:
 * a dummy driver answers with no rows) and checked against the Oracle rules and grammar. Each
 * function is called here on every branch that changes its SQL, so coverage does not depend on
 * which branches the HTTP tests happened to run.
 */
const NOW = '2026-05-01 12:00:00'
const manyIds = Array.from({ length: 2_500 }, (_, i) => i + 1)
const manyCrns = Array.from({ length: 1_500 }, (_, i) => `X${String(i).padStart(6, '0')}`)

type Call = (db: Kysely<Database>) => Promise<unknown>
const CALLS: Record<string, Call[]> = {
  'audit-user.findUserId': [(db) => auditUser.findUserId(db, 'TestUser')],
  'person.findPersonalDetails': [(db) => person.findPersonalDetails(db, 'A000001')],
  'person.findPersonId': [(db) => person.findPersonId(db, 'A000001')],
  'sentence.findSentencedEvent': [(db) => sentence.findSentencedEvent(db, 'A000001', '1')],
  'sentence.findKeyDates': [(db) => sentence.findKeyDates(db, 1)],
  'sentence.findLatestReleaseType': [(db) => sentence.findLatestReleaseType(db, 1)],
  'sentence.findLicenceConditionCategories': [(db) => sentence.findLicenceConditionCategories(db, 1)],
  'sentence.findRequirementCategories': [(db) => sentence.findRequirementCategories(db, 1)],
  'sentence.findPssRequirementCategories': [(db) => sentence.findPssRequirementCategories(db, 1)],
  'offences.findEventMainOffences': [(db) => offences.findEventMainOffences(db, 'A000001', '1')],
  'offences.findAdditionalOffences': [(db) => offences.findAdditionalOffences(db, 1)],
  'registrations.findRegistrations': [(db) => registrations.findRegistrations(db, 'A000001')],
  'programme-components.findProgrammeRequirements': [
    (db) => programmeComponents.findProgrammeRequirements(db, { id: 1 }),
    (db) => programmeComponents.findProgrammeRequirements(db, { crn: 'A000001' }),
  ],
  'programme-components.findProgrammeLicenceConditions': [
    (db) => programmeComponents.findProgrammeLicenceConditions(db, { id: 1 }),
    (db) => programmeComponents.findProgrammeLicenceConditions(db, { crn: 'A000001' }),
  ],
  'office-locations.findTeamOfficeLocations': [
    (db) => officeLocations.findTeamOfficeLocations(db, [1], NOW),
    (db) => officeLocations.findTeamOfficeLocations(db, manyIds, NOW),
  ],
  'office-locations.findRegionOfficeLocations': [
    (db) => officeLocations.findRegionOfficeLocations(db, [1], NOW),
    (db) => officeLocations.findRegionOfficeLocations(db, manyIds, NOW),
  ],
  'office-locations.findPduOfficeLocations': [
    (db) => officeLocations.findPduOfficeLocations(db, 'PDU1', NOW),
  ],
  'limited-access.findAccessLimitations': [
    (db) => limitedAccess.findAccessLimitations(db, ['A000001'], 1, NOW),
    (db) => limitedAccess.findAccessLimitations(db, ['A000001'], undefined, NOW),
    (db) => limitedAccess.findAccessLimitations(db, manyCrns, 1, NOW),
  ],
  'user.findUserTeams': [(db) => user.findUserTeams(db, 'TestUser')],
  'regions.findRegionMembers': [(db) => regions.findRegionMembers(db, 'PA1')],
  'regions.findLocalAdminUnitMembers': [(db) => regions.findLocalAdminUnitMembers(db, 'N07', 'N07ACPR', NOW)],
}

const MODULES: Record<string, object> = {
  'audit-user': auditUser,
  person,
  sentence,
  offences,
  registrations,
  'programme-components': programmeComponents,
  'office-locations': officeLocations,
  'limited-access': limitedAccess,
  user,
  regions,
}

describe('case-information queries compile for Oracle', () => {
  it('every exported query function is covered here', () => {
    const exported = Object.entries(MODULES).flatMap(([name, module]) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === 'function')
        .map(([fn]) => `${name}.${fn}`),
    )
    expect(exported.sort()).toStrictEqual(Object.keys(CALLS).sort())
  })

  it.each(Object.entries(CALLS))('%s', async (_, calls) => {
    const shadow = new OracleShadowPlugin({ throwOnViolation: false })
    const db = createOracleCompiler<Database>().withPlugin(shadow)
    for (const call of calls) await call(db)
    expect(shadow.violations).toStrictEqual([])
    expect(shadow.count).toBe(calls.length)
    for (const sql of shadow.checked) {
      // Upper-case Delius names, quoted, with positional binds.
      expect(sql).toMatch(/^select /)
      expect(sql).not.toMatch(/"[a-z_]+"\."[a-z_]+"/)
      expect(sql).not.toMatch(/\blimit\b|\$\d/)
    }
  })

  it('IN lists over 1000 items are split: 2500 team ids → 3 lists, 1500 CRNs → 2', async () => {
    const shadow = new OracleShadowPlugin()
    const db = createOracleCompiler<Database>().withPlugin(shadow)
    await officeLocations.findTeamOfficeLocations(db, manyIds, NOW)
    await limitedAccess.findAccessLimitations(db, manyCrns, 1, NOW)
    const [teams, access] = [...shadow.checked]
    expect(teams!.match(/ in \(/g)).toHaveLength(3)
    expect(access!.match(/"OFFENDER"\."CRN" in \(/g)).toHaveLength(2)
  })
})
