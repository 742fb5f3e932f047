import { LOCAL_AUTH_CLIENTS } from './local-auth.ts'

/**
 * Prints one fresh bearer token (and nothing else) from the running dev stack's local HMPPS Auth,
 * using the client-credentials grant as a real caller would.
 */
const authPort = Number(process.env.DEV_AUTH_PORT ?? 9090)
const caller = LOCAL_AUTH_CLIENTS.find((client) => client.authorities.length > 0)!
const response = await fetch(`http://127.0.0.1:${authPort}/auth/oauth/token`, {
  method: 'POST',
  headers: {
    authorization: `Basic ${btoa(`${caller.id}:${caller.secret}`)}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: 'grant_type=client_credentials',
}).catch((error: unknown) => {
  process.stderr.write(
    `The dev stack's auth server is not answering on port ${authPort}: start it with npm start (${String(error)})\n`,
  )
  process.exit(1)
})
if (!response.ok) {
  process.stderr.write(`Token request failed: ${response.status}\n`)
  process.exit(1)
}
const { access_token } = (await response.json()) as { access_token: string }
process.stdout.write(`${access_token}\n`)
