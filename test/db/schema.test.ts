import { PGlite, types } from '@electric-sql/pglite'
import { CamelCasePlugin, Kysely, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSchema, schemaSql } from '../../src/db/ddl/index.ts'
import { COLUMNS, type Database, SEQUENCES, TABLES } from '../../src/db/schema.ts'
import { SEED, seed } from '../../src/db/seed.ts'

/** Exposes the plugin's own name mapping, so the test checks exactly what queries will use. */
class Casing extends CamelCasePlugin {
  toSnake(name: string) {
    return this.snakeCase(name)
  }
  toCamel(name: string) {
    return this.camelCase(name)
  }
}
const casing = new Casing()
const oracleCasing = new Casing({ upperCase: true })

let pg: PGlite
let db: Kysely<Database>

beforeAll(async () => {
  // Dates as text, int8 as number: the same rule the application's drivers follow.
  pg = await PGlite.create({
    parsers: {
      [types.INT8]: (value: string) => Number(value),
      [types.TIMESTAMP]: (value: string) => value,
    },
  })
  db = new Kysely<Database>({ dialect: new PGliteDialect(pg), plugins: [new CamelCasePlugin()] })
  await createSchema((text) => pg.exec(text))
  await seed(db)
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  if (pg && !pg.closed) await pg.close()
})

describe('names', () => {
  it('every table and column name round-trips through the casing plugin to a Delius name', () => {
    for (const table of TABLES) {
      const names = [table, ...COLUMNS[table]]
      for (const name of names) {
        const snake = casing.toSnake(name)
        expect(snake, name).toMatch(/^[a-z][a-z0-9_]*$/)
        expect(oracleCasing.toSnake(name), name).toBe(snake.toUpperCase())
        if (name !== 'user_') expect(casing.toCamel(snake), name).toBe(name)
      }
    }
    expect(casing.toSnake('rqmntTypeMainCategoryId')).toBe('rqmnt_type_main_category_id')
    expect(casing.toSnake('forename2')).toBe('forename2')
    expect(casing.toSnake('user_')).toBe('user_')
  })

  it('the DDL creates no dual table (Oracle has one; PostgreSQL queries must not need it)', async () => {
    expect((await schemaSql()).toLowerCase()).not.toMatch(/create\s+table\s+dual\b/)
  })
})

describe('DDL', () => {
  it('creates exactly the tables and columns of the Database interface', async () => {
    const rows = await sql<{ tableName: string; columnName: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' order by table_name, ordinal_position`.execute(db)
    const actual = new Map<string, Set<string>>()
    for (const { tableName, columnName } of rows.rows) {
      if (!actual.has(tableName)) actual.set(tableName, new Set())
      actual.get(tableName)!.add(columnName)
    }
    const expected = new Map(
      TABLES.map((table) => [casing.toSnake(table), new Set(COLUMNS[table].map((c) => casing.toSnake(c)))]),
    )
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort())
    for (const [table, columns] of expected) {
      expect([...(actual.get(table) ?? [])].sort(), table).toEqual([...columns].sort())
    }
  })

  it('every table can be queried through Kysely', async () => {
    for (const table of TABLES) {
      await expect(db.selectFrom(table).selectAll().offset(0).fetch(1).execute()).resolves.toBeDefined()
    }
  })

  it('has the sequences, starting above every seeded id', async () => {
    const rows = await sql<{ sequenceName: string }>`
      select sequence_name from information_schema.sequences where sequence_schema = 'public'`.execute(db)
    expect(rows.rows.map((r) => r.sequenceName).sort()).toEqual([...SEQUENCES].sort())
    const next = await sql<{ id: number }>`select nextval('contact_id_seq') as id`.execute(db)
    expect(next.rows[0]?.id).toBe(1_000_000)
  })

  it('applies the Delius defaults', async () => {
    await db
      .insertInto('rContactOutcomeType')
      .values({ contactOutcomeTypeId: 999_001, code: 'TMP', description: 'Temporary' })
      .execute()
    await sql`insert into custody (custody_id, disposal_id, created_by_user_id, created_datetime,
      last_updated_user_id, last_updated_datetime) values (999001, 1, 1, now(), 1, now())`.execute(db)
    const custody = await db
      .selectFrom('custody')
      .selectAll()
      .where('custodyId', '=', 999_001)
      .executeTakeFirstOrThrow()
    expect(custody).toMatchObject({ softDeleted: 0, partitionAreaId: 0, rowVersion: 0 })
    await db.deleteFrom('custody').where('custodyId', '=', 999_001).execute()
    await db.deleteFrom('rContactOutcomeType').where('contactOutcomeTypeId', '=', 999_001).execute()
  })
})

