import { PGlite } from '@electric-sql/pglite'
import { CamelCasePlugin, type Generated, Kysely, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOracleCompiler, OracleShadowPlugin } from '../helpers/oracle-kysely.ts'
import { assertOracleSql, checkOracleSql, OracleSqlError } from '../helpers/oracle-rules.ts'

const SLOW = { timeout: 60_000 }

const binds = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `:${i + from}`).join(', ')

/** A small slice of the Delius schema, camelCase as in the service's Database type. */
interface TestDatabase {
  rContactType: { contactTypeId: number; code: string; description: string; selectable: string }
  offender: { offenderId: number; crn: string; softDeleted: number }
  contact: {
    contactId: number
    offenderId: number
    contactTypeId: number
    contactDate: string
    notes: string | null
    softDeleted: number
  }
}

describe('checkOracleSql: rejects what Oracle refuses', SLOW, () => {
  beforeAll(() => {
    // warm the grammar (first parse ~0.7 s) outside the individual tests
    checkOracleSql('select 1 from dual')
  }, 60_000)

  it.each([
    ['LIMIT', 'select "ID" from "T" order by "ID" limit :1', /LIMIT/],
    ['RETURNING', 'update "T" set "A" = :1 where "ID" = :2 returning "ID"', /RETURNING/],
    ['multi-row VALUES', 'insert into "T" ("A") values (:1), (:2)', /multi-row VALUES/],
    ['$n placeholders', 'select "A" from "T" where "ID" = $1', /\$n placeholders/],
    ['? placeholders', 'select "A" from "T" where "ID" = ?', /\? placeholders/],
    ["nextval('seq')", "select nextval('contact_id_seq') from dual", /nextval/],
    ['boolean literal', 'select "A" from "T" where "B" = true', /boolean literals/],
    ['ILIKE', 'select "A" from "T" where "B" ilike :1', /ILIKE/],
    [':: cast', 'select "A"::int from "T"', /:: casts/],
    ['generate_series', 'select "N" from generate_series(1, :1) "N"', /generate_series/],
    ['ON CONFLICT', 'insert into "T" ("A") values (:1) on conflict do nothing', /ON CONFLICT/],
    ['SELECT without FROM', 'select :1 "X"', /SELECT without FROM/],
    ['SELECT without FROM in a union', 'select "A" from "T" union all select :1', /SELECT without FROM/],
    ['statement separator', 'select 1 from dual;', /';' is not allowed/],
    ['IS DISTINCT FROM', 'select "A" from "T" where "A" is distinct from :1', /DISTINCT FROM/],
    ['a syntax error', 'selct "A" from "T"', /PL\/SQL grammar/],
    ['an unbalanced parenthesis', 'select "A" from "T" where ("A" = :1', /PL\/SQL grammar/],
    ['a table alias with AS', 'select "t"."A" from "T" as "t"', /PL\/SQL grammar/],
    ['an empty IN list', 'select "A" from "T" where "A" in ()', /PL\/SQL grammar/],
  ])('rejects %s', (_name, statement, pattern) => {
    const violations = checkOracleSql(statement)
    expect(violations.length).toBeGreaterThan(0)
    expect(violations.join('\n')).toMatch(pattern)
  })

  it('rejects an IN list of 1001 items and accepts 1000', () => {
    expect(checkOracleSql(`select "A" from "T" where "ID" in (${binds(1001)})`).join()).toMatch(/1001 items/)
    expect(checkOracleSql(`select "A" from "T" where "ID" in (${binds(1000)})`)).toEqual([])
    const literals = Array.from({ length: 1001 }, (_, i) => `'${i}'`).join(', ')
    expect(checkOracleSql(`delete from "T" where "CODE" not in (${literals})`).join()).toMatch(/1001 items/)
    // two chunks of 1000 (the dialect module's inList) are fine
    expect(
      checkOracleSql(
        `select "A" from "T" where ("ID" in (${binds(1000)}) or "ID" in (${binds(1000, 1001)}))`,
      ),
    ).toEqual([])
    // a subquery is not a list
    expect(checkOracleSql('select "A" from "T" where "ID" in (select "ID" from "U" where "B" = :1)')).toEqual(
      [],
    )
  })

  it('checks the bind count when the parameter count is given', () => {
    expect(checkOracleSql('select "A" from "T" where "ID" = :1 and "B" = :2', 2)).toEqual([])
    expect(checkOracleSql('select "A" from "T" where "ID" = :1 and "B" = :2', 3).join()).toMatch(
      /2 bind placeholders \(:n\) but 3 parameters/,
    )
  })

  it('ignores keywords inside string literals, quoted identifiers and comments', () => {
    const statement = `select "LIMIT", "RETURNING" from "T" /* limit 10 */ where "A" = 'no limit? $1 true::x, (1), (2)' -- returning`
    expect(checkOracleSql(statement)).toEqual([])
  })

  it('assertOracleSql throws an error naming the violations and the SQL', () => {
    const statement = 'select "ID" from "T" limit :1'
    expect(() => assertOracleSql(statement)).toThrow(OracleSqlError)
    expect(() => assertOracleSql(statement)).toThrow(/LIMIT[\s\S]*SQL: select "ID" from "T" limit :1/)
    expect(() => assertOracleSql('select "ID" from "T" where "ID" = :1')).not.toThrow()
  })

  it('caches verdicts without sharing the returned array', () => {
    const statement = 'select "ID" from "CACHED" limit :1'
    const first = checkOracleSql(statement)
    first.length = 0
    const started = performance.now()
    const second = checkOracleSql(statement)
    expect(performance.now() - started).toBeLessThan(5)
    expect(second.length).toBeGreaterThan(0)
  })
})

