import { createRoute, z } from '@hono/zod-openapi'
import { CrnParam, errorResponses } from '../common.ts'
import { PersonalDetailsSchema } from './case.schemas.ts'

const tags = ['Case details']

export const personalDetailsRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/personal-details',
  tags,
  summary: "A person's name, age, sex, ethnicity and community manager",
  request: { params: z.object({ crn: CrnParam }) },
  responses: {
    200: {
      description: 'Personal details',
      content: { 'application/json': { schema: PersonalDetailsSchema } },
    },
    ...errorResponses,
  },
})
