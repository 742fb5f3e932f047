import { describe, expect, it } from 'vitest'
import { ReferralCompletionSchema, StatusInfoSchema } from '../../src/services/events/types.ts'
import { zonedDateTimeString } from '../../src/services/events/zoned-date-time.ts'

describe('StatusInfo (events.md §A.5, decisions 4 and 12)', () => {
  const valid = {
    newStatus: 'ON_PROGRAMME',
    sourcedFromEntityType: 'REQUIREMENT',
    sourcedFromEntityId: 2500123456,
    notes: 'free text',
    description: 'The person has started the programme',
    username: 'JoeBloggs',
  }

  it('reads the newest document', () => {
    expect(StatusInfoSchema.parse(valid)).toStrictEqual(valid)
  })

  it('accepts a numeric string id, no username and notes null or absent', () => {
    const { username: _, notes: __, ...rest } = valid
    expect(StatusInfoSchema.parse({ ...rest, sourcedFromEntityId: '2500123456', notes: null })).toStrictEqual(
      {
        ...rest,
        sourcedFromEntityId: 2500123456,
        notes: null,
      },
    )
    expect(StatusInfoSchema.parse(rest).notes).toBeNull()
  })

  it('a description of exactly 4,000 UTF-8 bytes is kept whole', () => {
    const description = `${'€'.repeat(1333)}a`
    expect(StatusInfoSchema.parse({ ...valid, description }).description).toBe(description)
  })

  it('DEFERRED is read as ON_HOLD', () => {
    expect(StatusInfoSchema.parse({ ...valid, newStatus: 'DEFERRED' }).newStatus).toBe('ON_HOLD')
  })

  it.each([
    ['an unknown status', { newStatus: 'FINISHED' }],
    ['a lower-case status', { newStatus: 'on_programme' }],
    ['an unknown component type', { sourcedFromEntityType: 'NSI' }],
    ['a non-numeric id', { sourcedFromEntityId: '25001x' }],
    ['no description', { description: undefined }],
    // CONTACT.DESCRIPTION is VARCHAR2(4000), in bytes (issue 13): refused rather than failing in Oracle.
    ['a description over 4,000 UTF-8 bytes', { description: `${'€'.repeat(1333)}ab` }],
  ])('rejects %s', (_, change) => {
    expect(StatusInfoSchema.safeParse({ ...valid, ...change }).success).toBe(false)
  })
})

describe('ReferralCompletion (events.md §A.5)', () => {
  const parse = (licReqId: unknown, licReqCompletedAt: string) =>
    ReferralCompletionSchema.safeParse({ licReqId, licReqCompletedAt, sourcedFromEntityType: 'REQUIREMENT' })

  it('licReqId: a numeric string becomes the component id', () => {
    expect(parse('2500123456', '2025-06-01T14:30:00').data?.licReqId).toBe(2500123456)
    expect(parse(2500123456, '2025-06-01T14:30:00').data?.licReqId).toBe(2500123456)
    expect(parse('abc', '2025-06-01T14:30:00').success).toBe(false)
    expect(parse('', '2025-06-01T14:30:00').success).toBe(false)
  })

  it.each([
    ['2025-06-01T14:30:00.000Z', '2025-06-01 14:30:00'],
    ['2025-06-01T14:30:00Z', '2025-06-01 14:30:00'],
    ['2025-06-01T14:30:00', '2025-06-01 14:30:00'],
    ['2025-06-01T14:30', '2025-06-01 14:30:00'],
    ['2024-01-01T14:30:05.123Z', '2024-01-01 14:30:05'],
  ])('licReqCompletedAt %s is the London wall clock %s (the Z means nothing)', (sent, wallClock) => {
    expect(parse('1', sent).data?.licReqCompletedAt).toBe(wallClock)
  })

  it.each(['2025-06-01', '2025-06-01T14:30:00+01:00', '2025-02-30T10:00:00', '2025-06-01T24:00:00', 'soon'])(
    'rejects licReqCompletedAt %s',
    (sent) => {
      expect(parse('1', sent).success).toBe(false)
    },
  )
})

describe('telemetry dates as Java ZonedDateTime.toString() in Europe/London', () => {
  it.each([
    ['2025-06-01 14:30:00', '2025-06-01T14:30+01:00[Europe/London]'],
    ['2024-01-01 14:30:00', '2024-01-01T14:30Z[Europe/London]'],
    ['2025-01-01 00:00:00', '2025-01-01T00:00Z[Europe/London]'],
    ['2025-06-01 14:30:15', '2025-06-01T14:30:15+01:00[Europe/London]'],
  ])('%s → %s', (value, expected) => {
    expect(zonedDateTimeString(value)).toBe(expected)
  })

  it('null stays null', () => {
    expect(zonedDateTimeString(null)).toBeNull()
  })
})
