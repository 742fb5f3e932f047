import { createRoute, z } from '@hono/zod-openapi'
import { CrnParam, errorResponses } from '../common.ts'
import {
  OffencesSchema,
  PersonalDetailsSchema,
  RegistrationsSchema,
  SentenceSchema,
} from './case.schemas.ts'

const tags = ['Case details']

const json = <T>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})

/** Event numbers are free text: one that matches no event is a 404, never a 400 (decision 18). */
const EventNumberParam = z
  .string()
  .openapi({ param: { name: 'eventNumber', in: 'path' }, example: '1', description: 'EVENT.EVENT_NUMBER' })

const { 404: _notFound, ...errorsWithoutNotFound } = errorResponses

export const personalDetailsRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/personal-details',
  tags,
  summary: "A person's name, age, sex, ethnicity and community manager",
  request: { params: z.object({ crn: CrnParam }) },
  responses: {
    200: json('Personal details', PersonalDetailsSchema),
    ...errorResponses,
  },
})

export const sentenceRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/sentence/{eventNumber}',
  tags,
  summary: 'The sentence of an event: dates, custody, release and its components',
  description:
    '404 when the person or the event does not exist (any event number, e.g. `null` or `0`); 400 "Event is not sentenced" when the event has no disposal.',
  request: { params: z.object({ crn: CrnParam, eventNumber: EventNumberParam }) },
  responses: {
    200: json('The sentence', SentenceSchema),
    ...errorResponses,
  },
})

export const offencesRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/sentence/{eventNumber}/offences',
  tags,
  summary: 'The main and additional offences of an event',
  request: { params: z.object({ crn: CrnParam, eventNumber: EventNumberParam }) },
  responses: {
    200: json('The offences', OffencesSchema),
    ...errorResponses,
  },
})

export const registrationsRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/registrations',
  tags,
  summary: "A person's active registrations (an unknown CRN has none)",
  request: { params: z.object({ crn: CrnParam }) },
  responses: {
    200: json('The registrations', RegistrationsSchema),
    ...errorsWithoutNotFound,
  },
})
