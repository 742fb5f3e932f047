import { describe, expect, test } from 'vitest'
import { MalformedMessageError, parseNotification } from '../../src/listeners/domain-event.ts'
import { EVENT_TYPES } from '../../src/listeners/event-types.ts'
import { fixedClock } from '../../src/time.ts'

/** The SNS envelope and the domain event inside it (events.md §A.2, §A.3). */
const clock = fixedClock('2026-05-01T12:00:00+01:00')

function envelope(
  event: Record<string, unknown> | string,
  attributes: Record<string, unknown> | undefined = {},
) {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: 'aa2c2828-167f-529b-8e19-73735a2fb85c',
    Message: typeof event === 'string' ? event : JSON.stringify(event),
    Timestamp: '2022-09-09T09:15:30.000Z',
    MessageAttributes: attributes,
  })
}

const statusEvent = {
  eventType: EVENT_TYPES.statusUpdated,
  version: 1,
  description: 'Status changed',
  detailUrl: 'http://localhost:8080/accredited-programmes-api/status-on-programme/3001',
  occurredAt: '2025-09-09T09:15:30.000+01:00',
  additionalInformation: {},
  personReference: { identifiers: [{ type: 'CRN', value: 'A000001' }] },
}
const routed = { eventType: { Type: 'String', Value: EVENT_TYPES.statusUpdated } }

describe('parseNotification', () => {
  test('reads the example message of §A.3', () => {
    const notification = parseNotification(envelope(statusEvent, routed), clock)
    expect(notification).toMatchObject({
      notificationId: 'aa2c2828-167f-529b-8e19-73735a2fb85c',
      eventType: EVENT_TYPES.statusUpdated,
      crn: 'A000001',
      identifiers: { CRN: 'A000001' },
      occurredAt: '2025-09-09 09:15:30',
      event: { detailUrl: statusEvent.detailUrl, version: 1 },
    })
  })

  test('routes on the SNS attribute, not on the event’s own eventType', () => {
    const attributes = { eventType: { Type: 'String', Value: EVENT_TYPES.programmeComplete } }
    expect(parseNotification(envelope(statusEvent, attributes), clock).eventType).toBe(
      EVENT_TYPES.programmeComplete,
    )
    expect(parseNotification(envelope(statusEvent, undefined), clock).eventType).toBeUndefined()
  })

  test('occurredAt with an offset is converted to London; without one it is read as London; absent is now', () => {
    const at = (occurredAt: unknown) =>
      parseNotification(envelope({ ...statusEvent, occurredAt }, routed), clock).occurredAt
    expect(at('2025-06-01T13:30:00Z')).toBe('2025-06-01 14:30:00')
    expect(at('2025-12-01T13:30:00Z')).toBe('2025-12-01 13:30:00')
    expect(at('2025-06-01T14:30:00')).toBe('2025-06-01 14:30:00')
    expect(at(null)).toBe('2026-05-01 12:00:00')
    expect(at(undefined)).toBe('2026-05-01 12:00:00')
    expect(() => at('yesterday')).toThrow(MalformedMessageError)
  })

  test('a missing CRN is not a parse failure (the handler fails it before routing)', () => {
    const notification = parseNotification(
      envelope(
        { ...statusEvent, personReference: { identifiers: [{ type: 'NOMS', value: 'A1234BC' }] } },
        routed,
      ),
      clock,
    )
    expect(notification.crn).toBeUndefined()
    expect(notification.identifiers).toEqual({ NOMS: 'A1234BC' })
    expect(
      parseNotification(envelope({ ...statusEvent, personReference: null }, routed), clock).crn,
    ).toBeUndefined()
  })

  test.each([
    ['a body that is not JSON', 'not json', 'Message body is not JSON'],
    ['a body without MessageId', JSON.stringify({ Message: '{}' }), 'SNS notification is invalid: MessageId'],
    ['a Message that is not JSON', envelope('{"eventType":', routed), 'SNS Message is not JSON'],
    [
      'an event without version',
      envelope({ eventType: 'x', personReference: null }, routed),
      'Domain event is invalid: version',
    ],
  ])('%s is malformed', (_, body, message) => {
    expect(() => parseNotification(body, clock)).toThrow(MalformedMessageError)
    expect(() => parseNotification(body, clock)).toThrow(message)
  })
})
