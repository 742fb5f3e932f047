/** The HMPPS domain event types this service consumes (events.md §A.1). */
export const EVENT_TYPES = {
  statusUpdated: 'accredited-programmes-community.referral.status-updated',
  programmeComplete: 'accredited-programmes-community.programme.complete',
} as const

export type ConsumedEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES]
