/**
 * `npm run publish -- <example>`: sends one example message (events.md §A.3, ids from the seed) to
 * the running dev stack's local queue, with a fresh SNS MessageId, and prints how to see the result.
 */
import { randomUUID } from 'node:crypto'
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs'
import { EVENT_TYPES } from '../listeners/event-types.ts'
import { EXAMPLE_ALIASES, EXAMPLES, exampleNotification, findExample } from './messages.ts'
import { DEV_QUEUE, devSqsClient } from './queue.ts'

const env = process.env
const sqsPort = Number(env.DEV_SQS_PORT ?? 9324)
const upstreamPort = Number(env.DEV_UPSTREAM_PORT ?? 9091)
const dbPort = Number(env.DEV_DB_PORT ?? 5433)

const name = process.argv[2] ?? ''
const example = findExample(name)
if (!example) {
  const names = [
    ...Object.keys(EXAMPLES),
    ...Object.keys(EXAMPLE_ALIASES).map((alias) => `${alias} (= ${EXAMPLE_ALIASES[alias]})`),
  ]
  process.stderr.write(
    `Usage: npm run publish -- <example>\n\nExamples:\n${names.map((n) => `  ${n}`).join('\n')}\n`,
  )
  process.exit(name === '' || name === '--help' ? 0 : 1)
}

const messageId = randomUUID()
const client = devSqsClient(`http://127.0.0.1:${sqsPort}`)
try {
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: DEV_QUEUE }))
  await client.send(
    new SendMessageCommand({
      QueueUrl,
      MessageBody: exampleNotification(example, {
        upstreamBase: `http://127.0.0.1:${upstreamPort}`,
        messageId,
      }),
    }),
  )
} catch (error) {
  process.stderr.write(
    `The dev stack's queue is not answering on port ${sqsPort}: start it with npm start (${String(error)})\n`,
  )
  process.exit(1)
} finally {
  client.destroy()
}

const psql = `psql -h 127.0.0.1 -p ${dbPort} -U postgres -c`
const query =
  example.eventType === EVENT_TYPES.statusUpdated
    ? `"select c.contact_id, t.code, c.contact_date, c.rqmnt_id, c.lic_condition_id, c.staff_id, c.notes, c.description from contact c join r_contact_type t on t.contact_type_id = c.contact_type_id where c.external_reference = 'urn:uk:gov:hmpps:accredited-programmes-service:${messageId}'"`
    : `"select c.contact_id, t.code, c.contact_date, c.rqmnt_id, c.lic_condition_id, c.soft_deleted, c.notes from contact c join r_contact_type t on t.contact_type_id = c.contact_type_id where (c.rqmnt_id = ${example.componentId} or c.lic_condition_id = ${example.componentId}) order by c.contact_id"`
process.stdout.write(
  `Published ${name} (${example.eventType}) for ${example.crn}, component ${example.componentId}, SNS MessageId ${messageId}.
See what it wrote:
  ${psql} ${query}
`,
)