describe('checkOracleSql: accepts Oracle SQL', SLOW, () => {
  it.each([
    ['select', 'select "ID", "NAME" from "USERS" where "NAME" = :1 and "ID" > :2 order by "ID"'],
    [
      'select with joins',
      'select "u"."NAME", "o"."TOTAL" "total" from "USERS" "u" inner join "ORDERS" "o" on "o"."USER_ID" = "u"."ID" left join "X" "x" on "x"."ID" = "o"."X_ID" where "o"."TOTAL" > :1',
    ],
    ['offset/fetch', 'select "ID" from "T" order by "ID" offset :1 rows fetch next :2 rows only'],
    ['fetch first', 'select "ID" from "T" order by "ID" offset :1 rows fetch first :2 rows only'],
    ['insert', 'insert into "USERS" ("NAME", "EMAIL", "CREATED_AT") values (:1, :2, :3)'],
    ['update', 'update "USERS" set "NAME" = :1, "UPDATED" = sysdate where "ID" = :2'],
    ['delete', 'delete from "USERS" where "ID" in (:1, :2, :3)'],
    ['sequence ids', 'select CONTACT_ID_SEQ.nextval from dual connect by level <= :1'],
    ['sequence ids (aliased)', 'select CONTACT_ID_SEQ.nextval as id from dual connect by level <= :1'],
    ['insert all', 'insert all into T (A) values (:1) into T (A) values (:2) select 1 from dual'],
    [
      'merge',
      'merge into "CONTACT" "t" using (select :1 "ID", :2 "NOTES" from dual) "s" on ("t"."CONTACT_ID" = "s"."ID") when matched then update set "t"."NOTES" = "s"."NOTES" when not matched then insert ("CONTACT_ID", "NOTES") values ("s"."ID", "s"."NOTES")',
    ],
    ['insert select', 'insert into "T" ("A", "B") select :1, "B" from "U" where "C" = :2'],
    ['with', 'with "x" as (select "A" from "T" where "B" = :1) select "A" from "x"'],
    ['extract', 'select extract(year from "D") "y" from "T"'],
    ['for update', 'select "A" from "T" where "ID" = :1 for update'],
    ['PL/SQL block', 'begin pkg_vpd_ctx.set_client_identifier(:username); end;'],
    ['q-quoted literal', "select q'[it's (1), (2) limit]' from dual"],
  ])('accepts %s', (_name, statement) => {
    expect(checkOracleSql(statement)).toEqual([])
  })
})

