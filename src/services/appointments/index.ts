import type { Db } from '../../db/database.ts'
import { retryingDeadlocks } from '../../db/deadlock.ts'
import type { Logger } from '../../logger.ts'
import { type Clock, toLondon } from '../../time.ts'
import type { TelemetryEvent, WriteContext } from './context.ts'
import { createAppointments } from './create.ts'
import { deleteAppointments } from './delete.ts'
import type { AppointmentChange, AppointmentReference, NewAppointment, SearchCriteria } from './model.ts'
import { searchAppointments } from './search.ts'
import { updateAppointments } from './update.ts'

export interface AppointmentsDeps {
  db: Db
  clock: Clock
  logger: Logger
  auditUserId: number
}

/**
 * The appointments API (appointments.md). Each write is one transaction: any failure rolls the
 * whole batch back (a deadlock victim is run again, db/deadlock.ts). Telemetry is sent only once
 * the transaction has committed.
 */
export function appointmentsService({ db, clock, logger, auditUserId }: AppointmentsDeps) {
  async function write(work: (ctx: WriteContext) => Promise<TelemetryEvent[]>): Promise<void> {
    const instant = clock.now()
    const london = toLondon(instant)
    const stamp = { userId: auditUserId, now: london.dateTime, today: london.date }
    // A deadlock victim wrote nothing (it was rolled back whole): the batch runs again.
    const events = await retryingDeadlocks(
      () => db.kysely.transaction().execute((trx) => work({ db: trx, dialect: db.dialect, stamp, instant })),
      { onRetry: (attempt) => logger.warn('Deadlock: the batch runs again', { attempt }) },
    )
    for (const event of events) logger.event(event.name, event.properties)
  }

  return {
    search: (criteria: SearchCriteria) => searchAppointments(db.kysely, criteria),
    create: (appointments: readonly NewAppointment[]) =>
      write((ctx) => createAppointments(ctx, appointments)),
    update: (appointments: readonly AppointmentChange[]) =>
      write((ctx) => updateAppointments(ctx, appointments)),
    delete: (appointments: readonly AppointmentReference[]) =>
      write((ctx) => deleteAppointments(ctx, appointments)),
  }
}

export type AppointmentsService = ReturnType<typeof appointmentsService>
