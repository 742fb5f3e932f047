import { createRoute } from '@hono/zod-openapi'
import { ErrorResponseSchema } from '../../http/error-body.ts'
import { errorResponses } from '../common.ts'
import {
  CreateRequestSchema,
  DeleteRequestSchema,
  SearchRequestSchema,
  SearchResponseSchema,
  UpdateRequestSchema,
} from './appointments.schemas.ts'

const tags = ['Appointments']
const json = <T>(schema: T) => ({ content: { 'application/json': { schema } }, required: true })
const { 404: _notFound, ...withoutNotFound } = errorResponses
const systemDataMissing = {
  404: { ...errorResponses[404], description: 'Delius reference data the service needs is missing' },
}

export const searchAppointmentsRoute = createRoute({
  method: 'post',
  path: '/appointments/search',
  tags,
  summary: 'Appointments on requirements and licence conditions, grouped by CRN',
  description:
    'Programme attendance (CAPY), three-way meeting (CAPZ), pre-group one-to-one (CAPW) and IAPS (CAPX) appointments. ' +
    'Up to 500 ids per list; at least one id. Unknown ids give no rows.',
  request: { body: json(SearchRequestSchema) },
  responses: {
    200: {
      description: 'Appointments by CRN',
      content: { 'application/json': { schema: SearchResponseSchema } },
    },
    ...withoutNotFound,
  },
})

export const createAppointmentsRoute = createRoute({
  method: 'post',
  path: '/appointments',
  tags,
  summary: 'Create up to 500 appointments as Delius contacts, all or nothing',
  request: { body: json(CreateRequestSchema) },
  responses: {
    201: { description: 'Created (no body)' },
    ...withoutNotFound,
    ...systemDataMissing,
    409: {
      description: 'An appointment with one of the references already exists; nothing was created',
      content: { 'application/json': { schema: ErrorResponseSchema } },
    },
  },
})

export const updateAppointmentsRoute = createRoute({
  method: 'put',
  path: '/appointments',
  tags,
  summary: 'Reschedule, reassign and record outcomes of up to 500 appointments, all or nothing',
  request: { body: json(UpdateRequestSchema) },
  responses: {
    204: { description: 'Updated' },
    ...withoutNotFound,
    ...systemDataMissing,
    409: {
      description: 'The appointments changed under this request; nothing was updated, try again',
      content: { 'application/json': { schema: ErrorResponseSchema } },
    },
  },
})

export const deleteAppointmentsRoute = createRoute({
  method: 'delete',
  path: '/appointments',
  tags,
  summary: 'Delete up to 500 future appointments without an outcome, all or nothing',
  description: 'References that are not found are ignored.',
  request: { body: json(DeleteRequestSchema) },
  responses: {
    204: { description: 'Deleted' },
    ...withoutNotFound,
  },
})