describe('createOracleCompiler: kysely-oracledb output passes', SLOW, () => {
  const db = createOracleCompiler<TestDatabase>()

  it('maps camelCase names to Delius upper-case names', () => {
    const { sql: text } = db.selectFrom('rContactType').select('contactTypeId').compile()
    expect(text).toBe('select "CONTACT_TYPE_ID" from "R_CONTACT_TYPE"')
    assertOracleSql(text)
  })

  const queries = {
    'select with joins, where in and offset/fetch': db
      .selectFrom('contact as c')
      .innerJoin('rContactType as t', 't.contactTypeId', 'c.contactTypeId')
      .leftJoin('offender as o', 'o.offenderId', 'c.offenderId')
      .select(['c.contactId', 't.code', 'o.crn'])
      .where('o.crn', 'in', ['A000001', 'A000002'])
      .where('c.softDeleted', '=', 0)
      .orderBy('c.contactDate', 'desc')
      .offset(20)
      .fetch(10),
    'case and coalesce': db
      .selectFrom('contact')
      .select((eb) => [
        eb
          .case()
          .when('notes', 'is', null)
          .then('none')
          .when('softDeleted', '=', 1)
          .then('deleted')
          .else('some')
          .end()
          .as('state'),
        eb.fn.coalesce('notes', eb.val('')).as('notes'),
      ])
      .where('contactId', '=', 1),
    'aggregate with group by and having': db
      .selectFrom('contact')
      .select((eb) => [
        'offenderId',
        eb.fn.count<number>('contactId').as('total'),
        eb.fn.max('contactDate').as('last'),
      ])
      .groupBy('offenderId')
      .having((eb) => eb.fn.count('contactId'), '>', 1),
    'subquery and exists': db
      .selectFrom('offender as o')
      .select([
        'o.crn',
        (eb) =>
          eb
            .selectFrom('contact as c')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('c.offenderId', '=', 'o.offenderId')
            .as('contacts'),
      ])
      .where((eb) =>
        eb.and([
          eb.exists(
            eb
              .selectFrom('contact as c')
              .select('c.contactId')
              .whereRef('c.offenderId', '=', 'o.offenderId')
              .where(
                'c.contactTypeId',
                'in',
                eb.selectFrom('rContactType').select('contactTypeId').where('code', '=', 'CAPY'),
              ),
          ),
          eb.not(eb('o.softDeleted', '=', 1)),
        ]),
      ),
    'insert one row': db.insertInto('contact').values({
      contactId: 1,
      offenderId: 2,
      contactTypeId: 3,
      contactDate: '2026-01-01',
      notes: null,
      softDeleted: 0,
    }),
    'insert select': db
      .insertInto('contact')
      .columns(['contactId', 'offenderId', 'contactTypeId', 'contactDate', 'softDeleted'])
      .expression((eb) =>
        eb
          .selectFrom('offender')
          .select((e) => [
            e.val(9).as('contactId'),
            'offenderId',
            e.val(3).as('t'),
            e.val('2026-01-01').as('d'),
            e.lit(0).as('s'),
          ])
          .where('crn', '=', 'A000001'),
      ),
    update: db
      .updateTable('contact')
      .set((eb) => ({ notes: eb.fn.coalesce('notes', eb.val('x')), softDeleted: 1 }))
      .where('contactId', 'in', [1, 2, 3]),
    delete: db.deleteFrom('contact').where('offenderId', '=', 2).where('contactDate', '<', '2020-01-01'),
    // Oracle needs the ON condition in parentheses, and has no "then do nothing"
    'merge (parenthesised on)': db
      .mergeInto('contact as t')
      .using('offender as s', (join) =>
        join.on((eb) => eb.parens(eb('s.offenderId', '=', eb.ref('t.offenderId')))),
      )
      .whenMatched()
      .thenUpdateSet({ softDeleted: 1 })
      .whenNotMatched()
      .thenInsertValues((eb) => ({
        contactId: 1,
        offenderId: eb.ref('s.offenderId'),
        contactTypeId: 3,
        contactDate: '2026-01-01',
        softDeleted: 0,
      })),
  }

  it.each(Object.entries(queries))('%s', (_name, query) => {
    const compiled = query.compile()
    expect(checkOracleSql(compiled.sql, compiled.parameters.length)).toEqual([])
  })

  it('flags the builder calls that Oracle refuses', () => {
    const limit = db.selectFrom('contact').select('contactId').limit(1).compile()
    expect(checkOracleSql(limit.sql).join()).toMatch(/LIMIT/)
    const returning = db.updateTable('contact').set({ softDeleted: 1 }).returning('contactId').compile()
    expect(checkOracleSql(returning.sql).join()).toMatch(/RETURNING/)
    const multi = db
      .insertInto('rContactType')
      .values([
        { contactTypeId: 1, code: 'A', description: 'a', selectable: 'Y' },
        { contactTypeId: 2, code: 'B', description: 'b', selectable: 'Y' },
      ])
      .compile()
    expect(checkOracleSql(multi.sql).join()).toMatch(/multi-row VALUES/)
    const noFrom = db.selectNoFrom((eb) => eb.val(1).as('one')).compile()
    expect(checkOracleSql(noFrom.sql).join()).toMatch(/SELECT without FROM/)
    const merge = db
      .mergeInto('contact as t')
      .using('offender as s', 's.offenderId', 't.offenderId')
      .whenNotMatched()
      .thenDoNothing()
      .compile()
    expect(checkOracleSql(merge.sql).join()).toMatch(/PL\/SQL grammar/)
  })
})

