import type { Db } from '../db/database.ts'
import { findAdditionalOffences, findEventMainOffences } from '../db/queries/offences.ts'
import {
  findKeyDates,
  findLatestReleaseType,
  findLicenceConditionCategories,
  findPssRequirementCategories,
  findRequirementCategories,
  findSentencedEvent,
} from '../db/queries/sentence.ts'
import { DELIUS_COLUMN_BYTES } from '../db/schema.ts'
import { BadRequestError, InvariantError, NotFoundError } from '../errors.ts'
import { datePart } from '../time.ts'
import { type CodedValue, coded, optional } from './case-details.ts'

export interface Sentence {
  description?: string
  startDate: string
  expectedEndDate?: string
  licenceExpiryDate?: string
  postSentenceSupervisionEndDate?: string
  twoThirdsSupervisionDate?: string
  custodial: boolean
  releaseType?: string
  licenceConditions: CodedValue[]
  requirements: CodedValue[]
  postSentenceSupervisionRequirements: CodedValue[]
}

export interface Offence {
  date?: string
  mainCategoryCode: string
  mainCategoryDescription: string
  subCategoryCode: string
  subCategoryDescription: string
}

export interface Offences {
  mainOffence: Offence
  additionalOffences: Offence[]
}

const CUSTODIAL_SENTENCE_TYPES = new Set(['NC', 'SC'])

/** Event numbers are strings; one that matches no event is a 404 (spec README decision 18). */
const eventNotFound = (crn: string, eventNumber: string) =>
  new NotFoundError(`Event for ${crn} with number of ${eventNumber} not found`)

interface CategoryRow {
  mainCode: string | null
  mainDescription: string | null
  subCode: string | null
  subDescription: string | null
}

/** One coded value per component: the sub-category if set, else the main category. */
function categories(rows: CategoryRow[]): CodedValue[] {
  return rows.flatMap((row) => {
    const value = coded(row.subCode, row.subDescription) ?? coded(row.mainCode, row.mainDescription)
    return value ? [value] : []
  })
}

const date = (value: string | null | undefined) => (value ? datePart(value) : undefined)

/**
 * Whether a CRN and event number could name a Delius event at all (OFFENDER.CRN is VARCHAR2(7),
 * EVENT.EVENT_NUMBER VARCHAR2(10), counted in bytes). Longer values are no event: a 404 without a
 * query, as Oracle refuses a VARCHAR2 bind over 4,000 bytes in a comparison (the Oracle test mode
 * found a long event number answering 500).
 */
const couldExist = (crn: string, eventNumber: string) =>
  Buffer.byteLength(crn) <= DELIUS_COLUMN_BYTES.crn &&
  Buffer.byteLength(eventNumber) <= DELIUS_COLUMN_BYTES.eventNumber

export function sentenceService({ db }: { db: Db }) {
  return {
    /** case-details.md §2.2 */
    async sentence(crn: string, eventNumber: string): Promise<Sentence> {
      const event = couldExist(crn, eventNumber)
        ? await findSentencedEvent(db.kysely, crn, eventNumber)
        : undefined
      if (!event) throw eventNotFound(crn, eventNumber)
      if (event.disposalId === null) throw new BadRequestError('Event is not sentenced')
      if (event.entryLength !== null && event.entryLengthUnits === null) {
        throw new InvariantError('Sentence has a length without units')
      }
      const { disposalId, custodyId } = event
      const [keyDates, releaseType, licenceConditions, requirements, pssRequirements] = await Promise.all([
        custodyId === null ? [] : findKeyDates(db.kysely, custodyId),
        custodyId === null ? undefined : findLatestReleaseType(db.kysely, custodyId),
        findLicenceConditionCategories(db.kysely, disposalId),
        findRequirementCategories(db.kysely, disposalId),
        custodyId === null ? [] : findPssRequirementCategories(db.kysely, custodyId),
      ])
      const keyDate = (type: string) => keyDates.find((row) => row.type === type)?.keyDate
      const description =
        event.disposalTypeDescription === null
          ? undefined
          : event.entryLength === null
            ? event.disposalTypeDescription
            : `${event.disposalTypeDescription} (${event.entryLength} ${event.entryLengthUnits})`
      return {
        ...optional('description', description),
        startDate: datePart(event.disposalDate!),
        ...optional('expectedEndDate', date(event.enteredNotionalEndDate ?? event.notionalEndDate)),
        ...optional('licenceExpiryDate', date(keyDate('LED'))),
        ...optional('postSentenceSupervisionEndDate', date(keyDate('PSSED'))),
        ...optional('twoThirdsSupervisionDate', date(keyDate('PR1') ?? event.twoThirdsContactDate)),
        custodial: event.sentenceType !== null && CUSTODIAL_SENTENCE_TYPES.has(event.sentenceType),
        ...optional('releaseType', releaseType),
        licenceConditions: categories(licenceConditions),
        requirements: categories(requirements),
        postSentenceSupervisionRequirements: categories(pssRequirements),
      }
    },

    /** case-details.md §2.3 */
    async offences(crn: string, eventNumber: string): Promise<Offences> {
      const rows = couldExist(crn, eventNumber)
        ? await findEventMainOffences(db.kysely, crn, eventNumber)
        : []
      if (rows.length === 0) throw eventNotFound(crn, eventNumber)
      const eventId = rows[0]!.eventId
      const mainOffences = rows.filter((row) => row.mainOffenceId !== null && row.mainCategoryCode !== null)
      // The reference takes the single main offence: none is a data fault, several a bad request.
      if (mainOffences.length === 0) throw new InvariantError('Event does not have a main offence')
      if (mainOffences.length > 1) throw new BadRequestError('Event has more than one main offence')
      const additional = await findAdditionalOffences(db.kysely, eventId)
      return { mainOffence: offence(mainOffences[0]!), additionalOffences: additional.map(offence) }
    },
  }
}

export type SentenceService = ReturnType<typeof sentenceService>

function offence(row: {
  offenceDate: string | null
  mainCategoryCode: string | null
  mainCategoryDescription: string | null
  subCategoryCode: string | null
  subCategoryDescription: string | null
}): Offence {
  return {
    ...optional('date', date(row.offenceDate)),
    mainCategoryCode: row.mainCategoryCode!,
    mainCategoryDescription: row.mainCategoryDescription!,
    subCategoryCode: row.subCategoryCode!,
    subCategoryDescription: row.subCategoryDescription!,
  }
}
