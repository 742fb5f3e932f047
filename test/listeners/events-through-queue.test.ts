import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { EXAMPLES } from '../../src/dev/messages.ts'
import { EVENT_TYPES } from '../../src/listeners/event-types.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { eventually } from '../helpers/queue.ts'
import { contactsOf, createRig, eventServicesOf, newContactCount, newMessageId, type Rig } from './support.ts'

/**
 * The listener end to end (events.md §A.2–A.9, §A.11 scenarios 1–2): messages through a real
 * SQS-compatible server, detail documents from a local HTTP server with a token from a local HMPPS
 * Auth, written by the real services to a real database (PGlite or PostgreSQL).
 */
let db: TestDb
let rig: Rig

beforeAll(async () => {
  db = await createTestDb()
  rig = await createRig(db)
})
afterAll(async () => {
  await rig?.close()
  await db?.close()
})

const [REQ0] = SEED.requirements
const [LC0] = SEED.licenceConditions

const failures = (messageId?: string) =>
  rig.logger.lines.filter(
    (line) =>
      line.message === 'Message processing failed' &&
      (messageId === undefined || line.notificationId === messageId),
  )

/** Fails a message through the whole redelivery cycle and checks that nothing was written. */
async function expectDeadLettered(send: (queue: Awaited<ReturnType<Rig['queue']>>) => Promise<string>) {
  const queue = await rig.queue({ maxReceiveCount: 2 })
  const before = await newContactCount(db)
  rig.listen(queue)
  const notificationId = await send(queue)
  await rig.deadLettered(queue)
  expect(rig.sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
  expect(await newContactCount(db)).toBe(before)
  return { queue, notificationId }
}

describe('events.md §A.11 through the queue', () => {
  test('1. breach → an EIBI contact on LC[0] for A000001, and the message deleted', async () => {
    const queue = await rig.queue()
    rig.listen(queue)
    const notificationId = await rig.publish(queue, 'status-changed-breach')
    await rig.drained(queue)
    const contacts = await contactsOf(db, notificationId)
    expect(contacts).toEqual([
      expect.objectContaining({
        code: 'EIBI',
        offenderId: SEED.offenders.A000001,
        eventId: SEED.events.A000001[1],
        licConditionId: LC0,
        rqmntId: null,
        notes: 'Some notes about the breach of the LC',
        description: 'Some description',
        contactDate: expect.stringMatching(/^2025-09-09/),
        contactStartTime: '2025-09-09 09:15:30',
        externalReference: `urn:uk:gov:hmpps:accredited-programmes-service:${notificationId}`,
      }),
    ])
    expect(rig.sqs.counts(queue.dlqName).visible).toBe(0)
  })

  test('2. on programme → an EIBE contact on REQ[0], notes and description from the detail', async () => {
    const queue = await rig.queue()
    rig.listen(queue)
    const notificationId = await rig.publish(queue, 'status-changed-on-programme')
    await rig.drained(queue)
    const contacts = await contactsOf(db, notificationId)
    expect(contacts).toEqual([
      expect.objectContaining({
        code: 'EIBE',
        offenderId: SEED.offenders.A000001,
        rqmntId: REQ0,
        licConditionId: null,
        notes: 'Some notes about the being on the programme',
        description: 'Some description',
        // No username in the detail: staff and team are the person manager's.
        staffId: SEED.staff.STAFF01,
        teamId: SEED.teams.TEAM01,
      }),
    ])
  })

  test('the real publisher’s document: DEFERRED, notes null, no username → EIBL, staff from the manager', async () => {
    const componentId = SEED.requirements[1]
    rig.upstream.always(`/accredited-programmes-api/status-on-programme/${componentId}`, {
      body: {
        newStatus: 'DEFERRED',
        sourcedFromEntityType: 'REQUIREMENT',
        sourcedFromEntityId: componentId,
        notes: null,
        description: 'Deferred',
      },
    })
    const queue = await rig.queue()
    rig.listen(queue)
    const notificationId = await rig.publish(queue, 'status-changed-on-programme', { componentId })
    await rig.drained(queue)
    expect(await contactsOf(db, notificationId)).toEqual([
      expect.objectContaining({
        code: 'EIBL',
        rqmntId: componentId,
        notes: null,
        description: 'Deferred',
        staffId: SEED.staff.STAFF01,
        teamId: SEED.teams.TEAM01,
      }),
    ])
  })

  test('NotificationReceived is logged for every message, with event type, detail URL and CRN', async () => {
    const queue = await rig.queue()
    rig.listen(queue)
    const notificationId = await rig.publish(queue, 'status-changed-on-programme')
    await rig.drained(queue)
    const received = rig.logger.lines.filter(
      (line) =>
        line.event === 'NotificationReceived' &&
        String((line.properties as { detailUrl?: string }).detailUrl).endsWith(
          `/status-on-programme/${REQ0}`,
        ),
    )
    expect(received.at(-1)?.properties).toEqual({
      eventType: EVENT_TYPES.statusUpdated,
      detailUrl: rig.upstream.url('status-on-programme', REQ0),
      CRN: 'A000001',
    })
    expect(await contactsOf(db, notificationId)).toHaveLength(1)
  })

  test('the same message delivered twice → one contact, both deliveries deleted', async () => {
    const queue = await rig.queue()
    const messageId = newMessageId()
    await rig.publish(queue, 'status-changed-on-programme', { messageId })
    await rig.publish(queue, 'status-changed-on-programme', { messageId })
    rig.listen(queue, { concurrency: 1 })
    await rig.drained(queue)
    expect(await contactsOf(db, messageId)).toHaveLength(1)
    expect(rig.sqs.counts(queue.dlqName).visible).toBe(0)
  })

  test.runIf(process.env.TEST_DB === 'postgres')(
    'two listeners racing on one notification (PostgreSQL) → one contact',
    async () => {
      const queue = await rig.queue()
      // Both listeners get their copy's detail only when both have asked, so they write together.
      const messageId = newMessageId()
      const path = `/accredited-programmes-api/status-on-programme/${REQ0}`
      rig.upstream.script(path, { delayMs: 300 }, { delayMs: 300 })
      rig.listen(queue, { concurrency: 1, services: eventServicesOf(db) })
      rig.listen(queue, { concurrency: 1, services: eventServicesOf(db) })
      await rig.publish(queue, 'status-changed-on-programme', { messageId })
      await rig.publish(queue, 'status-changed-on-programme', { messageId })
      await rig.drained(queue)
      expect(await contactsOf(db, messageId)).toHaveLength(1)
      expect(rig.sqs.counts(queue.dlqName).visible).toBe(0)
    },
  )

  test('detail API 500 then 200 → processed after the retry', async () => {
    const queue = await rig.queue()
    rig.listen(queue)
    const example = { ...EXAMPLES['status-changed-on-programme'] }
    const path = `/accredited-programmes-api/${example.document}/${example.componentId}`
    const before = rig.upstream.requests.filter((request) => request.path === path).length
    rig.upstream.script(path, { status: 500 })
    const notificationId = await rig.publish(queue, example)
    await rig.drained(queue)
    expect(await contactsOf(db, notificationId)).toHaveLength(1)
    expect(rig.upstream.requests.filter((request) => request.path === path).length - before).toBe(2)
    // Retried inside one delivery: the message never failed.
    expect(failures(notificationId)).toEqual([])
  })

  test('the detail request carries a client-credentials token from HMPPS Auth', async () => {
    const queue = await rig.queue()
    rig.listen(queue)
    await rig.publish(queue, 'status-changed-on-programme')
    await rig.drained(queue)
    const authorization = rig.upstream.requests.at(-1)?.authorization ?? ''
    const [, payload] = authorization.replace(/^Bearer /, '').split('.')
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      client_id: 'accredited-programmes-and-delius',
      iss: rig.auth.issuer,
    })
  })
})

