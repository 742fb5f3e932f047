import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../http/env.ts'
import type { Services } from '../../services/index.ts'
import type { offencesRoute, personalDetailsRoute, registrationsRoute, sentenceRoute } from './case.routes.ts'

export function caseHandlers({ caseDetails, sentences, registrations }: Services) {
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

  return { personalDetails, sentence, offences, registrations: registrationList }
}
