import { readFile } from 'node:fs/promises'

/**
 * The PostgreSQL/PGlite DDL of the Delius subset (schema.sql beside this file). Never run against
 * Oracle: Delius owns its schema there.
 */
export async function schemaSql(): Promise<string> {
  return readFile(new URL('./schema.sql', import.meta.url), 'utf8')
}

/**
 * Creates every table, index and sequence. `execSql` must accept several statements in one call
 * (PGlite `exec`, pg `query` without parameters, Kysely `sql.raw(...).execute(db)`).
 */
export async function createSchema(execSql: (sqlText: string) => Promise<unknown>): Promise<void> {
  await execSql(await schemaSql())
}