describe('failures: not deleted, redelivered, dead-lettered, nothing written', () => {
  test('detail API 404', async () => {
    const componentId = 3_999_001
    rig.upstream.always(`/accredited-programmes-api/status-on-programme/${componentId}`, { status: 404 })
    const { notificationId } = await expectDeadLettered((queue) =>
      rig.publish(queue, 'status-changed-on-programme', { componentId }),
    )
    const logged = failures(notificationId)
    expect(logged).toHaveLength(2)
    expect(logged[0]).toMatchObject({
      level: 'error',
      messageId: expect.any(String),
      receiveCount: 1,
      eventType: EVENT_TYPES.statusUpdated,
      crn: 'A000001',
      error: { message: expect.stringContaining('HTTP 404') },
    })
    expect(logged[1]).toMatchObject({ receiveCount: 2 })
  })

  test('unknown component', async () => {
    const { notificationId } = await expectDeadLettered((queue) =>
      rig.publish(queue, 'status-changed-on-programme', { componentId: 3_999_002 }),
    )
    expect(failures(notificationId)[0]?.error).toMatchObject({ message: expect.stringContaining('3999002') })
  })

  test('CRN and component do not match', async () => {
    const { notificationId } = await expectDeadLettered((queue) =>
      rig.publish(queue, 'status-changed-on-programme', { crn: 'A000002' }),
    )
    expect(failures(notificationId)[0]).toMatchObject({
      crn: 'A000002',
      error: { message: 'CRN and component do not match' },
    })
  })

  test('unknown status in the detail', async () => {
    const componentId = 3_999_003
    rig.upstream.always(`/accredited-programmes-api/status-on-programme/${componentId}`, {
      body: {
        newStatus: 'NOT_A_STATUS',
        sourcedFromEntityType: 'REQUIREMENT',
        sourcedFromEntityId: REQ0,
        notes: null,
        description: 'Some description',
      },
    })
    const { notificationId } = await expectDeadLettered((queue) =>
      rig.publish(queue, 'status-changed-on-programme', { componentId }),
    )
    expect(failures(notificationId)[0]?.error).toMatchObject({
      name: 'InvalidDetailError',
      message: expect.stringContaining('StatusInfo detail is invalid: newStatus'),
    })
  })

  test('a detail URL outside the allowed list is not fetched', async () => {
    const before = rig.upstream.requests.length
    const outside = { ...EXAMPLES['status-changed-on-programme'] }
    const queue = await rig.queue({ maxReceiveCount: 2 })
    rig.listen(queue)
    const notificationId = newMessageId()
    const { snsNotification, domainEvent } = await import('../../src/dev/messages.ts')
    const event = domainEvent(outside, rig.upstream.base.replace('127.0.0.1', 'localhost'))
    await rig.sqs.send(
      queue.url,
      snsNotification({ messageId: notificationId, eventType: outside.eventType, event }),
    )
    await rig.deadLettered(queue)
    expect(rig.upstream.requests.length).toBe(before)
    expect(failures(notificationId)[0]?.error).toMatchObject({
      message: `Unexpected detail URL: ${rig.upstream.base.replace('127.0.0.1', 'localhost')}`,
    })
    expect(await contactsOf(db, notificationId)).toEqual([])
  })

  test('missing CRN and unknown event type', async () => {
    const { snsNotification, domainEvent } = await import('../../src/dev/messages.ts')
    const example = EXAMPLES['status-changed-on-programme']
    const queue = await rig.queue({ maxReceiveCount: 1 })
    rig.listen(queue)
    const noCrn = newMessageId()
    const event = { ...domainEvent(example, rig.upstream.base), personReference: { identifiers: [] } }
    await rig.sqs.send(queue.url, snsNotification({ messageId: noCrn, eventType: example.eventType, event }))
    const unknown = newMessageId()
    await rig.sqs.send(
      queue.url,
      snsNotification({
        messageId: unknown,
        eventType: 'probation-case.something.else',
        event: domainEvent(example, rig.upstream.base),
      }),
    )
    await rig.deadLettered(queue, 2)
    expect(failures(noCrn)[0]?.error).toMatchObject({ message: 'Missing CRN in personReference' })
    expect(failures(unknown)[0]).toMatchObject({
      eventType: 'probation-case.something.else',
      crn: 'A000001',
      error: { message: 'Unexpected event type probation-case.something.else' },
    })
  })

  test('a body that is not JSON goes to the DLQ and the listener keeps running', async () => {
    const queue = await rig.queue({ maxReceiveCount: 2 })
    rig.listen(queue)
    const badId = await rig.sqs.send(queue.url, '{"Type":"Notification", not json')
    await rig.deadLettered(queue)
    const logged = rig.logger.lines.filter(
      (line) => line.message === 'Message processing failed' && line.messageId === badId,
    )
    expect(logged[0]).toMatchObject({
      error: { name: 'MalformedMessageError', message: 'Message body is not JSON' },
    })
    const notificationId = await rig.publish(queue, 'status-changed-on-programme')
    await rig.drained(queue)
    expect(await contactsOf(db, notificationId)).toHaveLength(1)
  })

  test('no log line carries the notes text', () => {
    const text = JSON.stringify(rig.logger.lines)
    expect(text).not.toContain('Some notes about')
    expect(failures().length).toBeGreaterThan(0)
  })
})

describe('programme.complete through the queue', () => {
  test('programme-complete-requirement terminates the requirement and the message is deleted', async () => {
    const queue = await rig.queue()
    rig.listen(queue)
    await rig.publish(queue, 'programme-complete-requirement')
    await rig.drained(queue)
    const requirement = await db.kysely
      .selectFrom('rqmnt')
      .select(['terminationDate'])
      .where('rqmntId', '=', SEED.termination.requirement)
      .executeTakeFirstOrThrow()
    expect(requirement.terminationDate).toBe('2025-06-01 14:30:00')
    await eventually(() => rig.logger.lines.some((line) => line.event === 'ComponentTerminated'))
  })
})
