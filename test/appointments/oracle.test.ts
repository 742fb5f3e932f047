import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  RootOperationNode,
} from 'kysely'
import { OracleQueryCompiler } from 'kysely-oracledb'
import { describe, expect, it } from 'vitest'
import { dialectFor } from '../../src/db/dialect.ts'
import {
  findProgrammeLicenceConditions,
  findProgrammeRequirements,
  lockLicenceConditionCommencements,
  lockRequirementCommencements,
  updateLicenceConditionCommencements,
  updateRequirementCommencements,
} from '../../src/db/queries/appointments/components.ts'
import {
  findLiveReferences,
  lockAppointments,
  softDeleteContacts,
  updateAppointments,
} from '../../src/db/queries/appointments/contacts.ts'
import {
  findEnforcementReviewState,
  findLiveEnforcements,
  lockEvents,
  recountFailuresToComply,
  softDeleteEnforcements,
  updateEnforcementActions,
} from '../../src/db/queries/appointments/enforcement.ts'
import {
  findContactTypes,
  findEnforcementAction,
  findOfficeLocations,
  findOutcomes,
  findStaff,
  findTeams,
} from '../../src/db/queries/appointments/reference-data.ts'
import { findAppointments } from '../../src/db/queries/appointments/search.ts'
import type { Database } from '../../src/db/schema.ts'
import { newContact } from '../../src/services/contacts.ts'
import { createOracleCompiler, OracleShadowPlugin } from '../helpers/oracle-kysely.ts'
import { assertOracleSql } from '../helpers/oracle-rules.ts'

/**
 * Every appointments statement compiled for Oracle with 500 items (the batch limit), without a
 * server: the builder queries run against kysely-oracledb's compiler with a dummy driver and the
 * shadow check (which throws on a rule violation), the raw inserts are compiled and checked here.
 */
const oracle = createOracleCompiler<Database>()
const ORACLE_BIND_LIMIT = 65_535
const N = 500
const ids = Array.from({ length: N }, (_, i) => 1_000_000 + i)
const audit = { userId: 901, now: '2026-05-01 12:00:00' }

/** Bind counts of the statements a run compiled (the shadow plugin keeps only the SQL). */
class BindCounter implements KyselyPlugin {
  readonly counts: number[] = []
  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    this.counts.push(new OracleQueryCompiler().compileQuery(node, queryId).parameters.length)
    return node
  }
  async transformResult({ result }: PluginTransformResultArgs) {
    return result
  }
}

async function checked(run: (db: typeof oracle) => Promise<unknown>): Promise<string[]> {
  const shadow = new OracleShadowPlugin()
  const binds = new BindCounter()
  await run(oracle.withPlugin(binds).withPlugin(shadow))
  expect(shadow.violations).toEqual([])
  expect(shadow.count).toBeGreaterThan(0)
  for (const count of binds.counts) expect(count).toBeLessThan(ORACLE_BIND_LIMIT)
  return [...shadow.checked]
}

