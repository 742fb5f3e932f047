import type { Db } from '../db/database.ts'
import type { Logger } from '../logger.ts'
import type { Clock } from '../time.ts'
import { appointmentsService } from './appointments/index.ts'
import { caseDetailsService } from './case-details.ts'
import { componentTerminationService } from './events/component-termination.ts'
import { statusChangeService } from './events/status-change.ts'
import { createHealthService, type ProcessState } from './health.ts'
import { programmeComponentsService } from './programme-components.ts'
import { regionsService } from './regions.ts'
import { registrationsService } from './registrations.ts'
import { sentenceService } from './sentence.ts'
import { noStaffDirectory, type StaffDirectory } from './staff-directory.ts'
import { userAccessService } from './user-access.ts'
import { userTeamsService } from './user-teams.ts'

export interface ServiceDeps {
  db: Db
  clock: Clock
  logger: Logger
  /** The Delius user id every insert/update is audited with (resolved at start-up). */
  auditUserId: number
  staffDirectory?: StaffDirectory
  /** The process's started/stopping state the readiness probe reports (default: started). */
  process?: ProcessState
}

/** The business services shared by the HTTP routes and the queue listener. */
export function createServices(deps: ServiceDeps) {
  const staffDirectory = deps.staffDirectory ?? noStaffDirectory
  return {
    appointments: appointmentsService(deps),
    caseDetails: caseDetailsService({ db: deps.db, clock: deps.clock, staffDirectory }),
    statusChange: statusChangeService(deps),
    componentTermination: componentTerminationService(deps),
    sentences: sentenceService({ db: deps.db }),
    registrations: registrationsService({ db: deps.db }),
    programmeComponents: programmeComponentsService({ db: deps.db, clock: deps.clock, staffDirectory }),
    userAccess: userAccessService({ db: deps.db, clock: deps.clock }),
    userTeams: userTeamsService({ db: deps.db }),
    regions: regionsService({ db: deps.db, clock: deps.clock }),
    health: createHealthService({ db: deps.db, directory: staffDirectory, process: deps.process }),
  }
}

export type Services = ReturnType<typeof createServices>
