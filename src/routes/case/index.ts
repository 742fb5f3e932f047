import { createRouter } from '../../http/router.ts'
import type { Services } from '../../services/index.ts'
import { caseHandlers } from './case.handlers.ts'
import {
  licenceConditionRoute,
  licenceConditionsRoute,
  offencesRoute,
  personalDetailsRoute,
  registrationsRoute,
  requirementRoute,
  requirementsRoute,
  sentenceRoute,
} from './case.routes.ts'

export function caseRouter(services: Services) {
  const handlers = caseHandlers(services)
  return createRouter()
    .openapi(personalDetailsRoute, handlers.personalDetails)
    .openapi(sentenceRoute, handlers.sentence)
    .openapi(offencesRoute, handlers.offences)
    .openapi(registrationsRoute, handlers.registrations)
    .openapi(requirementRoute, handlers.requirement)
    .openapi(requirementsRoute, handlers.requirements)
    .openapi(licenceConditionRoute, handlers.licenceCondition)
    .openapi(licenceConditionsRoute, handlers.licenceConditions)
}
