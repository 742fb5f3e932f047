import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  RootOperationNode,
} from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '../../src/db/database.ts'
import { SEED } from '../../src/db/seed.ts'
import { memoryLogger } from '../../src/logger.ts'
import { appointmentsService } from '../../src/services/appointments/index.ts'
import { fixedClock } from '../../src/time.ts'
import { createTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import {
  auditRowsFor,
  contactByReference,
  contactsOfType,
  createItem,
  eventRow,
  updateItem,
} from './helpers.ts'

/**
 * Two concurrent updates through two real connections must not lose either change. On the
 * PostgreSQL server (directly or in the Oracle mode): PGlite is a single connection, so two
 * transactions can never overlap there.
 */
const onPostgres = inject('testDb') !== 'pglite'
const SKIP_REASON = '(PostgreSQL only: PGlite has one connection, so transactions cannot overlap)'

/** Holds the transaction open for a while after a chosen statement, so the other one runs meanwhile. */
class PauseAfter implements KyselyPlugin {
  readonly #matching = new Set<unknown>()
  constructor(
    private readonly matches: (node: RootOperationNode) => boolean,
    private readonly ms: number,
  ) {}
  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (this.matches(node)) this.#matching.add(queryId)
    return node
  }
  async transformResult({ result, queryId }: PluginTransformResultArgs) {
    if (this.#matching.delete(queryId)) await new Promise((resolve) => setTimeout(resolve, this.ms))
    return result
  }
}
// Lower-cased: the Oracle mode's casing plugin names columns in upper case.
const text = (node: RootOperationNode) => JSON.stringify(node).toLowerCase()
/** The update's first statement: loading (and locking) the appointments by reference. */
const isAppointmentLoad = (node: RootOperationNode) =>
  node.kind === 'SelectQueryNode' &&
  text(node).includes('"external_reference"') &&
  text(node).includes('"crn"')
const isRecount = (node: RootOperationNode) =>
  node.kind === 'UpdateQueryNode' && text(node).includes('"ftc_count"')

let db: TestDb
let t: TestApp
const extra: Db[] = []

async function service(plugin?: KyselyPlugin) {
  const tag = plugin ? 'A' : 'B'
  const connection = await db.openAnother({
    plugins: plugin ? [plugin] : [],
    poolSize: 1,
    log: (e) => console.log(tag, Date.now() % 100000, e.query.sql.slice(0, 90)),
  })
  extra.push(connection)
  return appointmentsService({
    db: connection,
    clock: fixedClock(TEST_NOW),
    logger: memoryLogger(),
    auditUserId: SEED.users.auditUser,
  })
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function created(overrides: Record<string, unknown>) {
  const item = createItem(overrides)
  const response = await t.request('/appointments', { method: 'POST', body: { appointments: [item] } })
  expect(response.status).toBe(201)
  return item
}

beforeAll(async () => {
  if (!onPostgres) return
  db = await createTestDb()
  t = await createTestApp(db)
})
afterAll(async () => {
  for (const connection of extra) await connection.close()
  await t?.close()
  await db?.close()
})

describe('concurrent updates', () => {
  it.skipIf(!onPostgres)(
    `two updates of one appointment both land: the second waits for the first's row lock ${SKIP_REASON}`,
    async () => {
      const item = await created({ notes: 'Original' })
      const first = await service(new PauseAfter(isAppointmentLoad, 500))
      const second = await service()
      const a = first.update([updateItem(item, { notes: 'Note from A', location: { code: 'OFFICE3' } })])
      await sleep(150) // A holds the lock now
      const b = second.update([updateItem(item, { notes: 'Note from B' })])
      await Promise.all([a, b])

      const row = await contactByReference(db, item.reference)
      expect(row!.notes).toBe('Original\n\nNote from A\n\nNote from B')
      expect(row!.officeLocationId).toBe(SEED.officeLocations.OFFICE1) // B's full replacement came last
      expect(row!.rowVersion).toBe(2)
      expect(await auditRowsFor(db, 'CLBI007', row!.contactId)).toHaveLength(2)
    },
  )

  it.skipIf(!onPostgres)(
    `two failures to comply on one event at once: both counted, one review raised ${SKIP_REASON}`,
    async () => {
      const requirementId = SEED.appointments.ftcLimitRequirement
      const items = [
        await created({ requirementId, date: '2026-04-29' }),
        await created({ requirementId, date: '2026-04-30' }),
      ]
      const first = await service(new PauseAfter(isRecount, 500))
      const second = await service()
      const a = first.update([updateItem(items[0]!, { outcome: { code: 'FTC' } })])
      await sleep(150) // A has recounted (1) and holds the event row
      const b = second.update([updateItem(items[1]!, { outcome: { code: 'FTC' } })])
      await Promise.all([a, b])

      expect((await eventRow(db, SEED.events.A000006[1])).ftcCount).toBe(2)
      expect(await contactsOfType(db, 'ARWS', { offenderId: SEED.offenders.A000006 })).toHaveLength(1)
      expect(await contactsOfType(db, 'ROM', { offenderId: SEED.offenders.A000006 })).toHaveLength(2)
    },
  )
})
