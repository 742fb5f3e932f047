/**
 * Europe/London time. Delius DATE columns hold London wall-clock values, so every conversion
 * between an instant and a Delius value goes through here, never through the host's time zone.
 *
 * Representations:
 * - LocalDate `YYYY-MM-DD`, LocalTime `HH:mm:ss`;
 * - DeliusDateTime `YYYY-MM-DD HH:mm:ss` (what the database stores and returns);
 * - OffsetDateTime `YYYY-MM-DDTHH:mm:ss+01:00` or `...Z` (what the API returns, like Java's
 *   ISO_OFFSET_DATE_TIME).
 */
export const LONDON = 'Europe/London'

export type LocalDate = string
export type LocalTime = string
export type DeliusDateTime = string

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant)
  return { now: () => new Date(at) }
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** The London wall clock from ICU: exact for any instant, but costly (~10 µs a call). */
function formatterParts(instant: Date): WallClock {
  const parts: Record<string, string> = {}
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  }
}

// Since 1848 London has changed offset only on whole UTC hours (tzdata; the one exception is the end
// of local mean time on 1847-12-01), so ICU is asked once per UTC hour and the rest is arithmetic.
// A search answer converts thousands of dates; ICU was most of its CPU time (bench, issue 6).
const HOUR_MS = 3_600_000
const HOURLY_FROM_MS = Date.UTC(1848, 0, 1)
const offsetMsByHour = new Map<number, number>()

/** London's offset from UTC in ms at an instant from 1848 on (undefined before). */
function hourlyOffsetMs(ms: number): number | undefined {
  if (!(ms >= HOURLY_FROM_MS)) return undefined
  const hour = Math.floor(ms / HOUR_MS)
  let offsetMs = offsetMsByHour.get(hour)
  if (offsetMs === undefined) {
    const w = formatterParts(new Date(hour * HOUR_MS))
    offsetMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - hour * HOUR_MS
    if (offsetMsByHour.size >= 50_000) offsetMsByHour.clear()
    offsetMsByHour.set(hour, offsetMs)
  }
  return offsetMs
}

