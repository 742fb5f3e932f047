import { z } from '@hono/zod-openapi'
import { DELIUS_TEXT_BYTES, deliusText } from '../../delius-text.ts'
import { isLocalDate, isLocalTime } from '../../time.ts'
import { CodedValueSchema } from '../common.ts'

/** The most appointments (or ids per list) one request may carry. */
export const MAX_BATCH = 500

/** A Delius id as a JSON number or a numeric string: the client sends `"2500123456"` (decision 14). */
export const IdSchema = z
  .union([
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    z.string().regex(/^\d{1,15}$/, 'must be a number'),
  ])
  .transform(Number)
  .openapi({ example: 2500123456, description: 'A number, or a string of digits' })

/** `yyyy-MM-dd`, a date that exists (src/time.ts: no 30 February, no year 0000). */
export const DateSchema = z.iso
  .date({ abort: true })
  .refine(isLocalDate, 'must be a date yyyy-MM-dd that exists')
  .openapi({ example: '2025-06-01', description: 'yyyy-MM-dd, years 0001–9999' })

/** `HH:mm:ss` or `HH:mm` (optionally with fractions of a second), normalised to `HH:mm:ss`. */
export const TimeSchema = z
  .string()
  .refine(isLocalTime, 'must be a time HH:mm:ss or HH:mm')
  .transform((time) => (time.length === 5 ? `${time}:00` : time.slice(0, 8)))
  .openapi({ example: '10:00:00', pattern: '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?$' })

/** The client's appointment reference: any 8-4-4-4-12 hexadecimal UUID. */
export const ReferenceSchema = z.guid().openapi({ example: '6f1c2b1e-3d4a-4f5b-9c6d-7e8f9a0b1c2d' })

const codeObject = () => z.object({ code: z.string().min(1) })

export const CodeSchema = codeObject().openapi('Code', { example: { code: 'TEAM01' } })

/**
 * An optional code (outcome, location): its own object, because marking the registered `Code`
 * component nullish would make `staff` and `team` nullable in the OpenAPI document too.
 */
export const OptionalCodeSchema = codeObject()
  .openapi({ example: { code: 'ATTC' } })
  .nullish()

export const AppointmentTypeSchema = z
  .enum(['PROGRAMME_ATTENDANCE', 'THREE_WAY_MEETING', 'PRE_GROUP_ONE_TO_ONE_MEETING'])
  .openapi('AppointmentType', {
    description: 'PROGRAMME_ATTENDANCE → CAPY, THREE_WAY_MEETING → CAPZ, PRE_GROUP_ONE_TO_ONE_MEETING → CAPW',
  })

const DESCRIPTION_LIMIT = `At most ${DELIUS_TEXT_BYTES.contactDescription} bytes in UTF-8 (CONTACT.DESCRIPTION is VARCHAR2(${DELIUS_TEXT_BYTES.contactDescription}) in Delius); longer is a 400`
const DescriptionSchema = deliusText(DELIUS_TEXT_BYTES.contactDescription)

const batch = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_BATCH)

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

export const SearchRequestSchema = z
  .object({
    requirementIds: z.array(IdSchema).max(MAX_BATCH),
    licenceConditionIds: z.array(IdSchema).max(MAX_BATCH),
    fromDate: DateSchema.nullish().openapi({ description: 'Inclusive; none for no lower bound' }),
    toDate: DateSchema.nullish().openapi({ description: 'Inclusive; none for no upper bound' }),
    types: z
      .array(AppointmentTypeSchema)
      .nullish()
      .openapi({ description: 'Only these appointment types. None or empty: CAPY, CAPZ, CAPW and CAPX.' }),
  })
  .openapi('GetAppointmentsRequest', {
    example: {
      requirementIds: [3001, 3002],
      licenceConditionIds: [4001],
      fromDate: '2030-01-01',
      toDate: '2030-12-31',
    },
  })

export const AppointmentOutcomeSchema = z
  .object({
    code: z.string(),
    description: z.string(),
    attended: z.boolean().optional(),
    complied: z.boolean().optional(),
  })
  .openapi('AppointmentOutcome')

