import pg from 'pg'
import { describe, expect, inject, test } from 'vitest'
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts'
import { NotFoundError } from '../../src/errors.ts'
import { createTestDb } from '../helpers/db.ts'

/** Which failures mean "the database is not there" (held and retried) rather than "this message is bad". */
describe('isDatabaseUnavailable', () => {
  // (Kysely over pg reconnects after a close, so this is PGlite's case; a refused connection is pg's.)
  test.runIf(inject('testDb') === 'pglite')('a closed PGlite database', async () => {
    const db = await createTestDb()
    await db.close()
    const error = await db.kysely
      .selectFrom('offender')
      .select('crn')
      .execute()
      .catch((e: unknown) => e)
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  test('a refused PostgreSQL connection, also when wrapped', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1_000 })
    const error = await client.connect().catch((e: unknown) => e)
    expect(isDatabaseUnavailable(error)).toBe(true)
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: error }))).toBe(true)
    expect(isDatabaseUnavailable(new AggregateError([error], 'all failed'))).toBe(true)
  })

  test('server shutdown and connection-class SQLSTATEs, Oracle connection errors', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('no connection'), { code: '08006' }))).toBe(true)
    expect(
      isDatabaseUnavailable(
        new Error('NJS-503: connection to host 127.0.0.1 port 1521 could not be established'),
      ),
    ).toBe(true)
    expect(isDatabaseUnavailable(new Error('ORA-03113: end-of-file on communication channel'))).toBe(true)
  })

  test('faults of the message or the data are not', () => {
    expect(isDatabaseUnavailable(NotFoundError.of('Requirement', 'id', 1))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
    expect(isDatabaseUnavailable(new Error('CRN and component do not match'))).toBe(false)
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
  })
})
