import { describe, expect, inject, test } from 'vitest'
import { createDatabase } from '../../src/db/database.ts'
import { isDatabaseError, markDatabaseError } from '../../src/db/driver-errors.ts'
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

  test('a refused PostgreSQL connection through the service’s pool, also when wrapped', async () => {
    const db = await createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 })
    try {
      const error = await db.kysely
        .selectFrom('offender')
        .select('crn')
        .execute()
        .catch((e: unknown) => e)
      expect(isDatabaseError(error)).toBe(true)
      expect(isDatabaseUnavailable(error)).toBe(true)
      expect(isDatabaseUnavailable(new Error('wrapped', { cause: error }))).toBe(true)
      expect(isDatabaseUnavailable(new AggregateError([error], 'all failed'))).toBe(true)
    } finally {
      await db.close()
    }
  })

  test('server shutdown and connection-class SQLSTATEs, Oracle connection errors, from the driver', () => {
    const fromDriver = (error: Error) => markDatabaseError(error)
    expect(
      isDatabaseUnavailable(fromDriver(Object.assign(new Error('terminating'), { code: '57P01' }))),
    ).toBe(true)
    expect(
      isDatabaseUnavailable(fromDriver(Object.assign(new Error('no connection'), { code: '08006' }))),
    ).toBe(true)
    expect(
      isDatabaseUnavailable(
        fromDriver(new Error('NJS-503: connection to host 127.0.0.1 port 1521 could not be established')),
      ),
    ).toBe(true)
    expect(
      isDatabaseUnavailable(fromDriver(new Error('ORA-03113: end-of-file on communication channel'))),
    ).toBe(true)
    // A connection error inside a driver error (pg wraps some).
    const inner = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    expect(isDatabaseUnavailable(fromDriver(new Error('Connection lost', { cause: inner })))).toBe(true)
  })

  test('the same codes from anything but the driver are not (issue 13): a client’s aborted upload, an upstream API', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' })
    expect(isDatabaseUnavailable(aborted)).toBe(false)
    expect(isDatabaseUnavailable(new TypeError('fetch failed', { cause: aborted }))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(false)
  })

  test('faults of the message or the data are not', () => {
    expect(isDatabaseUnavailable(NotFoundError.of('Requirement', 'id', 1))).toBe(false)
    expect(
      isDatabaseUnavailable(markDatabaseError(Object.assign(new Error('duplicate key'), { code: '23505' }))),
    ).toBe(false)
    expect(isDatabaseUnavailable(new Error('CRN and component do not match'))).toBe(false)
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
  })
})