describe('OracleShadowPlugin on PGlite', SLOW, () => {
  interface Db {
    rContactType: { contactTypeId: Generated<number>; code: string; description: string | null }
  }
  const shadow = new OracleShadowPlugin()
  let pglite: PGlite
  let db: Kysely<Db>

  beforeAll(async () => {
    pglite = await PGlite.create()
    db = new Kysely<Db>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin(), shadow] })
    await sql`create table r_contact_type (
      contact_type_id serial primary key, code varchar(10) not null, description varchar(100))`.execute(db)
    await sql`insert into r_contact_type (code, description) values ('CAPY', 'one'), ('CAPZ', 'two')`.execute(
      db,
    )
  }, 60_000)

  afterAll(async () => {
    await db?.destroy()
  })

  it('skips raw sql queries', async () => {
    const skipped = shadow.skipped
    const result = await sql<{ one: number }>`select 1 as one`.execute(db)
    expect(result.rows).toEqual([{ one: 1 }])
    expect(shadow.skipped).toBe(skipped + 1)
  })

  it('fails a .limit() query', async () => {
    await expect(db.selectFrom('rContactType').select('code').limit(1).execute()).rejects.toThrow(
      OracleSqlError,
    )
    expect(shadow.violations.at(-1)?.sql).toBe('select "code" from "r_contact_type" limit :1')
  })

  it('runs an .offset().fetch() query and records it', async () => {
    const rows = await db
      .selectFrom('rContactType')
      .select('code')
      .orderBy('code')
      .offset(0)
      .fetch(1)
      .execute()
    expect(rows).toEqual([{ code: 'CAPY' }])
    expect(shadow.checked).toContain(
      'select "code" from "r_contact_type" order by "code" offset :1 rows fetch first :2 rows only',
    )
  })

  it('fails a multi-row insert before it reaches the database', async () => {
    await expect(
      db
        .insertInto('rContactType')
        .values([
          { code: 'X1', description: null },
          { code: 'X2', description: null },
        ])
        .execute(),
    ).rejects.toThrow(/multi-row VALUES/)
    const count = await db
      .selectFrom('rContactType')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst()
    expect(Number(count?.n)).toBe(2)
  })

  it('passes single-row insert, update and delete, and counts them', async () => {
    const before = shadow.count
    await db.insertInto('rContactType').values({ code: 'CAPW', description: 'three' }).execute()
    await db.updateTable('rContactType').set({ description: 'changed' }).where('code', '=', 'CAPW').execute()
    await db.deleteFrom('rContactType').where('code', 'in', ['CAPW']).execute()
    expect(shadow.count).toBe(before + 3)
  })

  it('skips DDL from the schema builder', async () => {
    const skipped = shadow.skipped
    await db.schema.createTable('scratch').addColumn('id', 'integer').execute()
    expect(shadow.skipped).toBe(skipped + 1)
  })
})
