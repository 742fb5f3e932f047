import { rmSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { createDatabase, type Db } from '../../src/db/database.ts'
import { pgliteDb, pgliteParsers } from '../../src/db/pglite.ts'
import { createTestDb } from '../helpers/db.ts'
import { startTcpProxy } from '../helpers/tcp-proxy.ts'
import { copyPgliteTemplate } from '../helpers/template.ts'
import { contactsOf, createRig, eventServicesOf, type Rig, warmUp } from './support.ts'

/**
 * Database unreachable → the message stays on the queue (held in flight with its visibility
 * extended, its receive count not used up), and is written once the database is back.
 */
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const holding = (rig: Rig, notificationId: string) =>
  rig.logger.lines.filter(
    (line) =>
      line.message === 'Database unavailable; holding the message and retrying' &&
      line.notificationId === notificationId,
  )

describe.runIf(inject('testDb') === 'pglite')('PGlite closed, then reopened', () => {
  test('the message waits on the queue and is processed from the reopened database', async () => {
    const dir = copyPgliteTemplate(inject('pgliteTemplate'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const open = async (): Promise<Db> =>
      pgliteDb(await PGlite.create({ dataDir: dir, parsers: pgliteParsers }), {})
    const first = await open()
    const rig = await createRig(first)
    cleanups.push(() => rig.close())
    const queue = await rig.queue({ maxReceiveCount: 2 })
    const listener = rig.listen(queue)

    await first.close()
    const notificationId = await rig.publish(queue, 'status-changed-on-programme')
    // Well past two 1 s visibility timeouts: without the hold it would be in the DLQ by now.
    await sleep(2_500)
    expect(holding(rig, notificationId).length).toBeGreaterThan(1)
    expect(rig.sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 1 })
    expect(rig.sqs.counts(queue.dlqName).visible).toBe(0)

    // The process restarts with the database back. The message given up at the stop comes back
    // when its (extended) visibility runs out.
    await listener.stop()
    rig.sqs.cancelPolls()
    const second = await open()
    cleanups.push(() => second.close())
    await warmUp(second)
    rig.listen(queue, { services: eventServicesOf(second) })
    await rig.drained(queue)
    expect(await contactsOf(second, notificationId)).toHaveLength(1)
    expect(rig.sqs.counts(queue.dlqName).visible).toBe(0)
  })
})

describe.runIf(inject('testDb') === 'postgres')('PostgreSQL unreachable, then back', () => {
  test('the message is held in flight and written by the same listener once the server answers', async () => {
    const testDb = await createTestDb()
    cleanups.push(() => testDb.close())
    const target = new URL(testDb.url!)
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
    cleanups.push(() => proxy.close())
    const proxied = new URL(testDb.url!)
    proxied.port = String(proxy.port)
    const db = await createDatabase({ url: proxied.href, poolSize: 2 })
    cleanups.push(() => db.close())
    const rig = await createRig(db)
    cleanups.push(() => rig.close())
    const queue = await rig.queue({ maxReceiveCount: 2 })
    rig.listen(queue)

    await proxy.down()
    const notificationId = await rig.publish(queue, 'status-changed-on-programme')
    await sleep(2_500)
    expect(holding(rig, notificationId).length).toBeGreaterThan(1)
    expect(holding(rig, notificationId)[0]).toMatchObject({ eventType: expect.any(String), crn: 'A000001' })
    expect(rig.sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 1 })
    expect(rig.sqs.counts(queue.dlqName).visible).toBe(0)

    await proxy.up()
    await rig.drained(queue)
    expect(await contactsOf(testDb, notificationId)).toHaveLength(1)
    // One delivery did it all: no failure, no redelivery.
    expect(rig.logger.lines.filter((line) => line.message === 'Message processing failed')).toEqual([])
    expect(
      rig.logger.lines.filter(
        (line) =>
          line.event === 'NotificationReceived' && (line.properties as { CRN?: string }).CRN === 'A000001',
      ),
    ).toHaveLength(1)
  })
})
