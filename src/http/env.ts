import type { Principal } from '../auth/jwt.ts'

/** Hono context variables set by the app's middleware. */
export interface AppEnv {
  Variables: {
    requestId: string
    auth: Principal
  }
}