export const AppointmentSchema = z
  .object({
    id: z.number().int(),
    reference: z.string().optional(),
    crn: z.string(),
    requirementId: z.number().int().optional(),
    licenceConditionId: z.number().int().optional(),
    date: z.string().openapi({ format: 'date' }),
    startTime: z.string().optional().openapi({ format: 'date-time', example: '2030-01-01T10:00:00Z' }),
    endTime: z.string().optional().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    type: CodedValueSchema,
    outcome: AppointmentOutcomeSchema.optional(),
    location: CodedValueSchema.optional(),
    staff: z.object({
      code: z.string(),
      name: z.object({ forename: z.string(), middleNames: z.string().optional(), surname: z.string() }),
    }),
    team: CodedValueSchema,
    notes: z.string().optional(),
    sensitive: z.boolean(),
    description: z.string().optional(),
  })
  .openapi('Appointment')

export const SearchResponseSchema = z
  .object({
    content: z
      .record(z.string(), z.array(AppointmentSchema))
      .openapi({ description: 'Appointments by CRN, in CRN, date and start-time order' }),
  })
  .openapi('GetAppointmentsResponse')

// ---------------------------------------------------------------------------------------------
// Create, update, delete
// ---------------------------------------------------------------------------------------------

export const CreateAppointmentSchema = z
  .object({
    reference: ReferenceSchema,
    requirementId: IdSchema.nullish(),
    licenceConditionId: IdSchema.nullish(),
    date: DateSchema,
    startTime: TimeSchema,
    endTime: TimeSchema,
    outcome: OptionalCodeSchema,
    location: OptionalCodeSchema,
    staff: CodeSchema,
    team: CodeSchema,
    notes: z.string().nullish(),
    sensitive: z.boolean(),
    type: AppointmentTypeSchema.nullish().transform((type) => type ?? 'PROGRAMME_ATTENDANCE'),
    description: DescriptionSchema.nullish().openapi({ description: DESCRIPTION_LIMIT }),
  })
  .openapi('CreateAppointmentRequest')

export const CreateRequestSchema = z
  .object({ appointments: batch(CreateAppointmentSchema) })
  .openapi('CreateAppointmentsRequest', {
    example: {
      appointments: [
        {
          reference: '6f1c2b1e-3d4a-4f5b-9c6d-7e8f9a0b1c2d',
          requirementId: 3031,
          licenceConditionId: null,
          date: '2026-06-01',
          startTime: '10:00:00',
          endTime: '10:30:00',
          outcome: null,
          location: { code: 'OFFICE1' },
          staff: { code: 'STAFF01' },
          team: { code: 'TEAM01' },
          notes: 'Some notes about the appointment',
          sensitive: false,
          type: 'PROGRAMME_ATTENDANCE',
          description: 'Description',
        },
      ],
    },
  })

export const UpdateAppointmentSchema = z
  .object({
    reference: ReferenceSchema,
    date: DateSchema,
    startTime: TimeSchema,
    endTime: TimeSchema,
    outcome: OptionalCodeSchema.openapi({ description: 'None keeps the recorded outcome' }),
    location: OptionalCodeSchema.openapi({ description: 'None clears the location' }),
    staff: CodeSchema,
    team: CodeSchema,
    notes: z
      .string()
      .nullish()
      .openapi({ description: 'Appended to the notes, unless they already end with exactly this text' }),
    sensitive: z.boolean().openapi({ description: 'Can be set, never removed' }),
    description: DescriptionSchema.nullish().openapi({
      description: `Replaces the description; null clears it, left out keeps it. ${DESCRIPTION_LIMIT}`,
    }),
  })
  .openapi('UpdateAppointmentRequest')

export const UpdateRequestSchema = z
  .object({ appointments: batch(UpdateAppointmentSchema) })
  .openapi('UpdateAppointmentsRequest')

export const DeleteRequestSchema = z
  .object({
    appointments: batch(z.object({ reference: ReferenceSchema }).openapi('DeleteAppointmentRequest')),
  })
  .openapi('DeleteAppointmentsRequest')
