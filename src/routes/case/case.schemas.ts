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
