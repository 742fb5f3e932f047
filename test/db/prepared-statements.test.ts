import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { createDatabase, type Db } from '../../src/db/database.ts'
import { statementNamer } from '../../src/db/prepared-statements.ts'
import { findPersonalDetails } from '../../src/db/queries/person.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

describe('statementNamer', () => {
  test('one name per text, stable', () => {
    const nameOf = statementNamer()
    const a = nameOf('select 1 where x = $1')
    const b = nameOf('select 2 where x = $1')
    expect(a).toBeDefined()
    expect(b).toBeDefined()
    expect(a).not.toBe(b)
    expect(nameOf('select 1 where x = $1')).toBe(a)
  })

  test('long texts and texts beyond the bound stay unnamed; known ones keep their name', () => {
    const nameOf = statementNamer({ maxStatements: 2, maxTextLength: 20 })
    expect(nameOf('x'.repeat(21))).toBeUndefined()
    const first = nameOf('select $1')
    const second = nameOf('select $2')
    expect(nameOf('select $3')).toBeUndefined()
    expect(nameOf('select $1')).toBe(first)
    expect(nameOf('select $2')).toBe(second)
  })
})

// The wrapping is on the PostgreSQL server's pooled clients only (PGlite has its own driver).
describe.runIf(inject('testDb') === 'postgres')('prepared statements on the PostgreSQL server', () => {
  let testDb: TestDb
  let db: Db
  const executed: string[] = []

  beforeAll(async () => {
    testDb = await createTestDb()
    // One connection, so the session-level view below sees the statements of the queries before it.
    db = await createDatabase({
      url: testDb.url!,
      poolSize: 1,
      log: (event) => {
        executed.push(event.query.sql)
      },
    })
  })
  afterAll(async () => {
    await db?.close()
    await testDb?.close()
  })

  const preparedOnSession = () =>
    sql<{ statement: string; genericPlans: number; customPlans: number }>`
      select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(db.kysely)

  test('a repeated query is prepared once and then runs on a cached generic plan', async () => {
    for (let i = 0; i < 8; i++) {
      const row = await findPersonalDetails(db.kysely, 'A000001')
      expect(row?.crn).toBe('A000001')
    }
    expect(await findPersonalDetails(db.kysely, 'Z999999')).toBeUndefined()
    const compiled = executed.at(-1)
    const { rows } = await preparedOnSession()
    const personal = rows.filter((row) => row.statement === compiled)
    expect(personal).toHaveLength(1)
    // PostgreSQL plans the first five executions for their values, then reuses a generic plan.
    expect(Number(personal[0]!.genericPlans)).toBeGreaterThanOrEqual(1)
    expect(Number(personal[0]!.genericPlans) + Number(personal[0]!.customPlans)).toBe(9)
  })

  test('transactions, failures inside them and statements without parameters still work', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await findPersonalDetails(trx, 'A000001')
        await sql`select 1 / ${0}::int`.execute(trx)
      }),
    ).rejects.toThrow(/division by zero/)
    // The connection is back in a usable state and the statement prepared inside is still known.
    expect((await findPersonalDetails(db.kysely, 'A000001'))?.crn).toBe('A000001')
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db.kysely)
    expect(rows).toEqual([{ one: 1 }])
  })
})
