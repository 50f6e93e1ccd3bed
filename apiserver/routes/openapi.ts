/** @module GET /openapi.json: an OpenAPI 3.1 description of the API, its schemas generated from apis/ (zod). */
import { Router } from 'express'
import { ALL_KINDS, API_PREFIX, ERROR_STATUS, KINDS, kindJsonSchemas } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { TOKEN_HEADER } from '../rules/job-token.js'

type Json = Record<string, unknown>

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` })
const query = (name: string, description: string): Json => ({
  name,
  in: 'query',
  schema: { type: 'string' },
  description,
})
const json = (schema: Json): Json => ({ 'application/json': { schema } })
const reply = (description: string, schema: Json): Json => ({ description, content: json(schema) })
const ERRORS: Json = {
  '4XX': { $ref: '#/components/responses/Status' },
  '5XX': { $ref: '#/components/responses/Status' },
}

const PARAMETERS: Json = {
  name: { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
  token: {
    name: 'token',
    in: 'query',
    schema: { type: 'string' },
    description: `the Job's spec.token (or header ${TOKEN_HEADER}); needed to write a Deployment of, or delete, a token Job`,
  },
  tokenHeader: { name: TOKEN_HEADER, in: 'header', schema: { type: 'string' }, description: 'same as ?token=' },
  dryRun: query('dryRun', 'true: run every rule, store nothing'),
}
const TOKEN_PARAMS = [{ $ref: '#/components/parameters/token' }, { $ref: '#/components/parameters/tokenHeader' }]
const NAME_PARAM = { $ref: '#/components/parameters/name' }

const STATUS_SCHEMA: Json = {
  type: 'object',
  required: ['kind', 'apiVersion', 'code', 'reason', 'message', 'causes'],
  properties: {
    kind: { const: 'Status' },
    apiVersion: { const: 'v1' },
    code: { type: 'integer' },
    reason: { enum: Object.keys(ERROR_STATUS) },
    message: { type: 'string' },
    causes: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
}

function kindPaths(): Json {
  const paths: Json = {}
  for (const kind of ALL_KINDS) {
    const base = `${API_PREFIX}/${KINDS[kind].plural}`
    const list = { type: 'object', properties: { kind: { const: 'List' }, items: { type: 'array', items: ref(kind) } } }
    paths[base] = {
      get: {
        summary: `list ${kind}s, or watch them (?watch=1: newline-delimited JSON events)`,
        parameters: [
          query('labelSelector', 'k=v, k!=v, k in (a,b)…'),
          query('fieldSelector', 'e.g. spec.host=h1'),
          query('watch', '1 or true: stream ADDED/MODIFIED/DELETED/BOOKMARK events'),
          query('resourceVersion', 'watch from this version; 410 Expired when older than the window'),
        ],
        responses: { 200: reply('the list', list), ...ERRORS },
      },
      post: {
        summary: `create a ${kind}`,
        parameters: TOKEN_PARAMS,
        requestBody: { required: true, content: json(ref(kind)) },
        responses: { 201: reply('created', ref(kind)), ...ERRORS },
      },
    }
    paths[`${base}/{name}`] = {
      parameters: [NAME_PARAM],
      get: { summary: `read a ${kind}`, responses: { 200: reply('the object', ref(kind)), ...ERRORS } },
      put: {
        summary: `replace a ${kind}'s spec, labels and annotations (compare-and-set with metadata.resourceVersion)`,
        parameters: TOKEN_PARAMS,
        requestBody: { required: true, content: json(ref(kind)) },
        responses: { 200: reply('replaced', ref(kind)), ...ERRORS },
      },
      delete: {
        summary: `delete a ${kind}`,
        parameters: [query('resourceVersion', 'compare-and-set'), ...TOKEN_PARAMS],
        responses: { 200: reply('the deleted object', ref(kind)), ...ERRORS },
      },
    }
    paths[`${base}/{name}/status`] = {
      parameters: [NAME_PARAM],
      put: {
        summary: `replace a ${kind}'s status`,
        requestBody: { required: true, content: json(ref(kind)) },
        responses: { 200: reply('replaced', ref(kind)), ...ERRORS },
      },
    }
  }
  return paths
}

function operationalPaths(): Json {
  const text = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } })
  const anyKind = { oneOf: ALL_KINDS.map(ref) }
  return {
    [`${API_PREFIX}/apply`]: {
      post: {
        summary: 'server-side apply: create, or update the declared parts, or leave unchanged',
        parameters: [{ $ref: '#/components/parameters/dryRun' }, ...TOKEN_PARAMS],
        requestBody: { required: true, content: json(anyKind) },
        responses: {
          200: reply('the outcome', {
            type: 'object',
            properties: { outcome: { enum: ['created', 'configured', 'unchanged'] }, object: anyKind },
          }),
          ...ERRORS,
        },
      },
    },
    [`${API_PREFIX}/tasks/{name}/log`]: {
      parameters: [NAME_PARAM],
      get: {
        summary: "a Task's container logs (stdout and stderr, whole lines), streamed from the agent of its host",
        parameters: [
          query('follow', '1 or true: keep streaming new lines until the client or the agent goes away'),
          query('tailLines', 'only the last N lines'),
          query('timestamps', "1 or true: each line starts with the engine's RFC 3339 timestamp"),
        ],
        responses: { 200: text('log lines'), ...ERRORS },
      },
    },
    '/healthz': { get: { summary: 'alive', responses: { 200: text('ok') } } },
    '/readyz': { get: { summary: 'store connected and synced', responses: { 200: text('ok'), ...ERRORS } } },
    '/version': { get: { summary: 'server version', responses: { 200: reply('version', { type: 'object' }) } } },
    '/masters': {
      get: {
        summary: 'the apiservers announced on this ZooKeeper root, up or not',
        responses: { 200: reply('{items: [{name, url, version, startedAt, up}]}', { type: 'object' }) },
      },
    },
    '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: text('text exposition format') } } },
    '/openapi.json': {
      get: { summary: 'this document', responses: { 200: reply('OpenAPI 3.1', { type: 'object' }) } },
    },
  }
}

/** The whole document; `version` is the apiserver's. */
export function openApiDocument(version: string): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'Helios apiserver', version },
    paths: { ...kindPaths(), ...operationalPaths() },
    components: {
      schemas: { ...kindJsonSchemas(), Status: STATUS_SCHEMA },
      parameters: PARAMETERS,
      responses: { Status: reply('an error: reason, message and causes', ref('Status')) },
    },
  }
}

export function openApiRoutes(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true })
  let document: Json | undefined
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument(ctx.version)
    res.json(document)
  })
  return router
}
