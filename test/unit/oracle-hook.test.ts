import { describe, expect, it } from 'vitest'
import {
  assertUtcProcessZone,
  CLEAR_CLIENT_IDENTIFIER,
  createOracleDatabase,
  type HookConnection,
  type HookPool,
  parseOracleUrl,
  SET_CLIENT_IDENTIFIER,
  wallClockText,
  withClientIdentifier,
} from '../../src/db/oracle.ts'
import { assertOracleSql } from '../helpers/oracle-rules.ts'

/** Oracle cannot run here, so the pool hook is driven by a recording pool with oracledb's shape. */
function recordingPool(options: { failSet?: boolean } = {}) {
  const log: string[] = []
  let next = 0
  const pool: HookPool = {
    async getConnection() {
      const id = ++next
      log.push(`get ${id}`)
      const connection: HookConnection = {
        async execute(sql: string, binds?: unknown) {
          log.push(`execute ${id}: ${sql} ${JSON.stringify(binds ?? null)}`)
          if (options.failSet && sql === SET_CLIENT_IDENTIFIER) throw new Error('ORA-06550')
        },
        async close() {
          log.push(`close ${id}`)
        },
      }
      return connection
    },
    async close() {
      log.push('pool close')
    },
  }
  return { pool, log }
}

describe('Oracle VPD client identifier hook', () => {
  it('sets the identifier when a connection is taken and clears it when it is released', async () => {
    const { pool, log } = recordingPool()
    const hooked = withClientIdentifier(pool, 'AccreditedProgrammesAndDelius')
    const connection = await hooked.getConnection()
    await connection.execute('select 1 from dual')
    await connection.close()
    await hooked.close()
    expect(log).toEqual([
      'get 1',
      `execute 1: ${SET_CLIENT_IDENTIFIER} {"username":"AccreditedProgrammesAndDelius"}`,
      'execute 1: select 1 from dual null',
      `execute 1: ${CLEAR_CLIENT_IDENTIFIER} null`,
      'close 1',
      'pool close',
    ])
  })

  it('releases the connection and fails when the identifier cannot be set', async () => {
    const { pool, log } = recordingPool({ failSet: true })
    await expect(withClientIdentifier(pool, 'user').getConnection()).rejects.toThrow('ORA-06550')
    expect(log.at(-1)).toBe('close 1')
  })

  it('the hook statements are valid PL/SQL blocks', () => {
    assertOracleSql(SET_CLIENT_IDENTIFIER.replace(':username', ':1'))
    assertOracleSql(CLEAR_CLIENT_IDENTIFIER)
  })

  it('parses oracle:// URLs into oracledb connection settings', () => {
    expect(parseOracleUrl('oracle://delius_app%40x:p%40ss@db.example:1522/DNDA')).toEqual({
      user: 'delius_app@x',
      password: 'p@ss',
      connectString: 'db.example:1522/DNDA',
    })
  })
})

describe('Oracle DATE values', () => {
  it('are read back as the stored wall clock whatever the process zone', () => {
    // oracledb builds DATE values with the local-time constructor; the converter uses local getters.
    expect(wallClockText(new Date(2025, 5, 1, 14, 30, 5))).toBe('2025-06-01 14:30:05')
    expect(wallClockText(new Date(2025, 0, 1, 0, 0, 0))).toBe('2025-01-01 00:00:00')
    expect(wallClockText(null)).toBeNull()
  })
})

describe('process time zone', () => {
  it('an Oracle database refuses to start outside UTC (oracledb DATEs are local-time JS Dates)', async () => {
    const zone = process.env.TZ
    try {
      process.env.TZ = 'Europe/London'
      expect(() => assertUtcProcessZone()).toThrow(/needs the process time zone UTC/)
      await expect(createOracleDatabase({ url: 'oracle://u:p@127.0.0.1:1/FREEPDB1' })).rejects.toThrow(
        /TZ=UTC/,
      )
      process.env.TZ = 'UTC'
      expect(() => assertUtcProcessZone()).not.toThrow()
    } finally {
      process.env.TZ = zone
    }
  })
})
