import type { Db } from '../db/database.ts'
import { findRegionOfficeLocations, findTeamOfficeLocations } from '../db/queries/office-locations.ts'
import { findPersonId } from '../db/queries/person.ts'
import {
  type ComponentFilter,
  findProgrammeLicenceConditions,
  findProgrammeRequirements,
  type ProgrammeComponentRow,
} from '../db/queries/programme-components.ts'
import { BadRequestError, InvariantError, NotFoundError } from '../errors.ts'
import { type Clock, londonNow, toOffsetDateTime } from '../time.ts'
import { type CodedValue, coded, optional, type ProbationPractitioner } from './case-details.ts'
import { groupBy } from './grouping.ts'
import { emailsOf, type StaffDirectory } from './staff-directory.ts'

export interface Manager {
  staff: ProbationPractitioner
  team: CodedValue
  probationDeliveryUnit: CodedValue
  officeLocations: CodedValue[]
}

export interface PduOfficeLocations extends CodedValue {
  officeLocations: CodedValue[]
}

/** An accredited-programme requirement or licence condition (case-details.md §2.5). */
export interface ProgrammeComponent {
  id: number
  mainCategory?: CodedValue
  subCategory?: CodedValue
  manager: Manager
  probationDeliveryUnits: PduOfficeLocations[]
  eventNumber: string
  createdAt: string
}

interface ComponentKind {
  find(db: Db['kysely'], filter: ComponentFilter): Promise<ProgrammeComponentRow[]>
  /** The entity name of the 404 message. */
  entity: string
  mismatch: string
  noManager: string
}

const REQUIREMENT: ComponentKind = {
  find: findProgrammeRequirements,
  entity: 'Requirement',
  mismatch: 'CRN does not match requirement',
  noManager: 'Requirement does not have an active manager',
}

const LICENCE_CONDITION: ComponentKind = {
  find: findProgrammeLicenceConditions,
  entity: 'LicenceCondition',
  mismatch: 'CRN does not match licence condition',
  noManager: 'Licence condition does not have an active manager',
}

/** First row per component id (a staff member with several Delius users repeats the row). */
function firstPerComponent(rows: ProgrammeComponentRow[]): ProgrammeComponentRow[] {
  const seen = new Set<number>()
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id))
}

export interface ProgrammeComponentsDeps {
  db: Db
  clock: Clock
  staffDirectory: StaffDirectory
}

export function programmeComponentsService({ db, clock, staffDirectory }: ProgrammeComponentsDeps) {
  /**
   * Managers, their offices and the region's PDUs for any number of components: two queries and
   * one directory lookup in all, never one per component.
   */
  async function assemble(kind: ComponentKind, rows: ProgrammeComponentRow[]): Promise<ProgrammeComponent[]> {
    const components = firstPerComponent(rows)
    if (components.length === 0) return []
    if (components.some((row) => row.managerId === null)) throw new InvariantError(kind.noManager)
    const now = londonNow(clock)
    const teamIds = [...new Set(components.map((row) => row.teamId!))]
    const regionIds = [...new Set(components.flatMap((row) => (row.regionId === null ? [] : [row.regionId])))]
    const [teamOffices, regionOffices, emails] = await Promise.all([
      findTeamOfficeLocations(db.kysely, teamIds, now),
      regionIds.length === 0 ? [] : findRegionOfficeLocations(db.kysely, regionIds, now),
      emailsOf(
        staffDirectory,
        components.map((row) => row.staffUsername),
      ),
    ])
    const officesByTeam = groupBy(teamOffices, (office) => office.teamId)
    const pdusByRegion = new Map<number, PduOfficeLocations[]>()
    for (const [regionId, offices] of groupBy(regionOffices, (office) => office.regionId)) {
      pdusByRegion.set(
        regionId,
        [...groupBy(offices, (office) => office.pduCode).values()].map((pduOffices) => ({
          code: pduOffices[0]!.pduCode,
          description: pduOffices[0]!.pduDescription,
          officeLocations: pduOffices.map(({ code, description }) => ({ code, description })),
        })),
      )
    }
    return components.map((row) => ({
      id: row.id,
      ...optional('mainCategory', coded(row.mainCode, row.mainDescription)),
      ...optional('subCategory', coded(row.subCode, row.subDescription)),
      manager: {
        staff: {
          name: { forename: row.staffForename!, surname: row.staffSurname! },
          code: row.staffCode!,
          ...optional('email', row.staffUsername ? emails.get(row.staffUsername) : undefined),
        },
        team: { code: row.teamCode!, description: row.teamDescription! },
        probationDeliveryUnit: { code: row.pduCode!, description: row.pduDescription! },
        officeLocations: (officesByTeam.get(row.teamId!) ?? []).map(({ code, description }) => ({
          code,
          description,
        })),
      },
      probationDeliveryUnits: row.regionId === null ? [] : (pdusByRegion.get(row.regionId) ?? []),
      eventNumber: row.eventNumber,
      createdAt: toOffsetDateTime(row.createdDatetime),
    }))
  }

  async function one(kind: ComponentKind, crn: string, id: number): Promise<ProgrammeComponent> {
    const [personId, rows] = await Promise.all([findPersonId(db.kysely, crn), kind.find(db.kysely, { id })])
    if (personId === undefined) throw NotFoundError.of('Person', 'crn', crn)
    if (rows.length === 0) throw NotFoundError.of(kind.entity, 'id', id)
    if (rows[0]!.crn !== crn) throw new BadRequestError(kind.mismatch)
    return (await assemble(kind, rows))[0]!
  }

  async function all(kind: ComponentKind, crn: string): Promise<{ content: ProgrammeComponent[] }> {
    // The person check and the components in parallel: one round trip less than looking up the id first.
    const [personId, rows] = await Promise.all([findPersonId(db.kysely, crn), kind.find(db.kysely, { crn })])
    if (personId === undefined) throw NotFoundError.of('Person', 'crn', crn)
    return { content: await assemble(kind, rows) }
  }

  return {
    /** GET /case/{crn}/requirement/{id} */
    requirement: (crn: string, id: number) => one(REQUIREMENT, crn, id),
    /** GET /case/{crn}/requirements */
    requirements: (crn: string) => all(REQUIREMENT, crn),
    /** GET /case/{crn}/licence-conditions/{id} */
    licenceCondition: (crn: string, id: number) => one(LICENCE_CONDITION, crn, id),
    /** GET /case/{crn}/licence-conditions */
    licenceConditions: (crn: string) => all(LICENCE_CONDITION, crn),
  }
}

export type ProgrammeComponentsService = ReturnType<typeof programmeComponentsService>
