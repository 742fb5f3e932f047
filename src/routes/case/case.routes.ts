import { createRoute, z } from '@hono/zod-openapi'
import { CrnParam, errorResponses } from '../common.ts'
import {
  LicenceConditionSchema,
  LicenceConditionsSchema,
  OffencesSchema,
  PersonalDetailsSchema,
  RegistrationsSchema,
  RequirementSchema,
  RequirementsSchema,
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

/** A component id: digits only (a non-numeric id is a 400, as in the reference). */
const IdParam = z
  .string()
  .regex(/^[0-9]{1,15}$/, 'must be a whole number')
  .openapi({ param: { name: 'id', in: 'path' }, example: '2500123456' })

const componentErrors =
  '404 when the person or an active accredited-programme component with that id does not exist; 400 when the component belongs to another person; 500 when it has no active manager.'

export const requirementRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/requirement/{id}',
  tags,
  summary: 'An accredited-programme requirement (main category RM38 or 7) with its manager and PDUs',
  description: componentErrors,
  request: { params: z.object({ crn: CrnParam, id: IdParam }) },
  responses: {
    200: json('The requirement', RequirementSchema),
    ...errorResponses,
  },
})

export const requirementsRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/requirements',
  tags,
  summary: "A person's active accredited-programme requirements",
  request: { params: z.object({ crn: CrnParam }) },
  responses: {
    200: json('The requirements', RequirementsSchema),
    ...errorResponses,
  },
})

export const licenceConditionRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/licence-conditions/{id}',
  tags,
  summary: 'An accredited-programme licence condition (main category LAP) with its manager and PDUs',
  description: componentErrors,
  request: { params: z.object({ crn: CrnParam, id: IdParam }) },
  responses: {
    200: json('The licence condition', LicenceConditionSchema),
    ...errorResponses,
  },
})

export const licenceConditionsRoute = createRoute({
  method: 'get',
  path: '/case/{crn}/licence-conditions',
  tags,
  summary: "A person's active accredited-programme licence conditions",
  request: { params: z.object({ crn: CrnParam }) },
  responses: {
    200: json('The licence conditions', LicenceConditionsSchema),
    ...errorResponses,
  },
})
