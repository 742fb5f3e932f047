import type { Kysely } from 'kysely'
import { inList } from '../../dialect.ts'
import type { Database, DeliusDateTime } from '../../schema.ts'

export interface AppointmentSearch {
  requirementIds: readonly number[]
  licenceConditionIds: readonly number[]
  /** Inclusive lower bound of CONTACT_DATE. */
  from?: DeliusDateTime
  /** Exclusive upper bound of CONTACT_DATE (the day after the last date asked for). */
  before?: DeliusDateTime
  contactTypeCodes: readonly string[]
}

/**
 * Live appointments of the given types on the given components, in one round trip, ordered by
 * CRN, date, then start time (none first), as the response groups them (appointments.md §1.1).
 */
export function findAppointments(db: Kysely<Database>, search: AppointmentSearch) {
  let query = db
    .selectFrom('contact as c')
    .innerJoin('rContactType as ct', 'ct.contactTypeId', 'c.contactTypeId')
    .innerJoin('offender as o', 'o.offenderId', 'c.offenderId')
    .innerJoin('staff as s', 's.staffId', 'c.staffId')
    .innerJoin('team as t', 't.teamId', 'c.teamId')
    .leftJoin('rContactOutcomeType as oc', 'oc.contactOutcomeTypeId', 'c.contactOutcomeTypeId')
    .leftJoin('officeLocation as ol', 'ol.officeLocationId', 'c.officeLocationId')
    .select([
      'c.contactId',
      'c.externalReference',
      'o.crn',
      'c.rqmntId',
      'c.licConditionId',
      'c.contactDate',
      'c.contactStartTime',
      'c.contactEndTime',
      'c.createdDatetime',
      'c.lastUpdatedDatetime',
      'ct.code as typeCode',
      'ct.description as typeDescription',
      'oc.code as outcomeCode',
      'oc.description as outcomeDescription',
      'oc.outcomeAttendance',
      'oc.outcomeCompliantAcceptable',
      'ol.code as locationCode',
      'ol.description as locationDescription',
      's.officerCode as staffCode',
      's.forename as staffForename',
      's.forename2 as staffMiddleName',
      's.surname as staffSurname',
      't.code as teamCode',
      't.description as teamDescription',
      'c.notes',
      'c.sensitive',
      'c.description',
    ])
    .where('c.softDeleted', '=', 0)
    .where((eb) => inList(eb, 'ct.code', search.contactTypeCodes))
    .where((eb) =>
      eb.or([
        inList(eb, 'c.rqmntId', search.requirementIds),
        inList(eb, 'c.licConditionId', search.licenceConditionIds),
      ]),
    )
  if (search.from !== undefined) query = query.where('c.contactDate', '>=', search.from)
  if (search.before !== undefined) query = query.where('c.contactDate', '<', search.before)
  return query
    .orderBy('o.crn')
    .orderBy('c.contactDate')
    .orderBy('c.contactStartTime', (ob) => ob.asc().nullsFirst())
    .orderBy('c.contactId')
    .execute()
}

export type AppointmentRow = Awaited<ReturnType<typeof findAppointments>>[number]
