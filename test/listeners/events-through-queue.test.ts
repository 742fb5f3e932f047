import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { EXAMPLES } from '../../src/dev/messages.ts'
import { EVENT_TYPES } from '../../src/listeners/event-types.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { eventually } from '../helpers/queue.ts'
import {
  componentContacts,
  contactsOf,
  createRig,
  eventServicesOf,
  newContactCount,
  newMessageId,
  type Rig,
} from './support.ts'

/**
 * The listener end to end (events.md §A.2–A.9, §A.11 scenarios 1–3 and 8–12): messages through a real
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

  test.runIf(inject('testDb') !== 'pglite')(
    'two listeners racing on one notification (PostgreSQL server) → one contact',
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

  // Z99999 is §A.11 scenario 3 (no such person); A000002 is another person's CRN.
  test.each(['Z99999', 'A000002'])('3. CRN %s and component do not match', async (crn) => {
    const { notificationId } = await expectDeadLettered((queue) =>
      rig.publish(queue, 'status-changed-on-programme', { crn }),
    )
    expect(failures(notificationId)[0]).toMatchObject({
      crn,
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

  // Issue 13: these were rolled over (2025-02-30 became a contact dated 2 March) and written.
  test.each([
    '2025-02-30T10:00:00Z',
    '2025-04-31T23:30+01:00',
    '2025-06-01T24:00Z',
    '0000-06-01T10:00:00Z',
    '2025-02-30T10:00:00',
  ])('occurredAt %s does not exist: failed, logged, dead-lettered, nothing written', async (occurredAt) => {
    const { snsNotification, domainEvent } = await import('../../src/dev/messages.ts')
    const example = EXAMPLES['status-changed-on-programme']
    const event = { ...domainEvent(example, rig.upstream.base), occurredAt }
    // expectDeadLettered checks that no contact at all was written.
    const notificationId = newMessageId()
    let sqsMessageId = ''
    await expectDeadLettered(async (queue) => {
      sqsMessageId = await rig.sqs.send(
        queue.url,
        snsNotification({ messageId: notificationId, eventType: example.eventType, event }),
      )
      return notificationId
    })
    // Refused while parsing, before the notification id is known: logged by SQS message id.
    const logged = rig.logger.lines.filter(
      (line) => line.message === 'Message processing failed' && line.messageId === sqsMessageId,
    )
    expect(logged).toHaveLength(2)
    expect(logged[0]).toMatchObject({
      level: 'error',
      receiveCount: 1,
      error: {
        name: 'MalformedMessageError',
        message: `Domain event occurredAt is not an ISO date-time: ${occurredAt}`,
      },
    })
    expect(await contactsOf(db, notificationId)).toEqual([])
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

describe('programme.complete through the queue (§A.11 scenarios 8–12)', () => {
  const T = SEED.termination
  const R = SEED.referenceData
  let queue: Awaited<ReturnType<Rig['queue']>>

  // One queue and listener for the scenarios: each message must leave the queue without a failure.
  beforeAll(async () => {
    queue = await rig.queue()
    rig.listen(queue)
  })

  const handled = async (notificationId: string) => {
    await rig.drained(queue)
    expect(rig.sqs.counts(queue.dlqName).visible).toBe(0)
    expect(failures(notificationId)).toEqual([])
  }
  const telemetry = (event: string, id: number) =>
    eventually(
      () =>
        rig.logger.lines.find(
          (line) => line.event === event && (line.properties as { id?: string }).id === String(id),
        ),
      { what: `${event} for ${id}` },
    )
  const requirement = (id: number) =>
    db.kysely.selectFrom('rqmnt').selectAll().where('rqmntId', '=', id).executeTakeFirstOrThrow()
  const domainEventsAbout = async (key: string, id: number) =>
    (await db.kysely.selectFrom('domainEvent').selectAll().execute()).filter(
      (row) => JSON.parse(row.messageBody).additionalInformation?.[key] === String(id),
    )

  test('8. programme-complete-requirement terminates the requirement and the message is deleted', async () => {
    const notificationId = await rig.publish(queue, 'programme-complete-requirement')
    await handled(notificationId)
    expect((await requirement(T.requirement)).terminationDate).toBe('2025-06-01 14:30:00')
    await telemetry('ComponentTerminated', T.requirement)
  })

  test('9. programme-complete-licence-condition → licence condition terminated, ETER contact', async () => {
    const notificationId = await rig.publish(queue, 'programme-complete-licence-condition')
    await handled(notificationId)
    const condition = await db.kysely
      .selectFrom('licCondition')
      .selectAll()
      .where('licConditionId', '=', T.licenceCondition)
      .executeTakeFirstOrThrow()
    expect(condition).toMatchObject({
      terminationDate: '2025-06-01 14:30:00',
      licTerminationReasonId: R.licenceConditionTerminationReason51,
      pendingTransfer: 0,
    })
    const eter = await componentContacts(db, { licConditionId: T.licenceCondition }, 'ETER')
    expect(eter).toHaveLength(1)
    expect(eter[0]).toMatchObject({
      offenderId: SEED.offenders.A000003,
      rqmntId: null,
      contactDate: '2025-06-01 00:00:00',
      contactStartTime: '2025-06-01 14:30:00',
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
    })
    const prefix = 'Licence Condition terminated on 01/06/2025 with termination reason of "Description of 51"'
    expect(eter[0]!.notes?.slice(0, prefix.length)).toBe(prefix)
    const future = await db.kysely
      .selectFrom('contact')
      .select('softDeleted')
      .where('contactId', '=', T.futureAppointments.licenceCondition)
      .executeTakeFirstOrThrow()
    expect(future.softDeleted).toBe(1)
    expect(await domainEventsAbout('licconditionId', T.licenceCondition)).toHaveLength(1)
    expect((await telemetry('ComponentTerminated', T.licenceCondition))?.properties).toMatchObject({
      type: 'LicenceCondition',
      crn: 'A000003',
    })
  })

  test('10. programme-complete-requirement-updated → termination date and ETER contact moved', async () => {
    const notificationId = await rig.publish(queue, 'programme-complete-requirement-updated')
    await handled(notificationId)
    expect(await requirement(T.alreadyTerminatedRequirement)).toMatchObject({
      terminationDate: '2026-01-01 12:00:00',
      rqmntTerminationReasonId: R.requirementTerminationReason51,
    })
    const eter = await componentContacts(db, { rqmntId: T.alreadyTerminatedRequirement }, 'ETER')
    expect(eter).toEqual([
      expect.objectContaining({
        contactId: T.alreadyTerminatedEterContact,
        contactDate: '2026-01-01 00:00:00',
        contactStartTime: '2026-01-01 12:00:00',
      }),
    ])
    expect(await domainEventsAbout('requirementID', T.alreadyTerminatedRequirement)).toEqual([])
    await telemetry('ComponentTerminationUpdated', T.alreadyTerminatedRequirement)
  })

  test('11. programme-complete-requirement-before-start → rejected, nothing changed, message deleted', async () => {
    const before = await requirement(T.beforeStartRequirement)
    const contactsBefore = await newContactCount(db)
    const notificationId = await rig.publish(queue, 'programme-complete-requirement-before-start')
    await handled(notificationId)
    expect(await requirement(T.beforeStartRequirement)).toStrictEqual(before)
    expect(await componentContacts(db, { rqmntId: T.beforeStartRequirement }, 'ETER')).toEqual([])
    expect(await newContactCount(db)).toBe(contactsBefore)
    expect(await domainEventsAbout('requirementID', T.beforeStartRequirement)).toEqual([])
    expect(
      (await telemetry('ComponentTerminationRejected', T.beforeStartRequirement))?.properties,
    ).toMatchObject({
      reason: 'Programme completion occurred earlier than the start date',
      completedDate: '2024-01-01T14:30Z[Europe/London]',
      terminationDate: null,
    })
  })

  test('12. programme-complete on a requirement with a pending transfer → transfer rejected, diary, ETCX', async () => {
    const notificationId = await rig.publish(queue, 'programme-complete-requirement-transfer')
    await handled(notificationId)
    expect(await requirement(T.transferRequirement)).toMatchObject({
      terminationDate: '2025-06-01 14:30:00',
      pendingTransfer: 0,
    })
    const transfer = await db.kysely
      .selectFrom('rqmntTransfer')
      .selectAll()
      .where('rqmntTransferId', '=', T.requirementTransfer)
      .executeTakeFirstOrThrow()
    expect(transfer).toMatchObject({
      transferStatusId: R.transferStatusRejected,
      acceptedDecisionId: R.decisionRejected,
      rejectionReasonId: R.requirementTransferRejectionTE,
      transferStatusDate: '2025-06-01 14:30:00',
    })
    const diary = await db.kysely
      .selectFrom('rejectedTransferDiary')
      .selectAll()
      .where('rqmntId', '=', T.transferRequirement)
      .execute()
    expect(diary).toEqual([
      expect.objectContaining({
        rqmntTransferId: T.requirementTransfer,
        offenderId: SEED.offenders.A000003,
        eventId: SEED.events.A000003[1],
        originTeamId: SEED.teams.TEAM01,
        originStaffId: SEED.staff.STAFF01,
      }),
    ])
    const etcx = await componentContacts(db, { rqmntId: T.transferRequirement }, 'ETCX')
    expect(etcx).toHaveLength(1)
    expect(etcx[0]).toMatchObject({
      contactDate: '2025-06-01 00:00:00',
      contactStartTime: '2025-06-01 14:30:00',
    })
    expect(etcx[0]!.notes).toContain('Transfer automatically rejected due to termination of requirement.\n')
    expect(await domainEventsAbout('requirementID', T.transferRequirement)).toHaveLength(1)
  })
})
