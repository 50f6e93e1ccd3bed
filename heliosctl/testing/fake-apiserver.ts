/** @module Test helper: an in-process stand-in for the apiserver's HTTP surface (CRUD with compare-and-set, selectors, apply and apply-set prune, Status errors). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type AnyObject,
  API_PREFIX,
  ApiError,
  jobId,
  type Kind,
  kindFromPlural,
  type MasterStatus,
  parseObject,
} from '../../apis/index.js'
import { FakeWatchHub } from './fake-watch.js'

export interface FakeApiserver {
  url: string
  /** `METHOD path?query` of every request, in order. */
  requests: string[]
  /** Stores objects as given (status included), bypassing validation. */
  seed(...objects: AnyObject[]): void
  stored(kind: Kind, name: string): AnyObject | undefined
  /** Deletes as a controller would, without the HTTP rules. */
  remove(kind: Kind, name: string): void
  /** Called before each request is handled, e.g. to play the controller while a verb polls; an ApiError it throws is the answer. */
  onRequest?: (method: string, path: string) => void
  /** Answers `GET …/tasks/<name>/log` (the real apiserver streams it from the agent); unset, it is a 404. */
  onLog?: (task: string, query: URLSearchParams, res: ServerResponse) => void
  /** What `GET /masters` lists. */
  masters: MasterStatus[]
  /** Watch streams (`?watch=1`): `expire()` ends them with 410 Expired, `drop()` silently. */
  watches: FakeWatchHub
  close(): Promise<void>
}

const SET = 'helios/apply-set'

