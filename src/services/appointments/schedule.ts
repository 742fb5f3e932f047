import type { DeliusDateTime } from '../../db/schema.ts'
import { BadRequestError } from '../../errors.ts'
import { type LocalDate, type LocalTime, londonToInstant, toDeliusDateTime } from '../../time.ts'

export interface Schedule {
  contactDate: DeliusDateTime
  contactStartTime: DeliusDateTime
  contactEndTime: DeliusDateTime
}

/** Date and London times of a request → the CONTACT date/start/end values. */
export function scheduleOf(date: LocalDate, startTime: LocalTime, endTime: LocalTime): Schedule {
  return {
    contactDate: toDeliusDateTime(date),
    contactStartTime: toDeliusDateTime(date, startTime),
    contactEndTime: toDeliusDateTime(date, endTime),
  }
}

/** "Start time must be before end time" (the lib's check on create and update). */
export function requireStartBeforeEnd(startTime: LocalTime, endTime: LocalTime): void {
  if (toDeliusDateTime('2000-01-01', startTime) >= toDeliusDateTime('2000-01-01', endTime)) {
    throw new BadRequestError('Start time must be before end time')
  }
}

/** True when the London wall-clock value is after the instant `now`. */
export function isAfter(value: DeliusDateTime, now: Date): boolean {
  return londonToInstant(value).getTime() > now.getTime()
}

/** An appointment has ended when its end (or start, or date) is not in the future (appointments.md §1.4). */
export function hasEnded(
  appointment: {
    contactDate: DeliusDateTime
    contactStartTime: DeliusDateTime | null
    contactEndTime: DeliusDateTime | null
  },
  now: Date,
): boolean {
  return !isAfter(appointment.contactEndTime ?? appointment.contactStartTime ?? appointment.contactDate, now)
}
