import { describe, expect, it } from 'vitest'
import { instantToOffsetDateTime, londonToInstant, toLondon, toOffsetDateTime } from '../../src/time.ts'

/**
 * src/time.ts asks ICU for London's offset once per UTC hour and derives the wall clock by
 * arithmetic. This checks that shortcut against ICU itself, around every kind of transition.
 */
const icu = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** A repeatable pseudo-random sequence in [0, 1) (linear congruential), so failures reproduce. */
function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

function icuWallClock(instant: Date): string {
  const p: Record<string, string> = {}
  for (const part of icu.formatToParts(instant)) p[part.type] = part.value
  return `${p.year!.padStart(4, '0')}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

function mismatches(instants: number[]): string[] {
  return instants
    .map((ms) => new Date(ms))
    .filter((d) => toLondon(d).dateTime !== icuWallClock(d))
    .map((d) => d.toISOString())
}

const HOUR = 3_600_000
const around = (from: number, to: number) => {
  const out: number[] = []
  for (let t = from; t < to; t += HOUR) for (const d of [-1, 0, 999]) out.push(t + d)
  return out
}

describe('London wall clock from the hourly offset', () => {
  it('matches ICU on every second of the hours around the end of local mean time (1847-12-01)', () => {
    const seconds = Array.from({ length: 3 * 3600 }, (_, i) => Date.UTC(1847, 10, 30, 23) + i * 1000)
    expect(mismatches(seconds)).toEqual([])
  })

  it('matches ICU around every hour of years with double summer time, BST all year and today', () => {
    const instants = [
      ...around(Date.UTC(1941, 0, 1), Date.UTC(1942, 0, 1)),
      ...around(Date.UTC(1971, 0, 1), Date.UTC(1972, 0, 1)),
      ...around(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)),
    ]
    expect(mismatches(instants)).toEqual([])
  })

  it('matches ICU at random instants from 1800 to 2200, milliseconds included', () => {
    const random = seededRandom(42)
    const from = Date.UTC(1800, 0, 1)
    const span = Date.UTC(2200, 0, 1) - from
    expect(mismatches(Array.from({ length: 10_000 }, () => from + Math.floor(random() * span)))).toEqual([])
  })
})

describe('toOffsetDateTime fast path', () => {
  /** What toOffsetDateTime always computed: the instant of the wall clock, then back to London. */
  const fullPath = (value: string) => instantToOffsetDateTime(londonToInstant(value))

  it('equals the full conversion every 10 minutes across this year and 1972 (transitions, gaps, overlaps)', () => {
    const differences: string[] = []
    for (const year of [1972, 2026]) {
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 600_000) {
        const value = new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
        if (toOffsetDateTime(value) !== fullPath(value)) differences.push(value)
      }
    }
    expect(differences).toEqual([])
  })

  it('equals the full conversion for random wall clocks from 1800 to 2200, before 1848 included', () => {
    const random = seededRandom(7)
    const from = Date.UTC(1800, 0, 1)
    const span = Date.UTC(2200, 0, 1) - from
    const differences: string[] = []
    for (let i = 0; i < 10_000; i++) {
      const value = new Date(from + Math.floor(random() * span)).toISOString().slice(0, 19).replace('T', ' ')
      if (toOffsetDateTime(value) !== fullPath(value)) differences.push(value)
    }
    expect(differences).toEqual([])
  })

  it('gives the same for other spellings of a wall clock (T separator, no seconds, fractions) as for the canonical one', () => {
    for (const [spelling, expected] of [
      ['2026-03-29T00:59:59', '2026-03-29T00:59:59Z'],
      ['2026-03-29 02:30', '2026-03-29T02:30:00+01:00'],
      ['2026-10-25 01:30:00.250', '2026-10-25T01:30:00+01:00'],
      ['2026-10-25 01:30:00', '2026-10-25T01:30:00+01:00'],
      ['2026-03-29 01:30:00', fullPath('2026-03-29 01:30:00')],
      ['1847-06-01 12:00:00', fullPath('1847-06-01 12:00:00')],
    ] as const) {
      expect(toOffsetDateTime(spelling)).toBe(expected)
    }
  })
})
