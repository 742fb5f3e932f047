import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { createDatabase } from '../../src/db/database.ts'
import { createSchema } from '../../src/db/ddl/index.ts'
import { pgliteDb, pgliteParsers } from '../../src/db/pglite.ts'
import { seed } from '../../src/db/seed.ts'

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
  for (const file of ['src/db/ddl/schema.sql', 'src/db/seed.ts']) hash.update(readFileSync(join(root, file)))
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
  await seed(db.kysely)
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

/** Creates `name` with the schema and seed, to be used as a CREATE DATABASE template. */
export async function createPostgresTemplate(name: string): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
  })
  const db = await createDatabase({ url: postgresUrl(name) })
  try {
    await createSchema(async (text) => {
      const { sql } = await import('kysely')
      await sql.raw(text).execute(db.kysely)
    })
    await seed(db.kysely)
  } finally {
    await db.close()
  }
}