/** Starts on 127.0.0.1 port 0; the rules mimic the real apiserver's where the CLI depends on them. */
export async function startFakeApiserver(version = '9.9.9'): Promise<FakeApiserver> {
  const store = new Map<string, AnyObject>()
  const requests: string[] = []
  let revision = 0
  const key = (kind: string, name: string) => `${kind}/${name}`
  const hub = new FakeWatchHub()
  // Every write and delete reaches the watchers, whichever code path makes it.
  const rawSet = store.set.bind(store)
  const rawDelete = store.delete.bind(store)
  store.set = (k, obj) => {
    const type = store.has(k) ? 'MODIFIED' : 'ADDED'
    rawSet(k, obj)
    hub.publish(Number(obj.metadata.resourceVersion), type, obj)
    return store
  }
  store.delete = (k) => {
    const old = store.get(k)
    if (!rawDelete(k) || !old) return false
    const rv = String(++revision)
    hub.publish(revision, 'DELETED', { ...old, metadata: { ...old.metadata, resourceVersion: rv } })
    return true
  }
  const put = (obj: AnyObject): AnyObject => {
    const now = new Date().toISOString()
    const stamped = {
      ...obj,
      metadata: {
        ...obj.metadata,
        resourceVersion: String(++revision),
        creationTimestamp: obj.metadata.creationTimestamp ?? now,
      },
    }
    store.set(key(obj.kind, obj.metadata.name), stamped)
    return stamped
  }
  const list = (kind: Kind) => [...store.values()].filter((o) => o.kind === kind)

  function admit(raw: unknown): AnyObject {
    const obj = parseObject(raw) as AnyObject & { spec: Record<string, unknown> }
    if (obj.kind === 'Job') return { ...obj, status: { id: jobId(obj.metadata.name, obj.spec as never) } }
    const job = obj.kind === 'Deployment' ? obj.spec.job : undefined
    if (job !== undefined && !store.has(key('Job', String(job)))) {
      throw new ApiError('Invalid', `job "${obj.spec.job}" not found`, {
        causes: [{ field: 'spec.job', message: `job "${obj.spec.job}" not found` }],
      })
    }
    return obj
  }

  // The real apiserver's writes/replace.ts: compare-and-set on resourceVersion, status kept, generation counts spec changes.
  function replaced(old: AnyObject, incoming: AnyObject): AnyObject {
    const ifVersion = incoming.metadata.resourceVersion
    if (ifVersion !== undefined && ifVersion !== old.metadata.resourceVersion)
      throw new ApiError('Conflict', `${old.kind.toLowerCase()} "${old.metadata.name}" was modified; read it again`)
    const sameSpec = JSON.stringify(old.spec) === JSON.stringify(incoming.spec)
    const generation = (old.metadata.generation ?? 1) + (sameSpec ? 0 : 1)
    const status = incoming.kind === 'Job' ? incoming.status : old.status
    return { ...incoming, metadata: { ...incoming.metadata, generation }, status }
  }

  // The real apiserver's rules/job-token.ts: a Deployment write or a Job delete takes the Job's token.
  function checkToken(jobName: unknown, token: string | undefined): void {
    const job = store.get(key('Job', String(jobName)))
    const want = (job?.spec as { token?: string } | undefined)?.token ?? ''
    if (job && want !== (token ?? '')) {
      throw new ApiError('Forbidden', `job "${jobName}" is protected by a token; pass the right one with --token`)
    }
  }

  function handle(method: string, url: URL, body: unknown, token?: string): [number, unknown] {
    if (url.pathname === '/version') return [200, { version }]
    if (url.pathname === '/masters') return [200, { items: fake.masters }]
    if (url.pathname === `${API_PREFIX}/apply` && method === 'POST') {
      let obj = admit(body)
      if (obj.kind === 'Deployment') checkToken((obj.spec as { job?: unknown }).job, token)
      const set = url.searchParams.get('set')
      if (set !== null) obj = { ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, [SET]: set } } }
      const old = store.get(key(obj.kind, obj.metadata.name))
      const same =
        old &&
        JSON.stringify(old.spec) === JSON.stringify(obj.spec) &&
        JSON.stringify(old.metadata.labels) === JSON.stringify(obj.metadata.labels)
      if (old && !same && obj.kind === 'Job')
        throw new ApiError('Invalid', `job "${obj.metadata.name}" is immutable; bump the version`)
      const dryRun = url.searchParams.get('dryRun') === 'true'
      const object = same || dryRun ? obj : put(obj)
      return [200, { outcome: old ? (same ? 'unchanged' : 'configured') : 'created', object }]
    }
    const prune = /^\/apis\/helios\/v1\/applysets\/([^/]+)\/prune$/.exec(url.pathname)
    if (prune && method === 'POST') return [200, pruneSet(decodeURIComponent(prune[1] ?? ''), body, url)]
    const [plural = '', rawName] = url.pathname.slice(API_PREFIX.length + 1).split('/')
    const kind = kindFromPlural(plural)
    if (!url.pathname.startsWith(API_PREFIX) || !kind) throw new ApiError('NotFound', `no route ${url.pathname}`)
    if (rawName === undefined) {
      if (method === 'GET' && url.searchParams.get('watch')) return [0, 'watch']
      if (method === 'GET')
        return [
          200,
          {
            kind: 'List',
            apiVersion: 'helios/v1',
            metadata: { resourceVersion: String(revision) },
            items: list(kind).filter((o) => selected(o, url.searchParams)),
          },
        ]
      const obj = admit(body)
      if (kind === 'Deployment') checkToken((obj.spec as { job?: unknown }).job, token)
      if (store.has(key(kind, obj.metadata.name)))
        throw new ApiError('AlreadyExists', `${kind.toLowerCase()} "${obj.metadata.name}" already exists`)
      return [201, put({ ...obj, metadata: { ...obj.metadata, generation: 1 } })]
    }
    const name = decodeURIComponent(rawName)
    const old = store.get(key(kind, name))
    if (!old) throw new ApiError('NotFound', `${kind.toLowerCase()} "${name}" not found`)
    if (method === 'GET') return [200, old]
    if (kind === 'Deployment') checkToken((old.spec as { job?: unknown }).job, token)
    if (kind === 'Job') checkToken(name, token)
    if (method === 'PUT') return [200, put(replaced(old, admit(body)))]
    const users = kind === 'Job' ? list('Deployment').filter((d) => (d.spec as { job: string }).job === name) : []
    if (users.length > 0)
      throw new ApiError(
        'Conflict',
        `job "${name}" is used by deployments ${users.map((d) => d.metadata.name).join(', ')}`,
      )
    store.delete(key(kind, name))
    return [200, old]
  }

  // The real apiserver's writes/prune.ts, without tokens: Deployments first; a Job still in use is skipped.
  function pruneSet(set: string, body: unknown, url: URL) {
    const keep = new Set(
      ((body as { keep?: Array<{ kind: string; name: string }> }).keep ?? []).map((k) => key(k.kind, String(k.name))),
    )
    const doomed = (kind: Kind) =>
      list(kind).filter((o) => o.metadata.labels[SET] === set && !keep.has(key(kind, o.metadata.name)))
    const dryRun = url.searchParams.get('dryRun') === 'true'
    const deleted: Array<{ kind: string; name: string }> = []
    const skipped: Array<{ kind: string; name: string; reason: string }> = []
    const gone = new Set(doomed('Deployment').map((d) => d.metadata.name))
    for (const obj of [...doomed('Deployment'), ...doomed('Job'), ...doomed('Host')]) {
      const { kind, metadata } = obj
      const users = list('Deployment').filter(
        (d) => kind === 'Job' && (d.spec as { job: string }).job === metadata.name && !gone.has(d.metadata.name),
      )
      if (users.length > 0) {
        const reason = `job "${metadata.name}" is still used by deployments: ${users.map((d) => d.metadata.name).join(', ')}`
        skipped.push({ kind, name: metadata.name, reason })
        continue
      }
      if (!dryRun) store.delete(key(kind, metadata.name))
      deleted.push({ kind, name: metadata.name })
    }
    return { deleted, skipped }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = ''
    req.on('data', (chunk) => {
      text += chunk
    })
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      requests.push(`${req.method} ${url.pathname}${url.search}`)
      let reply: [number, unknown]
      try {
        fake.onRequest?.(req.method ?? 'GET', url.pathname)
        const log = /^\/apis\/helios\/v1\/tasks\/([^/]+)\/log$/.exec(url.pathname)
        if (log?.[1] && fake.onLog) return fake.onLog(decodeURIComponent(log[1]), url.searchParams, res)
        const token = req.headers['helios-token']
        reply = handle(req.method ?? 'GET', url, text ? JSON.parse(text) : undefined, token?.toString())
        if (reply[0] === 0) {
          const kind = kindFromPlural(url.pathname.slice(API_PREFIX.length + 1)) ?? ''
          return hub.serve(res, kind, url.searchParams.get('resourceVersion'), (o) => selected(o, url.searchParams))
        }
      } catch (err) {
        const apiErr = err instanceof ApiError ? err : new ApiError('Internal', String(err))
        reply = [apiErr.httpStatus, apiErr.toStatus()]
      }
      res.writeHead(reply[0], { 'content-type': 'application/json' }).end(JSON.stringify(reply[1]))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const fake: FakeApiserver = {
    url: `http://127.0.0.1:${port}`,
    requests,
    watches: hub,
    masters: [],
    seed: (...objects) => {
      for (const o of objects) put(o)
    },
    stored: (kind, name) => store.get(key(kind, name)),
    remove: (kind, name) => {
      store.delete(key(kind, name))
    },
    close: () => {
      hub.drop()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
  return fake
}

// fieldSelector `spec.host=h1[,…]` by dotted path; labelSelector `k=v[,…]`.
function selected(obj: AnyObject, params: URLSearchParams): boolean {
  const pairs = (param: string) =>
    (params.get(param) ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => p.split('='))
  const at = (path: string) =>
    path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj)
  return (
    pairs('fieldSelector').every(([path = '', value]) => String(at(path)) === value) &&
    pairs('labelSelector').every(([label = '', value]) => obj.metadata.labels[label] === value)
  )
}
