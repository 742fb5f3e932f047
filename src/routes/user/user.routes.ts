import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses } from '../common.ts'
import { CrnListSchema, UserAccessSchema, UsernameParam, UserTeamsSchema } from './user.schemas.ts'

const tags = ['Users']

// Neither endpoint has a 404: an unknown user or CRN is an answer, not an error.
const { 404: _notFound, ...errors } = errorResponses

export const userAccessRoute = createRoute({
  method: 'post',
  path: '/user/{username}/access',
  tags,
  summary: 'Limited-access check: is the user excluded from or restricted on each case?',
  description:
    'One entry per requested CRN, in request order (duplicates included). A restriction is an allow-list: a user it does not name is restricted. For an unknown user any active exclusion or restriction applies. Unknown CRNs are neither excluded nor restricted.',
  request: {
    params: z.object({ username: UsernameParam }),
    body: { required: true, content: { 'application/json': { schema: CrnListSchema } } },
  },
  responses: {
    200: { description: 'Access per CRN', content: { 'application/json': { schema: UserAccessSchema } } },
    ...errors,
  },
})

export const userTeamsRoute = createRoute({
  method: 'get',
  path: '/user/{username}/teams',
  tags,
  summary: "The open teams of a Delius user's staff record, with PDU and region",
  request: { params: z.object({ username: UsernameParam }) },
  responses: {
    200: { description: 'The teams', content: { 'application/json': { schema: UserTeamsSchema } } },
    ...errors,
  },
})
