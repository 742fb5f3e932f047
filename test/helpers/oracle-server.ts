import { readFile } from 'node:fs/promises'
import oracledb from 'oracledb'
import { createDatabase, type DatabaseOptions, type Db } from '../../src/db/database.ts'
import { oracleSchemaSql } from '../../src/db/ddl/index.ts'
import { parseOracleUrl } from '../../src/db/oracle.ts'
import { seed } from '../../src/db/seed.ts'

/**
 * `npm run test:oracle` (TEST_DB=oracle-server): the suites against a real Oracle named by ORACLE_URL
 * (a user that may create users, e.g. SYSTEM of compose.yaml's Oracle Free). Each test file gets a
 * user of its own holding oracle.sql, the VPD package stand-in and the seed, dropped afterwards.
 * Needs Docker, which the project's machines do not have: this path is not run in CI.
 */
export interface OracleSchema {
  url: string
  open(options: Omit<DatabaseOptions, 'url'>): Promise<Db>
  drop(): Promise<void>
}

const SUPPORT_SQL = new URL('../../src/db/ddl/oracle-test-support.sql', import.meta.url)

function adminUrl(): string {
  const url = process.env.ORACLE_URL
  if (!url)
    throw new Error('TEST_DB=oracle-server needs ORACLE_URL=oracle://system:<password>@host:1521/FREEPDB1')
  return url
}

/** The statements of oracle.sql (`;`-terminated) and of the PL/SQL support file (`/`-terminated). */
async function statements(): Promise<string[]> {
  const ddl = (await oracleSchemaSql())
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
  const support = (await readFile(SUPPORT_SQL, 'utf8'))
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/^\/\s*$/m)
  return [...ddl, ...support].map((s) => s.trim()).filter(Boolean)
}

export async function createOracleSchema(name: string): Promise<OracleSchema> {
  const admin = parseOracleUrl(adminUrl())
  const password = `Apd${Math.random().toString(36).slice(2, 12)}`
  const user = name.toUpperCase()
  const adminConnection = await oracledb.getConnection(admin)
  try {
    await adminConnection.execute(`create user ${user} identified by "${password}" quota unlimited on users`)
    await adminConnection.execute(
      `grant create session, create table, create sequence, create procedure to ${user}`,
    )
  } finally {
    await adminConnection.close()
  }
  const url = new URL(adminUrl())
  url.username = user
  url.password = password
  const connection = await oracledb.getConnection({ ...admin, user, password })
  try {
    for (const statement of await statements()) await connection.execute(statement)
  } finally {
    await connection.close()
  }
  const db = await createDatabase({ url: url.toString() })
  try {
    await seed(db.kysely, db.dialect)
  } finally {
    await db.close()
  }
  return {
    url: url.toString(),
    open: (options) => createDatabase({ ...options, url: url.toString() }),
    async drop() {
      const c = await oracledb.getConnection(admin)
      try {
        await c.execute(`drop user ${user} cascade`)
      } finally {
        await c.close()
      }
    },
  }
}
