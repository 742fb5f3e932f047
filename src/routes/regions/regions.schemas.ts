import { z } from '@hono/zod-openapi'

export const RegionCodeParam = z
  .string()
  .regex(/^[A-Za-z0-9]{1,10}$/, 'must be letters and digits')
  .openapi({ param: { name: 'code', in: 'path' }, example: 'PA1', description: 'PROBATION_AREA.CODE' })

export const PduCodeParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,10}$/, 'must be letters and digits')
  .openapi({ param: { name: 'pdu', in: 'path' }, example: 'PDU1', description: 'BOROUGH.CODE' })

const MemberName = z.object({ forename: z.string(), surname: z.string() })

export const RegionMembersSchema = z
  .object({
    code: z.string(),
    description: z.string(),
    pdus: z.array(
      z
        .object({
          code: z.string(),
          description: z.string(),
          /** Singular key holding the list of teams, as in the reference. */
          team: z.array(
            z
              .object({
                code: z.string(),
                description: z.string(),
                members: z.array(z.object({ code: z.string(), name: MemberName }).openapi('RegionMember')),
              })
              .openapi('RegionTeam'),
          ),
        })
        .openapi('RegionPdu'),
    ),
  })
  .openapi('RegionMembers')

export const OfficeLocationsSchema = z
  .object({
    code: z.string(),
    description: z.string(),
    officeLocations: z.array(z.object({ code: z.string(), description: z.string() })),
  })
  .openapi('PduWithOfficeLocations', {
    example: {
      code: 'PDU1',
      description: 'Test PDU',
      officeLocations: [{ code: 'OFFICE1', description: 'Test Office Location' }],
    },
  })

export const LocalAdminUnitMembersSchema = z
  .object({
    teams: z.array(
      z
        .object({
          code: z.string(),
          description: z.string(),
          members: z.array(
            z
              .object({
                code: z.string(),
                name: z.object({
                  forename: z.string(),
                  middleNames: z.string().optional(),
                  surname: z.string(),
                }),
              })
              .openapi('LocalAdminUnitMember'),
          ),
        })
        .openapi('LocalAdminUnitTeam'),
    ),
  })
  .openapi('LocalAdminUnitMembers')
