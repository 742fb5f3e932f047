import type { Kysely } from 'kysely'
import { inList } from '../../dialect.ts'
import type { Database, DeliusDateTime } from '../../schema.ts'
import type { Audit } from './components.ts'

/** Live ENFORCEMENT rows of the given contacts. */
export function findLiveEnforcements(db: Kysely<Database>, contactIds: readonly number[]) {
  return db
    .selectFrom('enforcement')
    .select(['enforcementId', 'contactId', 'enforcementActionId'])
    .where((eb) => inList(eb, 'contactId', contactIds))
    .where('softDeleted', '=', 0)
    .execute()
}

export type EnforcementRow = Awaited<ReturnType<typeof findLiveEnforcements>>[number]

/** Moves existing ENFORCEMENT rows to another action (the "upsert" of appointments.md §2.4), in one statement. */
export async function updateEnforcementActions(
  db: Kysely<Database>,
  enforcementIds: readonly number[],
  values: {
    enforcementActionId: number
    responseDate: DeliusDateTime | null
    actionTakenDate: DeliusDateTime
    actionTakenTime: DeliusDateTime
  },
  audit: Audit,
) {
  if (enforcementIds.length === 0) return
  await db
    .updateTable('enforcement')
    .set((eb) => ({
      ...values,
      rowVersion: eb('rowVersion', '+', 1),
      lastUpdatedUserId: audit.userId,
      lastUpdatedDatetime: audit.now,
    }))
    .where((eb) => inList(eb, 'enforcementId', enforcementIds))
    .execute()
}

/** Soft-deletes the live ENFORCEMENT rows of the given contacts (enforcement removed). */
export async function softDeleteEnforcements(
  db: Kysely<Database>,
  contactIds: readonly number[],
  audit: Audit,
) {
  if (contactIds.length === 0) return
  await db
    .updateTable('enforcement')
    .set((eb) => ({
      softDeleted: 1,
      rowVersion: eb('rowVersion', '+', 1),
      lastUpdatedUserId: audit.userId,
      lastUpdatedDatetime: audit.now,
    }))
    .where((eb) => inList(eb, 'contactId', contactIds))
    .where('softDeleted', '=', 0)
    .execute()
}

/**
 * Row-locks events before their FTC count is recomputed. On PostgreSQL a statement waiting for a
 * row lock keeps its old snapshot, so a recount racing another transaction's recount would miss that
 * transaction's failures; locking first makes the recount a new statement that starts after the
 * other commits.
 */
export async function lockEvents(db: Kysely<Database>, eventIds: readonly number[]): Promise<void> {
  if (eventIds.length === 0) return
  await db
    .selectFrom('event')
    .select('eventId')
    .where((eb) => inList(eb, 'eventId', eventIds))
    .orderBy('eventId')
    .forUpdate()
    .execute()
}

/**
 * Recounts EVENT.FTC_COUNT for many events in one statement (appointments.md §2.4 step 3): the
 * distinct dates of the event's live contacts that did not comply, of national-standards types, on
 * or after both the last breach end and the sentence date (a missing one is ignored).
 */
export async function recountFailuresToComply(
  db: Kysely<Database>,
  eventIds: readonly number[],
  audit: Audit,
) {
  if (eventIds.length === 0) return
  await db
    .updateTable('event')
    .set((eb) => ({
      ftcCount: eb
        .selectFrom('contact as c')
        .innerJoin('rContactType as ct', 'ct.contactTypeId', 'c.contactTypeId')
        .leftJoin('disposal as d', (join) =>
          join.onRef('d.eventId', '=', 'c.eventId').on('d.softDeleted', '=', 0),
        )
        .select((sub) => sub.fn.count<number>('c.contactDate').distinct().as('failures'))
        .whereRef('c.eventId', '=', 'event.eventId')
        .where('c.complied', '=', 'N')
        .where('c.softDeleted', '=', 0)
        .where('ct.nationalStandardsContact', '=', 'Y')
        .where((sub) =>
          sub.or([
            sub('event.breachEnd', 'is', null),
            sub('c.contactDate', '>=', sub.ref('event.breachEnd')),
          ]),
        )
        .where((sub) =>
          sub.or([sub('d.disposalDate', 'is', null), sub('c.contactDate', '>=', sub.ref('d.disposalDate'))]),
        ),
      rowVersion: eb('rowVersion', '+', 1),
      lastUpdatedUserId: audit.userId,
      lastUpdatedDatetime: audit.now,
    }))
    .where((eb) => inList(eb, 'eventId', eventIds))
    .execute()
}

/**
 * For each event: its FTC count, its sentence's FTC limit, and whether an open review (an ARWS
 * contact without outcome since the last breach) already exists (§2.4 step 4). One round trip.
 */
export function findEnforcementReviewState(
  db: Kysely<Database>,
  eventIds: readonly number[],
  reviewContactTypeId: number,
) {
  return db
    .selectFrom('event as e')
    .innerJoin('disposal as d', (join) =>
      join.onRef('d.eventId', '=', 'e.eventId').on('d.softDeleted', '=', 0),
    )
    .innerJoin('rDisposalType as dt', 'dt.disposalTypeId', 'd.disposalTypeId')
    .select((eb) => [
      'e.eventId',
      'e.ftcCount',
      'dt.ftcLimit',
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('contact as r')
              .select('r.contactId')
              .whereRef('r.eventId', '=', 'e.eventId')
              .where('r.contactTypeId', '=', reviewContactTypeId)
              .where('r.contactOutcomeTypeId', 'is', null)
              .where('r.softDeleted', '=', 0)
              .where((sub) =>
                sub.or([sub('e.breachEnd', 'is', null), sub('r.contactDate', '>=', sub.ref('e.breachEnd'))]),
              ),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('reviewExists'),
    ])
    .where((eb) => inList(eb, 'e.eventId', eventIds))
    .execute()
}
