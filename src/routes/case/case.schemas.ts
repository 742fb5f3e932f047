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
