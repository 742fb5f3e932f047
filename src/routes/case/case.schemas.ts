import { z } from '@hono/zod-openapi'
import { CodedValueSchema } from '../common.ts'

export const ProbationPractitionerSchema = z
  .object({
    name: z.object({ forename: z.string(), surname: z.string() }),
    code: z.string(),
    email: z.string().optional(),
  })
  .openapi('ProbationPractitioner')

export const PersonalDetailsSchema = z
  .object({
    crn: z.string(),
    name: z.object({ forename: z.string(), middleNames: z.string(), surname: z.string() }),
    dateOfBirth: z.string().openapi({ format: 'date' }),
    age: z.string().openapi({ example: '45 years, 6 months' }),
    sex: CodedValueSchema,
    ethnicity: CodedValueSchema.optional(),
    probationPractitioner: ProbationPractitionerSchema,
    team: CodedValueSchema,
    probationDeliveryUnit: CodedValueSchema,
    region: CodedValueSchema,
  })
  .openapi('PersonalDetails')

const LocalDate = z.string().openapi({ format: 'date', example: '2024-05-01' })

export const SentenceSchema = z
  .object({
    description: z.string().optional().openapi({ example: 'ORA Community Order (6 Months)' }),
    startDate: LocalDate,
    expectedEndDate: LocalDate.optional(),
    licenceExpiryDate: LocalDate.optional(),
    postSentenceSupervisionEndDate: LocalDate.optional(),
    twoThirdsSupervisionDate: LocalDate.optional(),
    custodial: z.boolean(),
    releaseType: z.string().optional().openapi({ example: 'Released on Adult Licence' }),
    licenceConditions: z.array(CodedValueSchema),
    requirements: z.array(CodedValueSchema),
    postSentenceSupervisionRequirements: z.array(CodedValueSchema),
  })
  .openapi('Sentence')

export const OffenceSchema = z
  .object({
    date: LocalDate.optional(),
    mainCategoryCode: z.string().openapi({ example: '036' }),
    mainCategoryDescription: z.string().openapi({ example: 'Kidnapping' }),
    subCategoryCode: z.string().openapi({ example: '02' }),
    subCategoryDescription: z.string().openapi({ example: 'Hijacking' }),
  })
  .openapi('Offence')

export const OffencesSchema = z
  .object({ mainOffence: OffenceSchema, additionalOffences: z.array(OffenceSchema) })
  .openapi('Offences')

export const RegistrationsSchema = z
  .object({
    registrations: z.array(
      z
        .object({
          type: CodedValueSchema,
          category: CodedValueSchema.optional(),
          date: LocalDate,
          nextReviewDate: LocalDate.optional(),
        })
        .openapi('Registration'),
    ),
  })
  .openapi('Registrations')

export const ManagerSchema = z
  .object({
    staff: ProbationPractitionerSchema,
    team: CodedValueSchema,
    probationDeliveryUnit: CodedValueSchema,
    officeLocations: z.array(CodedValueSchema),
  })
  .openapi('Manager')

export const PduOfficeLocationsSchema = z
  .object({ code: z.string(), description: z.string(), officeLocations: z.array(CodedValueSchema) })
  .openapi('PduOfficeLocations', {
    example: {
      code: 'PDU1',
      description: 'Test PDU',
      officeLocations: [{ code: 'OFFICE1', description: 'Test Office Location' }],
    },
  })

const programmeComponent = (name: 'Requirement' | 'LicenceCondition') =>
  z
    .object({
      id: z.number().int().openapi({ example: 2500123456 }),
      mainCategory: CodedValueSchema.optional(),
      subCategory: CodedValueSchema.optional(),
      manager: ManagerSchema,
      probationDeliveryUnits: z.array(PduOfficeLocationsSchema),
      eventNumber: z.string().openapi({ example: '1' }),
      createdAt: z.string().openapi({ format: 'date-time', example: '2025-01-01T12:00:00Z' }),
    })
    .openapi(name)

export const RequirementSchema = programmeComponent('Requirement')
export const LicenceConditionSchema = programmeComponent('LicenceCondition')
export const RequirementsSchema = z.object({ content: z.array(RequirementSchema) }).openapi('Requirements')
export const LicenceConditionsSchema = z
  .object({ content: z.array(LicenceConditionSchema) })
  .openapi('LicenceConditions')