describe('appointments statements compile for Oracle at 500 items', () => {
  it('the bulk UPDATE of appointments: one statement of CASEs keyed by contact id, typed casts, under the bind limit', async () => {
    const values = ids.map((contactId, i) => ({
      contactId,
      contactDate: `2026-05-${String((i % 28) + 1).padStart(2, '0')} 00:00:00`,
      contactStartTime: `2026-05-${String((i % 28) + 1).padStart(2, '0')} 10:00:00`,
      contactEndTime: `2026-05-${String((i % 28) + 1).padStart(2, '0')} 11:00:00`,
      staffId: 600 + (i % 3),
      teamId: 500 + (i % 2),
      probationAreaId: 101 + (i % 2),
      trustProviderTeamId: 500 + (i % 2),
      officeLocationId: i % 4 === 0 ? null : 401,
      contactOutcomeTypeId: i % 3 === 0 ? null : 7101 + (i % 2),
      attended: i % 3 === 0 ? null : 'Y',
      complied: i % 3 === 0 ? null : 'N',
      enforcement: i % 2 === 0 ? 1 : null,
      latestEnforcementActionId: i % 2 === 0 ? 7201 : null,
      notes: `Notes ${i}`,
      description: i % 5 === 0 ? null : `Description ${i}`,
      sensitive: i % 2 === 0 ? 'Y' : 'N',
    }))
    const [sql] = await checked((db) => updateAppointments(db, values, audit))
    expect(sql).toMatch(
      /^update "CONTACT" set "CONTACT_DATE" = case "CONTACT_ID" when :1 then cast\(:2 as timestamp\)/,
    )
    expect(sql).toContain('then cast(')
    expect(sql).toContain(' as numeric)')
    expect(sql).not.toMatch(/ else /)
  })

  it('commencement updates of 500 requirements and licence conditions', async () => {
    const commencements = ids.map((componentId, i) => ({
      componentId,
      commencementDate: `2026-05-${String((i % 28) + 1).padStart(2, '0')} 00:00:00`,
      notes: `Actual Start Date set to ... ${i}`,
    }))
    await checked((db) => updateRequirementCommencements(db, commencements, audit))
    await checked((db) => updateLicenceConditionCommencements(db, commencements, audit))
  })

  it('lookups, locks and set-based writes with 500 ids or codes', async () => {
    const codes = ids.map((id) => `C${id}`)
    const references = ids.map((id) => `urn:uk:gov:accredited-programmes:appointment:${id}`)
    const statements = await checked(async (db) => {
      await findProgrammeRequirements(db, ids)
      await findProgrammeLicenceConditions(db, ids)
      await lockRequirementCommencements(db, ids)
      await lockLicenceConditionCommencements(db, ids)
      await findLiveReferences(db, references)
      await lockAppointments(db, references)
      await softDeleteContacts(db, ids, audit)
      await findLiveEnforcements(db, ids)
      await softDeleteEnforcements(db, ids, audit)
      await updateEnforcementActions(
        db,
        ids,
        {
          enforcementActionId: 7201,
          responseDate: null,
          actionTakenDate: audit.now,
          actionTakenTime: audit.now,
        },
        audit,
      )
      await lockEvents(db, ids)
      await recountFailuresToComply(db, ids, audit)
      await findEnforcementReviewState(db, ids, 7006)
      await findContactTypes(db, codes)
      await findOutcomes(db, codes, ids)
      await findOfficeLocations(db, codes, '2026-05-01 00:00:00')
      await findTeams(db, codes)
      await findStaff(db, codes)
      await findEnforcementAction(db, 'ROM')
      await findAppointments(db, {
        requirementIds: ids,
        licenceConditionIds: ids,
        from: '2026-01-01 00:00:00',
        before: '2027-01-01 00:00:00',
        contactTypeCodes: ['CAPY', 'CAPZ', 'CAPW', 'CAPX'],
      })
    })
    expect(statements.some((sql) => sql.includes(' for update'))).toBe(true)
    expect(statements.some((sql) => sql.includes('count(distinct "C"."CONTACT_DATE")'))).toBe(true)
    expect(statements.some((sql) => sql.includes('nulls first'))).toBe(true)
  })

  it('the raw inserts (INSERT ALL) of 1,000 contacts, 500 enforcements, 500 audit rows; the id fetch', () => {
    const dialect = dialectFor('oracle')
    const contacts = Array.from({ length: 2 * N }, (_, i) =>
      newContact(
        {
          contactId: 1_000_000 + i,
          offenderId: 1004,
          eventId: 2031,
          rqmntId: 3031,
          contactTypeId: 7001,
          contactDate: '2026-05-01 00:00:00',
          contactStartTime: '2026-05-01 10:00:00',
          contactEndTime: '2026-05-01 11:00:00',
          staffId: 601,
          teamId: 501,
          probationAreaId: 101,
          notes: `Notes ${i}`,
          externalReference: `urn:uk:gov:accredited-programmes:appointment:${i}`,
          sensitive: i % 2 === 0,
        },
        audit,
      ),
    )
    // 1,000 rows (a 500-item create with enforcement) take two statements under the bind cap.
    const twoStatements = dialect.insertManyQueries('contact', contacts)
    expect(twoStatements).toHaveLength(2)
    for (const statement of twoStatements)
      expect(statement.compile(oracle).parameters.length).toBeLessThan(ORACLE_BIND_LIMIT)
    const contactInserts = dialect.insertManyQueries('contact', contacts.slice(0, N))
    expect(contactInserts).toHaveLength(1)
    const enforcements = ids.map((contactId, i) => ({
      enforcementId: 2_000_000 + i,
      contactId,
      enforcementActionId: 7201,
      responseDate: '2026-05-08 12:00:00',
      actionTakenDate: audit.now,
      actionTakenTime: audit.now,
      softDeleted: 0,
      partitionAreaId: 0,
      rowVersion: 0,
      createdByUserId: 901,
      createdDatetime: audit.now,
      lastUpdatedUserId: 901,
      lastUpdatedDatetime: audit.now,
    }))
    const audits = ids.map((contactId) => ({
      dateTime: audit.now,
      outcome: 'P',
      interactionParameters: `offenderId='1004',contactId='${contactId}',externalReference='urn:x'`,
      userId: 901,
      businessInteractionId: 9001,
    }))
    for (const statement of [
      ...contactInserts,
      ...dialect.insertManyQueries('enforcement', enforcements),
      ...dialect.insertManyQueries('auditedInteraction', audits),
      dialect.nextIdsQuery('contact_id_seq', 1_500),
    ]) {
      const compiled = statement.compile(oracle)
      assertOracleSql(compiled.sql, compiled.parameters.length)
      expect(compiled.parameters.length).toBeLessThan(ORACLE_BIND_LIMIT)
    }
  }, 60_000)
})