describe('seed', () => {
  it('uses explicit ids below the sequence range', () => {
    const numbers: number[] = []
    const walk = (value: unknown) => {
      if (typeof value === 'number') numbers.push(value)
      else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v)
    }
    walk(SEED)
    expect(numbers.length).toBeGreaterThan(100)
    for (const n of numbers) expect(n).toBeLessThan(1_000_000)
  })

  it('loads the people of case-details §6 with dates as London wall-clock text', async () => {
    const people = await db
      .selectFrom('offender')
      .select(['crn', 'dateOfBirthDate'])
      .orderBy('offenderId')
      .execute()
    expect(people.map((p) => p.crn)).toEqual(Object.keys(SEED.offenders))
    expect(people[0]?.dateOfBirthDate).toBe('1980-11-01 00:00:00')
  })

  it('has the audit user and the test users', async () => {
    const users = await db.selectFrom('user_').selectAll().orderBy('userId').execute()
    expect(users.map((u) => [u.userId, u.distinguishedName, u.systemUser, u.staffId])).toEqual([
      [SEED.users.auditUser, 'AccreditedProgrammesAndDelius', 1, null],
      [SEED.users.testUser, 'TestUser', 0, SEED.staff.STAFF01],
      [SEED.users.limitedAccessUser, 'TestUserWithLimitedAccess', 0, null],
    ])
  })

  it('gives A000001 exactly its visible accredited-programme components', async () => {
    const requirements = await db
      .selectFrom('rqmnt as r')
      .innerJoin('rRqmntTypeMainCategory as c', 'c.rqmntTypeMainCategoryId', 'r.rqmntTypeMainCategoryId')
      .innerJoin('disposal as d', 'd.disposalId', 'r.disposalId')
      .innerJoin('event as e', 'e.eventId', 'd.eventId')
      .innerJoin('offender as o', 'o.offenderId', 'e.offenderId')
      .select(['r.rqmntId', 'e.eventNumber', 'r.createdDatetime'])
      .where('o.crn', '=', 'A000001')
      .where('c.code', 'in', ['7', 'RM38'])
      .where('r.activeFlag', '=', 1)
      .where('r.softDeleted', '=', 0)
      .orderBy('r.rqmntId')
      .execute()
    const [req0, req1, , req3] = SEED.requirements
    expect(requirements).toEqual(
      [req0, req1, req3].map((id) => ({
        rqmntId: id,
        eventNumber: '3',
        createdDatetime: '2025-01-01 12:00:00',
      })),
    )

    const licenceConditions = await db
      .selectFrom('licCondition as l')
      .innerJoin('rLicCondTypeMainCat as c', 'c.licCondTypeMainCatId', 'l.licCondTypeMainCatId')
      .leftJoin('rStandardReferenceList as sub', 'sub.standardReferenceListId', 'l.licCondTypeSubCatId')
      .select(['l.licConditionId', 'c.code', 'sub.codeValue as subCode'])
      .where('l.disposalId', '=', SEED.disposals.A000001[1])
      .where('l.activeFlag', '=', 1)
      .where('l.softDeleted', '=', 0)
      .orderBy('l.licConditionId')
      .execute()
    // The §4 sentence example lists sub-category else main category: LAP, TEST, LAP.
    expect(licenceConditions.map((l) => l.subCode ?? l.code)).toEqual(['LAP', 'TEST', 'LAP'])
    expect(licenceConditions.map((l) => l.licConditionId)).toEqual([...SEED.licenceConditions])
  })

  it('puts REQUIREMENTS[2] on A000002 and every termination component on A000003 with a manager', async () => {
    const owners = await db
      .selectFrom('rqmnt as r')
      .innerJoin('offender as o', 'o.offenderId', 'r.offenderId')
      .innerJoin('rqmntManager as m', (join) =>
        join.onRef('m.rqmntId', '=', 'r.rqmntId').on('m.activeFlag', '=', 1).on('m.softDeleted', '=', 0),
      )
      .select(['r.rqmntId', 'o.crn', 'm.allocatedStaffId'])
      .where('r.rqmntId', 'in', [
        SEED.requirements[2],
        SEED.termination.requirement,
        SEED.termination.alreadyTerminatedRequirement,
        SEED.termination.beforeStartRequirement,
        SEED.termination.transferRequirement,
      ])
      .orderBy('r.rqmntId')
      .execute()
    expect(owners.map((o) => o.crn)).toEqual(['A000002', 'A000003', 'A000003', 'A000003', 'A000003'])
    expect(new Set(owners.map((o) => o.allocatedStaffId))).toEqual(new Set([SEED.staff.STAFF01]))

    const transfer = await db
      .selectFrom('rqmntTransfer as t')
      .innerJoin('rStandardReferenceList as s', 's.standardReferenceListId', 't.transferStatusId')
      .select(['t.rqmntId', 's.codeValue', 't.notes'])
      .executeTakeFirstOrThrow()
    expect(transfer).toEqual({ rqmntId: SEED.termination.transferRequirement, codeValue: 'PN', notes: null })
  })

  it('has the reference data the services look up by code', async () => {
    const dataset = async (codeSetName: string) =>
      (
        await db
          .selectFrom('rStandardReferenceList as s')
          .innerJoin('rReferenceDataMaster as m', 'm.referenceDataMasterId', 's.referenceDataMasterId')
          .select(['s.codeValue', 's.codeDescription'])
          .where('m.codeSetName', '=', codeSetName)
          .orderBy('s.codeValue')
          .execute()
      ).map((r) => `${r.codeValue}=${r.codeDescription}`)
    expect(await dataset('REQUIREMENT TERMINATION REASON')).toEqual(['51=Description of 51'])
    expect(await dataset('LICENCE CONDITION TERMINATION REASON')).toEqual(['51=Description of 51'])
    expect(await dataset('TRANSFER STATUS')).toEqual(['PN=Description of PN', 'TR=Description of TR'])
    expect(await dataset('ACCEPTED DECISION')).toEqual(['R=Description of R'])
    expect(await dataset('REQUIREMENT AREA TRANSFER REJECTION REASON')).toEqual(['TE=Description of TE'])
    expect(await dataset('LICENCE AREA TRANSFER REJECTION REASON')).toEqual(['TWR=Description of TWR'])
    expect((await dataset('DOMAIN EVENT TYPE')).map((r) => r.split('=')[0])).toEqual([
      'probation-case.licence-condition.terminated',
      'probation-case.requirement.terminated',
    ])

    const contactTypes = await db.selectFrom('rContactType').select('code').orderBy('code').execute()
    expect(contactTypes.map((t) => t.code)).toEqual(Object.keys(SEED.contactTypes).sort())

    const outcomes = await db
      .selectFrom('rContactOutcomeType')
      .select(['code', 'outcomeAttendance', 'outcomeCompliantAcceptable', 'enforceable'])
      .orderBy('contactOutcomeTypeId')
      .execute()
    expect(
      outcomes.map((o) => `${o.code}:${o.outcomeAttendance}${o.outcomeCompliantAcceptable}${o.enforceable}`),
    ).toEqual(['ATTC:YYN', 'FTC:NNY', 'AA:NYN', 'AFTC:YNY', 'UAAB:NNY'])

    const rom = await db
      .selectFrom('rEnforcementAction as a')
      .innerJoin('rContactType as t', 't.contactTypeId', 'a.contactTypeId')
      .select([
        'a.code',
        'a.description',
        'a.responseByPeriod',
        'a.outstandingContactAction',
        't.code as typeCode',
      ])
      .executeTakeFirstOrThrow()
    expect(rom).toEqual({
      code: 'ROM',
      description: 'Refer to manager',
      responseByPeriod: 7,
      outstandingContactAction: 'Y',
      typeCode: 'ROM',
    })

    const interactions = await db
      .selectFrom('businessInteraction')
      .select('businessInteractionCode')
      .orderBy('businessInteractionCode')
      .execute()
    expect(interactions.map((i) => i.businessInteractionCode)).toEqual(['CLBI003', 'CLBI007', 'CLBI009'])
  })

  it('keeps the search appointments in the order the search returns them', async () => {
    const rows = await db
      .selectFrom('contact as c')
      .innerJoin('rContactType as t', 't.contactTypeId', 'c.contactTypeId')
      .select(['c.contactId', 'c.externalReference'])
      .where('t.code', '=', 'CAPY')
      .where('c.offenderId', '=', SEED.offenders.A000001)
      .orderBy('c.contactDate')
      .orderBy('c.contactStartTime')
      .execute()
    const [a0, a1, a2, a3] = SEED.appointments.contacts
    expect(rows.map((r) => r.contactId)).toEqual([a0, a2, a1, a3])
    expect(rows[0]?.externalReference).toBe(
      `urn:uk:gov:accredited-programmes:appointment:${SEED.appointments.references[0]}`,
    )
  })
})
