import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectFor, inList, insertMany, nextIds } from '../../src/db/dialect.ts'
import type { Database } from '../../src/db/schema.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { createOracleCompiler } from '../helpers/oracle-kysely.ts'
import { assertOracleSql, checkOracleSql } from '../helpers/oracle-rules.ts'

let db: TestDb
const oracle = createOracleCompiler<Database>()
const oracleDialect = dialectFor('oracle')

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(async () => {
  await db?.close()
})

const auditRow = (i: number) => ({
  dateTime: '2025-06-01 10:00:00',
  outcome: 'P',
  interactionParameters: `contactId='${i}'`,
  userId: 1,
  businessInteractionId: 1,
})

describe('sequences', () => {
  it('fetches n distinct ids in one round trip', async () => {
    const { result, count } = await db.countQueries(() =>
      nextIds(db.kysely, db.dialect, 'contact_id_seq', 500),
    )
    expect(count).toBe(1)
    expect(new Set(result).size).toBe(500)
    expect(result.every((id) => Number.isInteger(id) && id >= 1_000_000)).toBe(true)
  })

  it('the Oracle form is one statement, valid for Oracle', () => {
    const compiled = oracleDialect.nextIdsQuery('contact_id_seq', 500).compile(oracle)
    expect(compiled.sql).toBe('select contact_id_seq.nextval as id from dual connect by level <= :1')
    assertOracleSql(compiled.sql)
  })
})

describe('inserting many rows', () => {
  it('inserts 1,200 rows in two statements and reads them back', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => auditRow(i))
    const { count } = await db.countQueries(() =>
      insertMany(db.kysely, db.dialect, 'auditedInteraction', rows),
    )
    expect(count).toBe(2)
    const stored = await db.kysely
      .selectFrom('auditedInteraction')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('interactionParameters', 'like', 'contactId=%')
      .executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(1200)
  })

  it('the Oracle form uses INSERT ALL, never multi-row VALUES', () => {
    const statements = oracleDialect.insertManyQueries('auditedInteraction', [auditRow(1), auditRow(2)])
    expect(statements).toHaveLength(1)
    const compiled = statements[0]!.compile(oracle)
    expect(compiled.sql).toMatch(/^insert all into "AUDITED_INTERACTION" \("DATE_TIME", /)
    expect(compiled.sql).toMatch(/ select 1 from dual$/)
    expect(checkOracleSql(compiled.sql, compiled.parameters.length)).toEqual([])
  })

  it('the postgres form would break the Oracle rules (which is why it lives in the dialect seam)', () => {
    const compiled = dialectFor('postgres')
      .insertManyQueries('auditedInteraction', [auditRow(1), auditRow(2)])[0]!
      .compile(oracle)
    expect(checkOracleSql(compiled.sql).join()).toMatch(/VALUES/i)
  })
})

describe('IN lists', () => {
  it('splits 2,500 ids into IN lists of at most 1000 in one statement, valid for Oracle', () => {
    const ids = Array.from({ length: 2500 }, (_, i) => i + 1)
    const compiled = oracle
      .selectFrom('contact')
      .select('contactId')
      .where((eb) => inList(eb, 'rqmntId', ids))
      .compile()
    expect(compiled.sql.match(/ in \(/g)).toHaveLength(3)
    expect(checkOracleSql(compiled.sql, compiled.parameters.length)).toEqual([])
  })

  it('an empty list is a false condition that Oracle accepts', async () => {
    const query = (k: typeof db.kysely) =>
      k
        .selectFrom('contact')
        .select('contactId')
        .where((eb) => inList(eb, 'rqmntId', []))
    assertOracleSql(query(oracle).compile().sql)
    expect(await query(db.kysely).execute()).toEqual([])
  })

  it('runs on the database with 2,500 ids', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => i + 1)
    const rows = await db.kysely
      .selectFrom('offender')
      .select('crn')
      .where((eb) => inList(eb, 'offenderId', ids))
      .execute()
    expect(rows.length).toBeGreaterThan(0)
  })
})