function londonParts(instant: Date): WallClock {
  const ms = instant.getTime()
  const offsetMs = hourlyOffsetMs(ms)
  if (offsetMs === undefined) return formatterParts(instant)
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetMs)
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function formatDate(w: Pick<WallClock, 'year' | 'month' | 'day'>): LocalDate {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`
}

function formatTime(w: Pick<WallClock, 'hour' | 'minute' | 'second'>): LocalTime {
  return `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`
}

/** Offset of London from UTC at an instant, in minutes (0 or 60). */
export function londonOffsetMinutes(instant: Date): number {
  const w = londonParts(instant)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000)
}

/** The London wall clock at an instant. */
export function toLondon(instant: Date): { date: LocalDate; time: LocalTime; dateTime: DeliusDateTime } {
  const w = londonParts(instant)
  const date = formatDate(w)
  const time = formatTime(w)
  return { date, time, dateTime: `${date} ${time}` }
}

export function londonToday(clock: Clock): LocalDate {
  return toLondon(clock.now()).date
}

export function londonNow(clock: Clock): DeliusDateTime {
  return toLondon(clock.now()).dateTime
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/

function parseWallClock(value: string): WallClock {
  const m = DATE_TIME.exec(value)
  if (!m) throw new RangeError(`Not a local date-time: ${value}`)
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  }
}

/**
 * The instant of a London wall-clock value. In the autumn overlap the earlier (BST) instant is
 * taken, and a time in the spring gap is moved forward by the gap, like java.time's ZonedDateTime.
 */
export function londonToInstant(value: DeliusDateTime | LocalDate): Date {
  const w = parseWallClock(value)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  // Try the larger offset first so that the overlap resolves to BST.
  for (const offset of [60, 0]) {
    const candidate = new Date(asUtc - offset * 60000)
    if (londonOffsetMinutes(candidate) === offset) return candidate
  }
  // In the gap: neither offset reproduces the wall clock; java.time shifts it by the gap length.
  return new Date(asUtc - 0)
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z'
  const sign = minutes > 0 ? '+' : '-'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** Delius wall clock → `2025-06-01T14:30:00+01:00` (Java ISO_OFFSET_DATE_TIME style). */
export function toOffsetDateTime(value: DeliusDateTime): string {
  // A search converts thousands. London's offsets and transitions are whole hours since 1848, so
  // every wall clock of one hour gets the same offset: it is worked out once per `YYYY-MM-DD HH`.
  if (value.length === 19 && CANONICAL_DATE_TIME.test(value)) {
    const wallHour = value.slice(0, 13)
    let offset = offsetByWallHour.get(wallHour)
    if (offset === undefined) {
      offset = existingWallClockOffset(parseWallClock(value))
      if (offsetByWallHour.size >= 50_000) offsetByWallHour.clear()
      offsetByWallHour.set(wallHour, offset)
    }
    if (offset !== null) return `${value.slice(0, 10)}T${value.slice(11)}${offset}`
  }
  const w = parseWallClock(value)
  const offset = existingWallClockOffset(w)
  if (offset !== null) return `${formatDate(w)}T${formatTime(w)}${offset}`
  const instant = londonToInstant(value)
  const london = toLondon(instant)
  return `${london.date}T${london.time}${formatOffset(londonOffsetMinutes(instant))}`
}

const CANONICAL_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const offsetByWallHour = new Map<string, string | null>()

/**
 * The offset (`+01:00`, `Z`) of a wall clock that exists in London, BST first as in londonToInstant;
 * null for a time in a spring gap, before 1848 or at double summer time (the full path decides).
 */
function existingWallClockOffset(w: WallClock): string | null {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  for (const offsetMinutes of [60, 0]) {
    if (hourlyOffsetMs(asUtc - offsetMinutes * 60_000) === offsetMinutes * 60_000) {
      return formatOffset(offsetMinutes)
    }
  }
  return null
}

/** An instant → London `2025-06-01T14:30:00+01:00`. */
export function instantToOffsetDateTime(instant: Date): string {
  const london = toLondon(instant)
  return `${london.date}T${london.time}${formatOffset(londonOffsetMinutes(instant))}`
}

// ---------------------------------------------------------------------------------------------
// The one strict parser of dates and times the service accepts (HTTP bodies, domain events, detail
// documents). `new Date()` and `Date.UTC` roll impossible values over (2025-02-30 becomes 2 March,
// T24:00 the next day) and accept year 0, which exists in no Delius calendar (Oracle: ORA-01841);
// here such a value is refused, never changed into another date.
// ---------------------------------------------------------------------------------------------

/** `yyyy-MM-dd`, then optionally `T` (or a space) `HH:mm[:ss[.fraction]]`, then optionally an offset. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/
const LOCAL_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$/

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** A Gregorian date that exists: years 0001–9999 (no year 0), months 1–12, the month's days. */
function dateExists(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!)
}

/** A time of day that exists: 00:00:00–23:59:59 (no 24:00, no leap second). */
const timeExists = (hour: number, minute: number, second: number) => hour < 24 && minute < 60 && second < 60

export interface ParsedDateTime {
  wall: WallClock
  /** Whether a time of day was given (otherwise the wall clock is midnight). */
  hasTime: boolean
  /** Minutes east of UTC when an offset was given (`Z` is 0), else null. */
  offsetMinutes: number | null
}

/**
 * Parses an ISO-8601 date or date-time, with or without an offset, and checks that it exists
 * (calendar date, time of day, offset within ±18:00 as java.time allows). Undefined if it does not.
 */
export function parseDateTime(value: string): ParsedDateTime | undefined {
  const m = ISO_DATE_TIME.exec(value)
  if (!m) return undefined
  const wall: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  }
  if (!dateExists(wall.year, wall.month, wall.day)) return undefined
  if (!timeExists(wall.hour, wall.minute, wall.second)) return undefined
  let offsetMinutes: number | null = null
  if (m[7]) offsetMinutes = 0
  else if (m[8]) {
    const hours = Number(m[9])
    const minutes = Number(m[10])
    if (minutes > 59 || hours * 60 + minutes > 18 * 60) return undefined
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (hours * 60 + minutes)
  }
  return { wall, hasTime: m[4] !== undefined, offsetMinutes }
}

/** A `yyyy-MM-dd` date that exists. */
export function isLocalDate(value: string): boolean {
  const parsed = value.length === 10 ? parseDateTime(value) : undefined
  return parsed !== undefined && parsed.offsetMinutes === null
}

/** An `HH:mm[:ss[.fraction]]` time of day that exists. */
export function isLocalTime(value: string): boolean {
  const m = LOCAL_TIME.exec(value)
  return m !== null && timeExists(Number(m[1]), Number(m[2]), Number(m[3] ?? 0))
}

/** The wall clock of a parsed value as a Delius value `YYYY-MM-DD HH:mm:ss`. */
export const wallClockOf = (parsed: ParsedDateTime): DeliusDateTime =>
  `${formatDate(parsed.wall)} ${formatTime(parsed.wall)}`

/**
 * An ISO date-time with an offset is converted to London; one without is read as London. Throws a
 * RangeError for anything that is not a date-time that exists (parseDateTime).
 */
export function parseToLondon(value: string): DeliusDateTime {
  const parsed = parseDateTime(value)
  if (!parsed) throw new RangeError(`Not a date-time that exists: ${value}`)
  if (parsed.offsetMinutes === null) return wallClockOf(parsed)
  const { wall } = parsed
  const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear puts the year back.
  const instant = new Date(utc)
  instant.setUTCFullYear(wall.year)
  return toLondon(new Date(instant.getTime() - parsed.offsetMinutes * 60_000)).dateTime
}

/** `YYYY-MM-DD` and `HH:mm[:ss]` → a Delius value. */
export function toDeliusDateTime(date: LocalDate, time: LocalTime = '00:00:00'): DeliusDateTime {
  const [h = '00', m = '00', s = '00'] = time.split(':')
  return `${date} ${h.padStart(2, '0')}:${m.padStart(2, '0')}:${s.slice(0, 2).padStart(2, '0')}`
}

/** The date part of a Delius value. */
export function datePart(value: DeliusDateTime): LocalDate {
  return value.slice(0, 10)
}

/** The time part of a Delius value (`HH:mm:ss`). */
export function timePart(value: DeliusDateTime): LocalTime {
  return value.length > 10 ? value.slice(11, 19) : '00:00:00'
}

/** `dd/MM/yyyy` as the Delius notes texts use. */
export function formatDdMmYyyy(value: DeliusDateTime | LocalDate): string {
  const w = parseWallClock(value)
  return `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)}`
}

/** `dd/MM/yyyy HH:mm` as the enforcement note uses. */
export function formatDdMmYyyyHhMm(value: DeliusDateTime): string {
  const w = parseWallClock(value)
  return `${formatDdMmYyyy(value)} ${pad(w.hour)}:${pad(w.minute)}`
}

/** Adds days to a LocalDate (calendar arithmetic, no zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const w = parseWallClock(date)
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days))
  return formatDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() })
}

/** Whole years and months from one date to a later one, like java.time.Period (days ignored). */
export function periodYearsMonths(from: LocalDate, to: LocalDate): { years: number; months: number } {
  const a = parseWallClock(from)
  const b = parseWallClock(to)
  let months = (b.year - a.year) * 12 + (b.month - a.month)
  if (b.day < a.day) months -= 1
  return { years: Math.trunc(months / 12), months: months % 12 }
}
