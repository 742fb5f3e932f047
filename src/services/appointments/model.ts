import type { LocalDate, LocalTime } from '../../time.ts'

/** CONTACT.EXTERNAL_REFERENCE of an appointment is this prefix plus the client's lower-case UUID. */
export const REFERENCE_PREFIX = 'urn:uk:gov:accredited-programmes:appointment:'

export const toExternalReference = (reference: string) => `${REFERENCE_PREFIX}${reference.toLowerCase()}`

const TRAILING_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The client's reference back from an external reference. The UUID at the end, so that the other
 * prefix one dev generator used (appointments.md §6.12) still gives the UUID; otherwise the prefix
 * is removed.
 */
export function fromExternalReference(externalReference: string | null): string | undefined {
  if (externalReference === null) return undefined
  const uuid = TRAILING_UUID.exec(externalReference)
  if (uuid) return uuid[0]
  return externalReference.startsWith(REFERENCE_PREFIX)
    ? externalReference.slice(REFERENCE_PREFIX.length)
    : externalReference
}

/** The appointment types the client creates, and their Delius contact types (appointments.md §1.2). */
export const APPOINTMENT_TYPES = {
  PROGRAMME_ATTENDANCE: 'CAPY',
  THREE_WAY_MEETING: 'CAPZ',
  PRE_GROUP_ONE_TO_ONE_MEETING: 'CAPW',
} as const
export type AppointmentType = keyof typeof APPOINTMENT_TYPES
export const APPOINTMENT_TYPE_NAMES = Object.keys(APPOINTMENT_TYPES) as AppointmentType[]

/** Contact types search returns when no filter is given (decision 7): every written type plus IAPS. */
export const SEARCHABLE_CONTACT_TYPES = ['CAPY', 'CAPZ', 'CAPW', 'CAPX'] as const

/** System reference codes. */
export const CONTACT_TYPE = {
  componentCommenced: 'ECOM',
  reviewEnforcementStatus: 'ARWS',
} as const
export const REFER_TO_MANAGER = 'ROM'

export interface Coded {
  code: string
}

export interface SearchCriteria {
  requirementIds: number[]
  licenceConditionIds: number[]
  fromDate?: LocalDate | null
  toDate?: LocalDate | null
  types?: AppointmentType[] | null
}

export interface NewAppointment {
  reference: string
  requirementId?: number | null
  licenceConditionId?: number | null
  date: LocalDate
  startTime: LocalTime
  endTime: LocalTime
  outcome?: Coded | null
  location?: Coded | null
  staff: Coded
  team: Coded
  notes?: string | null
  sensitive: boolean
  type: AppointmentType
  description?: string | null
}

export interface AppointmentChange {
  reference: string
  date: LocalDate
  startTime: LocalTime
  endTime: LocalTime
  outcome?: Coded | null
  location?: Coded | null
  staff: Coded
  team: Coded
  notes?: string | null
  sensitive: boolean
  /** Left out: kept. Explicit null: cleared. */
  description?: string | null
}

export interface AppointmentReference {
  reference: string
}

export interface CodedValue {
  code: string
  description: string
}

/** One item of the search response (appointments.md §1.1, decision 7). Null fields are left out. */
export interface Appointment {
  id: number
  reference?: string
  crn: string
  requirementId?: number
  licenceConditionId?: number
  date: LocalDate
  startTime?: string
  endTime?: string
  createdAt: string
  updatedAt: string
  type: CodedValue
  outcome?: { code: string; description: string; attended?: boolean; complied?: boolean }
  location?: CodedValue
  staff: { code: string; name: { forename: string; middleNames?: string; surname: string } }
  team: CodedValue
  notes?: string
  sensitive: boolean
  description?: string
}

/** `[a, b]` as Kotlin prints a list in the reference's messages. */
export const listText = (values: readonly unknown[]) => `[${values.join(', ')}]`
