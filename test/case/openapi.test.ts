import type { z } from '@hono/zod-openapi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import {
  LicenceConditionSchema,
  LicenceConditionsSchema,
  OffencesSchema,
  PersonalDetailsSchema,
  RegistrationsSchema,
  RequirementSchema,
  RequirementsSchema,
  SentenceSchema,
} from '../../src/routes/case/case.schemas.ts'
import {
  LocalAdminUnitMembersSchema,
  OfficeLocationsSchema,
  RegionMembersSchema,
} from '../../src/routes/regions/regions.schemas.ts'
import { UserAccessSchema, UserTeamsSchema } from '../../src/routes/user/user.schemas.ts'
import { staticStaffDirectory } from '../../src/services/staff-directory.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

let db: TestDb
let t: TestApp

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db, { staffDirectory: staticStaffDirectory({ TestUser: SEED.testUserEmail }) })
})

afterAll(async () => {
  await t?.close()
  await db?.close()
})

/** Every case-information operation: path, method, the 200 schema name, and the error statuses. */
const OPERATIONS = [
  ['/case/{crn}/personal-details', 'get', 'PersonalDetails', [400, 401, 403, 404, 500]],
  ['/case/{crn}/sentence/{eventNumber}', 'get', 'Sentence', [400, 401, 403, 404, 500]],
  ['/case/{crn}/sentence/{eventNumber}/offences', 'get', 'Offences', [400, 401, 403, 404, 500]],
  ['/case/{crn}/registrations', 'get', 'Registrations', [400, 401, 403, 500]],
  ['/case/{crn}/requirement/{id}', 'get', 'Requirement', [400, 401, 403, 404, 500]],
  ['/case/{crn}/requirements', 'get', 'Requirements', [400, 401, 403, 404, 500]],
  ['/case/{crn}/licence-conditions/{id}', 'get', 'LicenceCondition', [400, 401, 403, 404, 500]],
  ['/case/{crn}/licence-conditions', 'get', 'LicenceConditions', [400, 401, 403, 404, 500]],
  ['/user/{username}/access', 'post', 'UserAccess', [400, 401, 403, 500]],
  ['/user/{username}/teams', 'get', 'UserTeams', [400, 401, 403, 500]],
  ['/regions/{code}/members', 'get', 'RegionMembers', [400, 401, 403, 404, 500]],
  ['/regions/pdu/{pdu}/office-locations', 'get', 'PduWithOfficeLocations', [400, 401, 403, 404, 500]],
  [
    '/regions/{code}/local-admin-units/accredited-programmes/members',
    'get',
    'LocalAdminUnitMembers',
    [400, 401, 403, 404, 500],
  ],
] as const

describe('OpenAPI document', () => {
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document
  let document: any

  beforeAll(async () => {
    const response = await t.request('/v3/api-docs', { token: null })
    expect(response.status).toBe(200)
    document = await response.json()
  })

  it.each(OPERATIONS)(
    '%s %s: 200 with its schema, and every error status with the error body',
    (path, method, schema, errors) => {
      const operation = document.paths[path]?.[method]
      expect(operation, `${method} ${path} in the document`).toBeDefined()
      const ok = operation.responses['200'].content['application/json'].schema
      expect(ok).toStrictEqual({ $ref: `#/components/schemas/${schema}` })
      expect(document.components.schemas[schema]).toBeDefined()
      const statuses = Object.keys(operation.responses).sort()
      expect(statuses).toStrictEqual(['200', ...errors.map(String)].sort())
      for (const status of errors) {
        expect(operation.responses[String(status)].content['application/json'].schema).toStrictEqual({
          $ref: '#/components/schemas/ErrorResponse',
        })
      }
      // Path parameters are documented.
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toStrictEqual(params.sort())
    },
  )

  it('the access check documents its body: a list of 1 to 500 CRNs', () => {
    const body = document.paths['/user/{username}/access'].post.requestBody
    expect(body.required).toBe(true)
    expect(document.components.schemas.CrnList).toMatchObject({ type: 'array', minItems: 1, maxItems: 500 })
  })
})

describe('real answers match their documented schemas exactly', () => {
  const [REQ0] = SEED.requirements
  const [LC0] = SEED.licenceConditions
  const cases: [string, z.ZodType, { method?: string; body?: unknown }?][] = [
    ['/case/A000001/personal-details', PersonalDetailsSchema],
    ['/case/A000001/sentence/1', SentenceSchema],
    ['/case/A000001/sentence/3', SentenceSchema],
    ['/case/A000001/sentence/1/offences', OffencesSchema],
    ['/case/A000001/registrations', RegistrationsSchema],
    [`/case/A000001/requirement/${REQ0}`, RequirementSchema],
    ['/case/A000001/requirements', RequirementsSchema],
    [`/case/A000001/licence-conditions/${LC0}`, LicenceConditionSchema],
    ['/case/A000001/licence-conditions', LicenceConditionsSchema],
    [
      '/user/TestUserWithLimitedAccess/access',
      UserAccessSchema,
      { method: 'POST', body: ['A000001', 'A000002'] },
    ],
    ['/user/TestUser/teams', UserTeamsSchema],
    ['/regions/PA1/members', RegionMembersSchema],
    ['/regions/pdu/PDU1/office-locations', OfficeLocationsSchema],
    ['/regions/N07/local-admin-units/accredited-programmes/members', LocalAdminUnitMembersSchema],
  ]

  it.each(cases)('%s', async (path, schema, init) => {
    const response = await t.request(path, init)
    expect(response.status).toBe(200)
    const body = await response.json()
    const parsed = schema.safeParse(body)
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
    // Nothing undocumented: parsing (which drops unknown keys) gives the body back unchanged.
    expect(parsed.data).toStrictEqual(body)
  })
})
