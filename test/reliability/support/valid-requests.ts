import { randomUUID } from 'node:crypto'
import { SEED } from '../../../src/db/seed.ts'

/**
 * Requests the service accepts (appointments.md §1.2), for the fault, soak and shutdown runs: future
 * programme sessions on the general appointments fixture (A000004's requirement), fresh references.
 */
export function appointmentBatch(n: number, options: { date?: string; notes?: string } = {}) {
  return {
    appointments: Array.from({ length: n }, (_, i) => ({
      reference: randomUUID(),
      requirementId: SEED.appointments.requirement,
      licenceConditionId: null,
      date: options.date ?? '2030-06-01',
      startTime: `${String(8 + (i % 10)).padStart(2, '0')}:00:00`,
      endTime: `${String(8 + (i % 10)).padStart(2, '0')}:30:00`,
      staff: { code: 'STAFF01' },
      team: { code: 'TEAM01' },
      notes: options.notes ?? null,
      sensitive: false,
      type: 'PROGRAMME_ATTENDANCE',
    })),
  }
}
