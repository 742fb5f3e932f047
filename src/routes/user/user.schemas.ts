import { z } from '@hono/zod-openapi'
import { MAX_ACCESS_CRNS } from '../../services/user-access.ts'
import { CodedValueSchema } from '../common.ts'

/** A Delius user name (USER_.DISTINGUISHED_NAME, up to 60 characters). */
export const UsernameParam = z
  .string()
  .regex(/^[A-Za-z0-9._@'-]{1,60}$/, 'must be a Delius user name')
  .openapi({ param: { name: 'username', in: 'path' }, example: 'TestUser' })

const CRN_COUNT_MESSAGE = `Please provide between 1 and ${MAX_ACCESS_CRNS} crns`

export const CrnListSchema = z
  .array(z.string().openapi({ example: 'A000001' }))
  .min(1, CRN_COUNT_MESSAGE)
  .max(MAX_ACCESS_CRNS, CRN_COUNT_MESSAGE)
  .openapi('CrnList', { example: ['A000001'] })

export const UserAccessSchema = z
  .object({
    access: z.array(
      z
        .object({
          crn: z.string(),
          userExcluded: z.boolean(),
          userRestricted: z.boolean(),
          exclusionMessage: z.string().optional(),
          restrictionMessage: z.string().optional(),
        })
        .openapi('CaseAccess'),
    ),
  })
  .openapi('UserAccess', {
    example: { access: [{ crn: 'A000001', userExcluded: false, userRestricted: false }] },
  })

export const UserTeamsSchema = z
  .object({
    teams: z.array(
      z
        .object({
          code: z.string(),
          description: z.string(),
          pdu: CodedValueSchema,
          region: CodedValueSchema,
        })
        .openapi('UserTeam'),
    ),
  })
  .openapi('UserTeams')
