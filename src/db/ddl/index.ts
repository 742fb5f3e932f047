import { readFile } from 'node:fs/promises'

/**
 * The Delius subset's DDL. One source, `oracle.sql` beside this file: Oracle DDL with Delius's types
 * (NUMBER, VARCHAR2, CHAR, CLOB, DATE), for a real Oracle (compose.yaml, `npm run test:oracle`). The
 * PostgreSQL/PGlite schemas are translated from it here, so they cannot drift from it:
 *
 * - `lower`: unquoted lower-case names, what the dev stack and the PGlite/PostgreSQL suites use;
 * - `upper`: quoted upper-case names, for the Oracle test mode (TEST_DB=oracle), where the SQL the
 *   production Oracle configuration sends runs on PostgreSQL and a name Delius does not have fails.
 *
 * Types: NUMBER(p) → smallint / integer / bigint by precision; VARCHAR2(n) → varchar(n); CHAR(n) →
 * char(n); CLOB → text; DATE → timestamp(0) (both hold a wall-clock value to the second). The
 * translation reads the file line by line in the narrow shape it is written in and refuses any other
 * line, so a construct it does not know is a loud failure, not a silent difference.
 */
export type SchemaNames = 'lower' | 'upper'

/** Names PostgreSQL reserves that Delius uses as column names: quoted in the lower-case schema. */
const POSTGRES_RESERVED = new Set(['system_user'])

const ORACLE_DDL = new URL('./oracle.sql', import.meta.url)

export async function oracleSchemaSql(): Promise<string> {
  return readFile(ORACLE_DDL, 'utf8')
}

/** The PostgreSQL/PGlite DDL for the given naming (never run against Oracle: Delius owns its schema). */
export async function schemaSql(names: SchemaNames = 'lower'): Promise<string> {
  return postgresDdl(await oracleSchemaSql(), names)
}

/**
 * Creates every table, index and sequence. `execSql` must accept several statements in one call
 * (PGlite `exec`, pg `query` without parameters, Kysely `sql.raw(...).execute(db)`).
 */
export async function createSchema(
  execSql: (sqlText: string) => Promise<unknown>,
  names: SchemaNames = 'lower',
): Promise<void> {
  await execSql(await schemaSql(names))
}

/** Oracle column types → PostgreSQL. */
function postgresType(oracleType: string): string {
  const number = oracleType.match(/^NUMBER\((\d+)\)$/)
  if (number) {
    const precision = Number(number[1])
    return precision <= 4 ? 'smallint' : precision <= 9 ? 'integer' : 'bigint'
  }
  const varchar = oracleType.match(/^VARCHAR2\((\d+)\)$/)
  if (varchar) return `varchar(${varchar[1]})`
  const char = oracleType.match(/^CHAR\((\d+)\)$/)
  if (char) return `char(${char[1]})`
  if (oracleType === 'CLOB') return 'text'
  if (oracleType === 'DATE') return 'timestamp(0)'
  throw new Error(`oracle.sql: no PostgreSQL type for ${oracleType}`)
}

function nameIn(names: SchemaNames): (name: string) => string {
  if (names === 'upper') return (name) => `"${name}"`
  return (name) => {
    const lower = name.toLowerCase()
    return POSTGRES_RESERVED.has(lower) ? `"${lower}"` : lower
  }
}

/** Each line shape of oracle.sql and its PostgreSQL form. */
const LINE_RULES: readonly [RegExp, (m: RegExpMatchArray, name: (n: string) => string) => string][] = [
  [/^\s*(--.*)?$/, (m) => m[0]],
  [/^CREATE TABLE (\w+) \($/, (m, name) => `create table ${name(m[1]!)} (`],
  [/^\);$/, (m) => m[0]],
  [
    /^ {2}PRIMARY KEY \(([\w, ]+)\)(,?)$/,
    (m, name) => `  primary key (${m[1]!.split(', ').map(name).join(', ')})${m[2]}`,
  ],
  [
    /^ {2}(\w+) ([A-Z0-9()]+)( DEFAULT (?:'[^']*'|\d+))?( NOT NULL)?( PRIMARY KEY)?(,?)$/,
    (m, name) =>
      `  ${name(m[1]!)} ${postgresType(m[2]!)}${m[3] ? ` default${m[3].slice(' DEFAULT'.length)}` : ''}${m[4] ? ' not null' : ''}${m[5] ? ' primary key' : ''}${m[6]}`,
  ],
  [
    /^CREATE (UNIQUE )?INDEX (\w+) ON (\w+) \((?:(\w+)|UPPER\((\w+)\))\);$/,
    (m, name) =>
      `create ${m[1] ? 'unique ' : ''}index ${name(m[2]!)} on ${name(m[3]!)} (${m[4] ? name(m[4]) : `upper(${name(m[5]!)})`});`,
  ],
  [
    /^CREATE SEQUENCE (\w+) START WITH (\d+);$/,
    (m, name) => `create sequence ${name(m[1]!)} start with ${m[2]};`,
  ],
]

export function postgresDdl(oracleDdl: string, names: SchemaNames): string {
  const name = nameIn(names)
  return oracleDdl
    .split('\n')
    .map((line, index) => {
      for (const [pattern, translate] of LINE_RULES) {
        const match = line.match(pattern)
        if (match) return translate(match, name)
      }
      throw new Error(`oracle.sql line ${index + 1} is not in a shape the translation knows: ${line}`)
    })
    .join('\n')
}

/** Tables, columns and sequences of oracle.sql, upper case (what a name in Oracle SQL may refer to). */
export function oracleNames(oracleDdl: string): Set<string> {
  const names = new Set<string>()
  for (const match of oracleDdl.matchAll(/^(?:CREATE TABLE|CREATE SEQUENCE|\s{2})\s*(\w+)/gm)) {
    if (match[1] !== 'PRIMARY') names.add(match[1]!)
  }
  return names
}
