import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { createDatabase, type DatabaseOptions, type Db } from '../../src/db/database.ts'
import { createSchema, oracleSchemaSql } from '../../src/db/ddl/index.ts'
import { oracleDatabase } from '../../src/db/oracle.ts'
import { pgliteDb, pgliteParsers } from '../../src/db/pglite.ts'
import { seed } from '../../src/db/seed.ts'
import { OracleOnPostgresPool } from './oracle-on-postgres.ts'
import { checkOracleStatement } from './oracle-rules.ts'

/**
 * Database templates for the test suite: the schema and seed are loaded once per run (PGlite takes
 * ~5 s to initialise; PostgreSQL a second), then every test file gets its own copy.
 */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const root = resolve(import.meta.dirname, '../..')

/** Changes to the DDL or the seed give a new template. */
export function templateHash(): string {
  const hash = createHash('sha256')
  for (const file of ['src/db/ddl/oracle.sql', 'src/db/ddl/index.ts', 'src/db/seed.ts'])
    hash.update(readFileSync(join(root, file)))
  return hash.digest('hex').slice(0, 12)
}

/** A seeded PGlite data directory, built once and reused while the DDL and seed are unchanged. */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = join(root, '.cache', `pglite-template-${templateHash()}`)
  if (existsSync(join(dir, 'PG_VERSION'))) return dir
  const building = mkdtempSync(join(tmpdir(), 'apd-template-'))
  const pglite = await PGlite.create({ dataDir: building, parsers: pgliteParsers })
  await createSchema((text) => pglite.exec(text))
  const db = pgliteDb(pglite)
  await seed(db.kysely, db.dialect)
  await db.close()
  rmSync(dir, { recursive: true, force: true })
  cpSync(building, dir, { recursive: true })
  rmSync(building, { recursive: true, force: true })
  return dir
}

export function copyPgliteTemplate(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'apd-pglite-'))
  cpSync(template, dir, { recursive: true })
  return dir
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export function postgresUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * Creates `name` with the schema and seed, to be used as a CREATE DATABASE template. For the Oracle
 * test mode the schema has Delius's upper-case names and the seed goes in through the production
 * Oracle configuration (its `insert all` batches included).
 */
export async function createPostgresTemplate(
  name: string,
  mode: 'postgres' | 'oracle' = 'postgres',
): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
  })
  const url = postgresUrl(name)
  await withClient(url, async (client) => {
    await createSchema((text) => client.query(text), mode === 'oracle' ? 'upper' : 'lower')
  })
  const db = mode === 'oracle' ? await createOracleModeDatabase({ url }) : await createDatabase({ url })
  try {
    await seed(db.kysely, db.dialect)
  } finally {
    await db.close()
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * The production Oracle configuration (`oracleDatabase`) over the Oracle-on-PostgreSQL driver, on a
 * database with the upper-case schema. ORACLE_SQL_LOG names a file for every distinct statement.
 */
export async function createOracleModeDatabase(
  options: Pick<DatabaseOptions, 'url' | 'poolSize' | 'plugins' | 'log'> & { statements?: string[] },
): Promise<Db> {
  // The Oracle grammar loads on first use (~1 s, more under load): load it now, not inside a
  // request with a deadline (the health check's).
  warmUpOracleGrammar()
  const pool = new OracleOnPostgresPool({
    statements: options.statements,
    url: options.url,
    poolSize: options.poolSize,
    oracleDdl: await oracleSchemaSql(),
    sqlLog: process.env.ORACLE_SQL_LOG || undefined,
  })
  return oracleDatabase(pool, { plugins: options.plugins, log: options.log })
}

function warmUpOracleGrammar(): void {
  checkOracleStatement('select 1 from dual')
}
