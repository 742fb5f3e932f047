import { describe, expect, it } from 'vitest'
import { oracleNames, oracleSchemaSql, postgresDdl } from '../../src/db/ddl/index.ts'
import { CLOB_COLUMNS, COLUMNS, TABLES } from '../../src/db/schema.ts'
import { checkOracleScript } from '../helpers/oracle-rules.ts'

/**
 * src/db/ddl/oracle.sql is the one DDL source: Oracle DDL a real Oracle runs (compose.yaml,
 * `npm run test:oracle`), translated to the PostgreSQL/PGlite schemas. Here every statement is parsed
 * with the Oracle grammar, and the translation is checked to refuse what it does not know.
 */
const ddl = await oracleSchemaSql()

const SLOW = { timeout: 120_000 }

describe('oracle.sql', SLOW, () => {
  it('parses with the Oracle grammar, as a whole script', () => {
    expect(ddl.match(/^CREATE (TABLE|INDEX|UNIQUE INDEX|SEQUENCE) /gm)?.length).toBeGreaterThan(90)
    expect(checkOracleScript(ddl)).toStrictEqual([])
  })

  it('the grammar check is live: a broken script fails it', () => {
    expect(checkOracleScript('CREATE TABLE X (A NUMBER(38) PRIMARY KEY,);')).not.toStrictEqual([])
    expect(checkOracleScript(`${ddl}\nCREATE TABLE Y (A NUMBER(38) PRIMARY KEY B);`)).not.toStrictEqual([])
  })

  it('declares exactly the CLOB columns the code binds as CLOBs (schema.ts CLOB_COLUMNS)', () => {
    const declared = new Set<string>()
    let table = ''
    for (const line of ddl.split('\n')) {
      const start = line.match(/^CREATE TABLE (\w+)/)
      if (start) table = start[1]!
      const clob = line.match(/^ {2}(\w+) CLOB\b/)
      if (clob) declared.add(`${table}.${clob[1]}`)
    }
    const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()
    const listed = Object.entries(CLOB_COLUMNS).flatMap(([t, columns]) =>
      (columns ?? []).map((c) => `${snake(t)}.${snake(c)}`),
    )
    expect(listed.sort()).toStrictEqual([...declared].sort())
  })

  it('names every table and column of the Database interface', () => {
    const names = oracleNames(ddl)
    const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()
    for (const table of TABLES) {
      expect(names.has(snake(table)), table).toBe(true)
      for (const column of COLUMNS[table]) expect(names.has(snake(column)), `${table}.${column}`).toBe(true)
    }
  })

  it('the translation refuses a line in a shape it does not know', () => {
    expect(() => postgresDdl('CREATE TABLE X (\n  A NUMBER(38) NOT NULL DEFAULT 0\n);', 'lower')).toThrow(
      /line 2 is not in a shape/,
    )
    expect(() => postgresDdl('CREATE TABLE X (\n  A BLOB\n);', 'upper')).toThrow(
      /no PostgreSQL type for BLOB/,
    )
  })

  it('translates to quoted upper-case names for the Oracle mode and plain lower-case ones otherwise', () => {
    const sample =
      'CREATE TABLE USER_ (\n  USER_ID NUMBER(38) PRIMARY KEY,\n  SYSTEM_USER NUMBER(1) DEFAULT 0 NOT NULL\n);'
    expect(postgresDdl(sample, 'upper')).toBe(
      'create table "USER_" (\n  "USER_ID" bigint primary key,\n  "SYSTEM_USER" smallint default 0 not null\n);',
    )
    expect(postgresDdl(sample, 'lower')).toBe(
      'create table user_ (\n  user_id bigint primary key,\n  "system_user" smallint default 0 not null\n);',
    )
  })
})
