import type { Kysely } from 'kysely'
import {
  type EnforcementActionRow,
  findContactTypes,
  findEnforcementAction,
  findOfficeLocations,
  findOutcomes,
  findStaff,
  findTeams,
  type OutcomeRow,
  type TeamRow,
} from '../../db/queries/appointments/reference-data.ts'
import type { Database } from '../../db/schema.ts'
import { BadRequestError, NotFoundError } from '../../errors.ts'
import { type LocalDate, toDeliusDateTime } from '../../time.ts'
import { listText } from './model.ts'

/** Distinct values in first-seen order. */
export const distinct = <T>(values: readonly (T | null | undefined)[]): T[] => [
  ...new Set(values.filter((v): v is T => v !== null && v !== undefined)),
]

/** 400 `Invalid <Entity> codes: [..]` listing every requested code that was not found. */
export function requireCodes(
  entity: string,
  requested: readonly string[],
  found: ReadonlyMap<string, unknown>,
) {
  const missing = requested.filter((code) => !found.has(code))
  if (missing.length > 0) throw new BadRequestError(`Invalid ${entity} codes: ${listText(missing)}`)
}

/** 400 `Invalid <Entity> IDs: [..]` listing every requested id that was not found. */
export function requireIds(
  entity: string,
  requested: readonly number[],
  found: ReadonlyMap<number, unknown>,
) {
  const missing = requested.filter((id) => !found.has(id))
  if (missing.length > 0) throw new BadRequestError(`Invalid ${entity} IDs: ${listText(missing)}`)
}

export interface AssignmentCodes {
  outcomeCodes: string[]
  /** Outcomes already on the appointments (update), looked up in the same round trip. */
  outcomeIds?: number[]
  locationCodes: string[]
  teamCodes: string[]
  staffCodes: string[]
}

export interface Assignments {
  outcomes: Map<string, OutcomeRow>
  outcomesById: Map<number, OutcomeRow>
  locations: Map<string, number>
  teams: Map<string, TeamRow>
  staff: Map<string, number>
}

/**
 * Outcomes, office locations, teams and staff of a batch: one query per kind (none for a kind with
 * nothing to look up), then 400 listing the missing codes in the reference's order.
 */
export async function loadAssignments(
  db: Kysely<Database>,
  codes: AssignmentCodes,
  today: LocalDate,
): Promise<Assignments> {
  const outcomeIds = codes.outcomeIds ?? []
  const outcomeRows =
    codes.outcomeCodes.length + outcomeIds.length > 0
      ? await findOutcomes(db, codes.outcomeCodes, outcomeIds)
      : []
  const outcomes = new Map(outcomeRows.map((o) => [o.code, o]))
  requireCodes('AppointmentOutcome', codes.outcomeCodes, outcomes)
  const locationRows =
    codes.locationCodes.length > 0
      ? await findOfficeLocations(db, codes.locationCodes, toDeliusDateTime(today))
      : []
  const locations = new Map(locationRows.map((l) => [l.code, l.officeLocationId]))
  requireCodes('OfficeLocation', codes.locationCodes, locations)
  const teams = new Map((await findTeams(db, codes.teamCodes)).map((t) => [t.code, t]))
  requireCodes('Team', codes.teamCodes, teams)
  const staff = new Map((await findStaff(db, codes.staffCodes)).map((s) => [s.officerCode, s.staffId]))
  requireCodes('Staff', codes.staffCodes, staff)
  return {
    outcomes,
    outcomesById: new Map(outcomeRows.map((o) => [o.contactOutcomeTypeId, o])),
    locations,
    teams,
    staff,
  }
}

/** Contact types by code; 400 `Invalid Type codes` for the requested appointment types. */
export async function loadContactTypes(
  db: Kysely<Database>,
  requested: readonly string[],
  system: readonly string[],
) {
  const types = new Map(
    (await findContactTypes(db, distinct([...requested, ...system]))).map((t) => [t.code, t]),
  )
  requireCodes('Type', requested, types)
  return types
}

/** A system contact type that must exist: 404 `ContactType with code of <code> not found`. */
export function requireContactType<T>(types: ReadonlyMap<string, T>, code: string): T {
  const type = types.get(code)
  if (!type) throw NotFoundError.of('ContactType', 'code', code)
  return type
}

export async function loadEnforcementAction(
  db: Kysely<Database>,
  code: string,
): Promise<EnforcementActionRow> {
  const action = await findEnforcementAction(db, code)
  if (!action) throw NotFoundError.of('EnforcementAction', 'code', code)
  return action
}
