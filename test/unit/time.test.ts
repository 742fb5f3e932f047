import { describe, expect, it } from 'vitest'
import {
  addDays,
  formatDdMmYyyy,
  formatDdMmYyyyHhMm,
  instantToOffsetDateTime,
  isLocalDate,
  isLocalTime,
  londonToInstant,
  parseDateTime,
  parseToLondon,
  periodYearsMonths,
  toDeliusDateTime,
  toLondon,
  toOffsetDateTime,
} from '../../src/time.ts'

describe('Europe/London time', () => {
  it('reads instants as London wall clock in winter and in summer', () => {
    expect(toLondon(new Date('2025-01-15T12:00:00Z')).dateTime).toBe('2025-01-15 12:00:00')
    expect(toLondon(new Date('2025-06-01T13:30:00Z')).dateTime).toBe('2025-06-01 14:30:00')
  })

  it('crosses midnight in BST: 23:30 UTC is the next London day', () => {
    expect(toLondon(new Date('2025-06-01T23:30:00Z')).date).toBe('2025-06-02')
  })

  it('formats Delius values with the offset in force', () => {
    expect(toOffsetDateTime('2025-01-01 12:00:00')).toBe('2025-01-01T12:00:00Z')
    expect(toOffsetDateTime('2025-06-01 14:30:00')).toBe('2025-06-01T14:30:00+01:00')
  })

  it('handles the spring-forward gap like java.time (01:30 becomes 02:30 BST)', () => {
    expect(londonToInstant('2025-03-30 01:30:00').toISOString()).toBe('2025-03-30T01:30:00.000Z')
    expect(instantToOffsetDateTime(londonToInstant('2025-03-30 01:30:00'))).toBe('2025-03-30T02:30:00+01:00')
  })

  it('takes the earlier (BST) instant in the autumn overlap', () => {
    expect(londonToInstant('2025-10-26 01:30:00').toISOString()).toBe('2025-10-26T00:30:00.000Z')
    expect(toOffsetDateTime('2025-10-26 01:30:00')).toBe('2025-10-26T01:30:00+01:00')
    expect(toOffsetDateTime('2025-10-26 02:30:00')).toBe('2025-10-26T02:30:00Z')
  })

  it('converts offset date-times to London and reads bare ones as London', () => {
    expect(parseToLondon('2025-09-09T09:15:30.000+01:00')).toBe('2025-09-09 09:15:30')
    expect(parseToLondon('2025-09-09T08:15:30Z')).toBe('2025-09-09 09:15:30')
    expect(parseToLondon('2025-01-09T08:15:30Z')).toBe('2025-01-09 08:15:30')
    expect(parseToLondon('2025-06-01T14:30:00')).toBe('2025-06-01 14:30:00')
  })

  it('computes ages like java.time.Period, ignoring days', () => {
    expect(periodYearsMonths('1980-11-01', '2026-05-01')).toEqual({ years: 45, months: 6 })
    expect(periodYearsMonths('1980-11-02', '2026-05-01')).toEqual({ years: 45, months: 5 })
    expect(periodYearsMonths('1980-05-01', '2026-05-01')).toEqual({ years: 46, months: 0 })
  })

  it('formats notes dates and adds days across month and year ends', () => {
    expect(formatDdMmYyyy('2025-06-01 14:30:00')).toBe('01/06/2025')
    expect(formatDdMmYyyyHhMm('2025-06-01 14:30:00')).toBe('01/06/2025 14:30')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28')
    expect(toDeliusDateTime('2025-06-01', '10:00')).toBe('2025-06-01 10:00:00')
    expect(toDeliusDateTime('2025-06-01', '10:00:05.123')).toBe('2025-06-01 10:00:05')
  })
})

describe('parseToLondon: one strict parser (issue 13)', () => {
  it.each([
    ['2025-06-01T13:30:00Z', '2025-06-01 14:30:00'],
    ['2025-06-01T14:30:00.123+01:00', '2025-06-01 14:30:00'],
    ['2025-06-01T09:30-0400', '2025-06-01 14:30:00'],
    ['2024-02-29T23:30:00Z', '2024-02-29 23:30:00'],
    ['2000-02-29T12:00Z', '2000-02-29 12:00:00'],
    ['2025-04-30T23:30+01:00', '2025-04-30 23:30:00'],
    ['2025-12-31T23:59:59Z', '2025-12-31 23:59:59'],
    ['2025-06-01T14:30', '2025-06-01 14:30:00'],
    ['2025-06-01', '2025-06-01 00:00:00'],
    ['0001-01-01T12:00:00', '0001-01-01 12:00:00'],
    ['9999-12-31T12:00:00', '9999-12-31 12:00:00'],
  ])('%s → %s', (value, london) => {
    expect(parseToLondon(value)).toBe(london)
  })

  it.each([
    '2025-02-30T10:00:00Z',
    '2025-04-31T23:30+01:00',
    '2025-06-01T24:00Z',
    '2025-06-01T24:00:00',
    '0000-06-01T10:00:00Z',
    '0000-01-01',
    '1900-02-29T10:00:00Z',
    '2025-02-29T10:00:00',
    '2025-13-01T10:00Z',
    '2025-00-10T10:00Z',
    '2025-06-00T10:00Z',
    '2025-06-01T10:60Z',
    '2025-06-01T10:00:60Z',
    '2025-06-01T10:00+19:00',
    '2025-06-01T10:00+01:60',
    '2025-06-01T10:00:00ZZ',
    '10000-01-01T00:00Z',
    '2025-6-1T10:00Z',
    '',
  ])('%s does not exist: refused, never rolled over', (value) => {
    expect(() => parseToLondon(value)).toThrow(RangeError)
    expect(parseDateTime(value)).toBeUndefined()
  })

  it('dates and times of the HTTP API', () => {
    expect(['2024-02-29', '0001-01-01', '9999-12-31'].every(isLocalDate)).toBe(true)
    expect(['2025-02-29', '0000-01-01', '2025-04-31', '2025-06-01T00:00', '20250601'].some(isLocalDate)).toBe(
      false,
    )
    expect(['00:00', '23:59:59', '10:00:00.5'].every(isLocalTime)).toBe(true)
    expect(['24:00', '23:60', '10:00:60', '1:00', '10:00:00Z'].some(isLocalTime)).toBe(false)
  })
})
