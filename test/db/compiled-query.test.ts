import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compiledQuery, reusableQuery } from '../../src/db/compiled-query.ts'
import { inList } from '../../src/db/dialect.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

describe('compiledQuery', () => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb()
  })
  afterAll(async () => {
    await db?.close()
  })

  const people = compiledQuery((kysely, ids: readonly number[], surname: string) =>
    kysely
      .selectFrom('offender')
      .select(['offenderId', 'crn', 'surname'])
      .where((eb) => inList(eb, 'offenderId', ids))
      .where('surname', '<>', surname)
      .orderBy('offenderId'),
  )

  /** The same query through Kysely's usual path, for comparison. */
  const plainPeople = (ids: readonly number[], surname: string) =>
    db.kysely
      .selectFrom('offender')
      .select(['offenderId', 'crn', 'surname'])
      .where((eb) => inList(eb, 'offenderId', ids))
      .where('surname', '<>', surname)
      .orderBy('offenderId')
      .execute()

  test('each call binds its own values into the SQL compiled by the first, and answers as Kysely would', async () => {
    const all = await db.kysely.selectFrom('offender').select(['offenderId', 'surname']).execute()
    expect(all.length).toBeGreaterThanOrEqual(3)
    const [a, b, c] = all
    const calls: [number[], string][] = [
      [[a!.offenderId, b!.offenderId], 'nobody'],
      [[b!.offenderId, c!.offenderId], b!.surname],
      [[c!.offenderId, a!.offenderId], 'nobody'],
      [[a!.offenderId], 'nobody'],
      [[], 'nobody'],
    ]
    for (const [ids, surname] of calls) {
      expect(await people(db.kysely, ids, surname)).toEqual(await plainPeople(ids, surname))
    }
    // Camel-cased rows, values from the second call (b excluded by surname).
    expect(await people(db.kysely, [b!.offenderId, c!.offenderId], b!.surname)).toEqual(
      (await plainPeople([c!.offenderId], 'nobody')).filter((row) => row.surname !== b!.surname),
    )
  })

  test('runs the statement the plain builder would, logged once per call', async () => {
    const { statements: compiled } = await db.countQueries(() => people(db.kysely, [1, 2], 'x'))
    const { statements: plain } = await db.countQueries(() => plainPeople([1, 2], 'x'))
    expect(compiled).toEqual(plain)
  })

  test('a list of another length compiles its own SQL; null binds as SQL NULL', async () => {
    const lookup = compiledQuery((kysely, crn: string) =>
      kysely.selectFrom('offender').select('crn').where('crn', '=', crn),
    )
    expect(await lookup(db.kysely, 'A000001')).toEqual([{ crn: 'A000001' }])
    expect(await lookup(db.kysely, 'Z999999')).toEqual([])
    expect(await lookup(db.kysely, null as unknown as string)).toEqual([])
    const { count } = await db.countQueries(() => people(db.kysely, [1, 2, 3], 'x'))
    expect(count).toBe(1)
  })

  test('refuses a builder that uses an argument for anything but a bound value', async () => {
    const misuse = compiledQuery((kysely, crn: string) =>
      kysely
        .selectFrom('offender')
        .select('crn')
        .where('crn', '=', String(crn).length > 0 ? 'A000001' : 'none'),
    )
    await expect(misuse(db.kysely, 'A000001')).rejects.toThrow(/value 0 is not used as a bound value/)
  })

  test('named values and shape: built once per shape, shared by transactions, fresh values each run', async () => {
    let builds = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        builds++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const kysely = db.kysely.withPlugin(counting)
    const byCrn = reusableQuery<{ withSurname: boolean }, { crn: string; surname: string }, { crn: string }>(
      (k, shape, value) => {
        const query = k.selectFrom('offender').select('crn').where('crn', '=', value('crn'))
        return shape.withSurname ? query.where('surname', '=', value('surname')) : query
      },
    )
    const surname = (
      await db.kysely
        .selectFrom('offender')
        .select('surname')
        .where('crn', '=', 'A000001')
        .executeTakeFirstOrThrow()
    ).surname
    const plain = await byCrn(kysely, { withSurname: false }, { crn: 'A000001', surname: 'ignored' })
    expect(plain.rows).toEqual([{ crn: 'A000001' }])
    expect((await byCrn(kysely, { withSurname: true }, { crn: 'A000001', surname })).rows).toEqual([
      { crn: 'A000001' },
    ])
    expect((await byCrn(kysely, { withSurname: true }, { crn: 'A000001', surname: 'Nobody' })).rows).toEqual(
      [],
    )
    await kysely.transaction().execute(async (trx) => {
      expect((await byCrn(trx, { withSurname: false }, { crn: 'Z999999', surname: '' })).rows).toEqual([])
    })
    // Two shapes, two builds; the other four runs (one in a transaction) reused them.
    expect(builds).toBe(2)
  })
})
