import type { DeliusDateTime } from '../../db/schema.ts'
import { formatDdMmYyyy } from '../../time.ts'
import type { ComponentKind } from './components.ts'

/**
 * The texts Delius users read on the termination contacts (events.md §A.8). The dash in the ETER
 * notes is an EN DASH (U+2013), as in the reference.
 */
export function terminationNotes(
  kind: ComponentKind,
  terminationDate: DeliusDateTime,
  reason: string | null,
) {
  const reasonClause = reason === null ? '' : ` with termination reason of "${reason}"`
  return `${kind.label} terminated on ${formatDdMmYyyy(terminationDate)}${reasonClause} following notification from the Accredited Programmes \u2013 Intervention Service`
}

/** "Transfer automatically rejected due to termination of requirement." (or licence condition) */
export function transferRejectionSentence(kind: ComponentKind): string {
  return `Transfer automatically rejected due to termination of ${kind.label.toLowerCase()}.`
}

/** A transfer's notes after the rejection: the sentence on a new line, or alone when there were none. */
export function rejectedTransferNotes(existing: string | null, sentence: string): string {
  return existing === null ? sentence : `${existing}\n${sentence}`
}

export interface TransferRejectionDetails {
  statusDescription: string
  /** Null prints as the literal `null`, as the reference's string template does. */
  allocationReasonDescription: string | null
  rejectionReasonDescription: string
  owningProviderDescription: string
  receivingProviderDescription: string
  notes: string
}

/** The ETCX contact's notes: one line each, `Notes: ` with a trailing space, and a final newline. */
export function transferRejectedNotes(details: TransferRejectionDetails): string {
  return [
    `Transfer Status: ${details.statusDescription}`,
    `Transfer Reason: ${details.allocationReasonDescription ?? 'null'}`,
    `Rejection Reason: ${details.rejectionReasonDescription}`,
    `Owning Provider: ${details.owningProviderDescription}`,
    `Receiving Provider: ${details.receivingProviderDescription}`,
    'Notes: ',
    details.notes,
    '',
  ].join('\n')
}
