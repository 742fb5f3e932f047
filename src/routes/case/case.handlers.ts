import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../http/env.ts'
import type { Services } from '../../services/index.ts'
import type {
  licenceConditionRoute,
  licenceConditionsRoute,
  offencesRoute,
  personalDetailsRoute,
  registrationsRoute,
  requirementRoute,
  requirementsRoute,
  sentenceRoute,
} from './case.routes.ts'

export function caseHandlers({ caseDetails, sentences, registrations, programmeComponents }: Services) {
  const personalDetails: RouteHandler<typeof personalDetailsRoute, AppEnv> = async (c) =>
    c.json(await caseDetails.personalDetails(c.req.valid('param').crn), 200)

  const sentence: RouteHandler<typeof sentenceRoute, AppEnv> = async (c) => {
    const { crn, eventNumber } = c.req.valid('param')
    return c.json(await sentences.sentence(crn, eventNumber), 200)
  }

  const offences: RouteHandler<typeof offencesRoute, AppEnv> = async (c) => {
    const { crn, eventNumber } = c.req.valid('param')
    return c.json(await sentences.offences(crn, eventNumber), 200)
  }

  const registrationList: RouteHandler<typeof registrationsRoute, AppEnv> = async (c) =>
    c.json(await registrations.registrations(c.req.valid('param').crn), 200)

  const requirement: RouteHandler<typeof requirementRoute, AppEnv> = async (c) => {
    const { crn, id } = c.req.valid('param')
    return c.json(await programmeComponents.requirement(crn, Number(id)), 200)
  }

  const requirements: RouteHandler<typeof requirementsRoute, AppEnv> = async (c) =>
    c.json(await programmeComponents.requirements(c.req.valid('param').crn), 200)

  const licenceCondition: RouteHandler<typeof licenceConditionRoute, AppEnv> = async (c) => {
    const { crn, id } = c.req.valid('param')
    return c.json(await programmeComponents.licenceCondition(crn, Number(id)), 200)
  }

  const licenceConditions: RouteHandler<typeof licenceConditionsRoute, AppEnv> = async (c) =>
    c.json(await programmeComponents.licenceConditions(c.req.valid('param').crn), 200)

  return {
    personalDetails,
    sentence,
    offences,
    registrations: registrationList,
    requirement,
    requirements,
    licenceCondition,
    licenceConditions,
  }
}
