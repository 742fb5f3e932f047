import { describe, expect, it } from 'vitest'
import {
  addDays,
  formatDdMmYyyy,
  formatDdMmYyyyHhMm,
  instantToOffsetDateTime,
  londonToInstant,
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
