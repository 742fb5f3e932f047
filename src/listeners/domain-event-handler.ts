import type { Message } from '@aws-sdk/client-sqs'
import type { z } from 'zod'
import { isDatabaseUnavailable } from '../db/unavailable.ts'
import type { LogFields, Logger } from '../logger.ts'
import {
  type ReferralCompletion,
  ReferralCompletionSchema,
  type StatusInfo,
  StatusInfoSchema,
} from '../services/events/types.ts'
import type { Clock, DeliusDateTime } from '../time.ts'
import type { DetailClient } from './detail-client.ts'
import { describeIssues, type Notification, parseNotification } from './domain-event.ts'
import { EVENT_TYPES } from './event-types.ts'
import { sleep } from './sleep.ts'
import { MessageProcessingError } from './sqs-listener.ts'

/** What the listener needs from the business services (createServices provides both). */
export interface EventServices {
  statusChange: {
    record(input: {
      crn: string
      notificationId: string
      occurredAt: DeliusDateTime
      detail: StatusInfo
    }): Promise<unknown>
  }
  componentTermination: {
    terminate(input: { crn: string; completion: ReferralCompletion }): Promise<unknown>
  }
}

export interface DomainEventHandlerOptions {
  services: EventServices
  details: DetailClient
  logger: Logger
  clock: Clock
  /**
   * While the database is unreachable a message is held (its visibility kept extended) and the
   * service call retried, for at most this long; then it fails and is redelivered. Default 10 min.
   */
  holdWhileDatabaseDownMs?: number
  /** Longest pause between those retries. Default 10 s. */
  maxRetryDelayMs?: number
}

type Route = (notification: Notification & { crn: string }, signal: AbortSignal) => Promise<void>

/**
 * Parses a queue message and routes it on `MessageAttributes.eventType` (events.md §A.2, §A.9).
 * Every failure is thrown, so the message is redelivered and in the end dead-lettered; the thrown
 * MessageProcessingError carries the event type and CRN for the log line.
 */
export function createDomainEventHandler(options: DomainEventHandlerOptions) {
  const { services, details, logger, clock } = options
  const holdMs = options.holdWhileDatabaseDownMs ?? 10 * 60_000
  const maxDelayMs = options.maxRetryDelayMs ?? 10_000

  /** Runs a service call, retrying it while the database cannot be reached. */
  const whileDatabaseDown = async <T>(context: LogFields, signal: AbortSignal, call: () => Promise<T>) => {
    const started = Date.now()
    for (let attempt = 1; ; attempt++) {
      try {
        return await call()
      } catch (error) {
        if (!isDatabaseUnavailable(error) || signal.aborted || Date.now() - started >= holdMs) throw error
        const delayMs = Math.min(maxDelayMs, 100 * attempt * attempt)
        logger.warn('Database unavailable; holding the message and retrying', {
          ...context,
          attempt,
          delayMs,
          error,
        })
        await sleep(delayMs, signal)
      }
    }
  }

  const routes: Record<string, Route> = {
    [EVENT_TYPES.statusUpdated]: async (notification, signal) => {
      const detail = parseDetail(
        StatusInfoSchema,
        await details.fetch(notification.event.detailUrl),
        'StatusInfo',
      )
      await whileDatabaseDown(contextOf(notification), signal, () =>
        services.statusChange.record({
          crn: notification.crn,
          notificationId: notification.notificationId,
          occurredAt: notification.occurredAt,
          detail,
        }),
      )
    },
    [EVENT_TYPES.programmeComplete]: async (notification, signal) => {
      const completion = parseDetail(
        ReferralCompletionSchema,
        await details.fetch(notification.event.detailUrl),
        'ReferralCompletion',
      )
      await whileDatabaseDown(contextOf(notification), signal, () =>
        services.componentTermination.terminate({ crn: notification.crn, completion }),
      )
    },
  }

  return async (message: Message, signal: AbortSignal): Promise<void> => {
    let context: LogFields = {}
    try {
      const notification = parseNotification(message.Body, clock)
      context = contextOf(notification)
      logger.event('NotificationReceived', {
        eventType: notification.eventType,
        ...(notification.event.detailUrl ? { detailUrl: notification.event.detailUrl } : {}),
        ...notification.identifiers,
      })
      const { crn } = notification
      if (!crn) throw new Error('Missing CRN in personReference')
      const route = notification.eventType === undefined ? undefined : routes[notification.eventType]
      if (!route) throw new Error(`Unexpected event type ${notification.eventType}`)
      await route({ ...notification, crn }, signal)
      logger.debug('Notification processed', { messageId: message.MessageId, ...context })
    } catch (error) {
      throw new MessageProcessingError(context, error)
    }
  }
}

function contextOf(notification: Notification): LogFields {
  return {
    notificationId: notification.notificationId,
    eventType: notification.eventType,
    crn: notification.crn,
  }
}

export class InvalidDetailError extends Error {
  override readonly name = 'InvalidDetailError'
}

function parseDetail<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value)
  if (!result.success)
    throw new InvalidDetailError(`${what} detail is invalid: ${describeIssues(result.error)}`)
  return result.data
}
