import { createRoute, z } from '@hono/zod-openapi'
import { ErrorResponseSchema } from '../../http/error-body.ts'

const StatusSchema = z.enum(['UP', 'DOWN', 'OUT_OF_SERVICE'])

const ComponentSchema = z.object({
  status: StatusSchema,
  details: z.record(z.string(), z.unknown()).optional(),
})

export const HealthSchema = z
  .object({
    status: StatusSchema,
    components: z.record(z.string(), ComponentSchema).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Health')

/** Spring Boot's info shape (the Service Catalogue reads `build.version`); unknown parts are left out. */
export const InfoSchema = z
  .object({
    build: z.object({
      artifact: z.string().optional(),
      name: z.string().optional(),
      group: z.string().optional(),
      version: z.string().optional(),
      time: z.string().optional(),
    }),
    git: z
      .object({
        branch: z.string().optional(),
        commit: z.object({ id: z.string().optional(), time: z.string().optional() }).optional(),
      })
      .optional(),
    productId: z.string(),
  })
  .openapi('Info')

const open = { security: [] as Record<string, string[]>[], tags: ['Health'] }

const answers = (up: string, down: string) => ({
  200: { description: up, content: { 'application/json': { schema: HealthSchema } } },
  503: { description: down, content: { 'application/json': { schema: HealthSchema } } },
})

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  ...open,
  summary: 'Overall health: database, LDAP (when configured), ping and the process state',
  responses: answers('Up', 'A component is down'),
})

export const livenessRoute = createRoute({
  method: 'get',
  path: '/health/liveness',
  ...open,
  summary: 'Liveness probe: the process is running (not the database)',
  responses: answers('Live', 'Broken'),
})

export const readinessRoute = createRoute({
  method: 'get',
  path: '/health/readiness',
  ...open,
  summary: 'Readiness probe: started and not stopping (not the database)',
  responses: answers('Ready', 'Starting or stopping'),
})

export const componentRoute = createRoute({
  method: 'get',
  path: '/health/{component}',
  ...open,
  summary: 'One health component: db, ldap, ping, livenessState or readinessState',
  request: {
    params: z.object({
      component: z.string().openapi({ param: { name: 'component', in: 'path' }, example: 'ping' }),
    }),
  },
  responses: {
    ...answers('Up', 'Down'),
    404: {
      description: 'No such component',
      content: { 'application/json': { schema: ErrorResponseSchema } },
    },
  },
})

export const infoRoute = createRoute({
  method: 'get',
  path: '/info',
  ...open,
  summary: 'Build information',
  responses: {
    200: { description: 'Build information', content: { 'application/json': { schema: InfoSchema } } },
  },
})
