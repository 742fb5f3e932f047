import { afterAll, describe, expect, test } from 'vitest'
import { parseNotification } from '../../src/listeners/domain-event.ts'
import { EVENT_TYPES } from '../../src/listeners/event-types.ts'
import { fixedClock } from '../../src/time.ts'
import { createTestApp } from '../helpers/app.ts'
import { createTestDb } from '../helpers/db.ts'

/** GET /asyncapi.json (spec README decision 11): the queue's two messages, built from the zod schemas. */
const db = await createTestDb()
const t = await createTestApp(db)
afterAll(async () => {
  await t.close()
  await db.close()
})

// biome-ignore lint/suspicious/noExplicitAny: a JSON document walked by path.
type Json = any

describe('GET /asyncapi.json', () => {
  test('is open and describes the queue channel with both messages', async () => {
    const response = await t.request('/asyncapi.json', { token: null })
    expect(response.status).toBe(200)
    const document: Json = await response.json()
    expect(document.asyncapi).toBe('3.0.0')
    const channel = document.channels.domainEvents
    expect(channel.address).toBe('probation-integration-{environment}-accredited-programmes-and-delius-queue')
    expect(Object.keys(channel.messages)).toEqual(['statusUpdated', 'programmeComplete'])
    expect(channel.bindings.sqs.queue.redrivePolicy.maxReceiveCount).toBe(3)
    expect(Object.values(document.operations).map((op: Json) => op.action)).toEqual(['receive', 'receive'])
    const messages = document.components.messages
    expect(messages.statusUpdated.name).toBe(EVENT_TYPES.statusUpdated)
    expect(messages.programmeComplete.name).toBe(EVENT_TYPES.programmeComplete)
    // Every $ref resolves inside the document.
    const refs = JSON.stringify(document).match(/"\$ref":"#[^"]+"/g) ?? []
    for (const ref of refs) {
      const path = ref.slice(9, -1).split('/').slice(1)
      expect(
        path.reduce((node: Json, key: string) => node?.[key], document),
        ref,
      ).toBeDefined()
    }
  })

  test('carries the envelope, domain event and detail schemas', async () => {
    const document: Json = await (await t.request('/asyncapi.json')).json()
    const { schemas, messages } = document.components
    expect(Object.keys(schemas)).toEqual([
      'SnsNotification',
      'HmppsDomainEvent',
      'StatusInfo',
      'ReferralCompletion',
    ])
    expect(schemas.StatusInfo.schema.properties.newStatus.enum).toEqual(
      expect.arrayContaining(['ON_HOLD', 'DEFERRED']),
    )
    expect(schemas.StatusInfo.schema.required).toEqual([
      'newStatus',
      'sourcedFromEntityType',
      'sourcedFromEntityId',
      'description',
    ])
    expect(schemas.ReferralCompletion.schema.required).toEqual([
      'licReqId',
      'licReqCompletedAt',
      'sourcedFromEntityType',
    ])
    const envelope = messages.statusUpdated.payload.schema.allOf
    expect(envelope[0].required).toEqual(['MessageId', 'Message'])
    expect(envelope[1].properties.MessageAttributes.properties.eventType.properties.Value.const).toBe(
      EVENT_TYPES.statusUpdated,
    )
    expect(envelope[1].properties.Message.contentSchema.allOf[0].required).toEqual(['eventType', 'version'])
    expect(messages.statusUpdated['x-detail']).toEqual({ $ref: '#/components/schemas/StatusInfo' })
  })

  test('its examples are messages the listener accepts', async () => {
    const document: Json = await (await t.request('/asyncapi.json')).json()
    const expected = [
      ['statusUpdated', EVENT_TYPES.statusUpdated],
      ['programmeComplete', EVENT_TYPES.programmeComplete],
    ] as const
    for (const [key, eventType] of expected) {
      const payload = document.components.messages[key].examples[0].payload
      const notification = parseNotification(JSON.stringify(payload), fixedClock('2026-01-01T00:00:00Z'))
      expect(notification).toMatchObject({ eventType, crn: 'A000001' })
    }
  })
})
