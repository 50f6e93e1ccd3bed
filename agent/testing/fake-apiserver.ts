/** @module FakeApiServer: the slice of the apiserver's HTTP API the agent uses (hosts, tasks, status, list + watch), in memory. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AnyObject, type Task, type TaskStatus, taskStateEvent } from '../../apis/index.js'

type Stored = AnyObject & { metadata: AnyObject['metadata'] & { resourceVersion?: string } }

/** Kubernetes-shaped: `/apis/helios/v1/<plural>[/<name>[/status]]`, resourceVersion compare-and-set, NDJSON watch. */
export class FakeApiServer {
  readonly objects = new Map<string, Map<string, Stored>>()
  /** Every request as `METHOD path`, for assertions. */
  readonly requests: string[] = []
  /** Answer the next N updates of a Host with 409, as a concurrent writer would cause. */
  hostConflicts = 0
  private rv = 1
  private readonly watchers = new Set<{ plural: string; host?: string; res: ServerResponse }>()
  private readonly server = createServer((req, res) => void this.handle(req, res))

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.res.end()
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }

  get(plural: string, name: string): Stored | undefined {
    return this.objects.get(plural)?.get(name)
  }

  /** Creates or replaces an object as a controller would, notifying watchers. */
  put(plural: string, obj: AnyObject): Stored {
    const items = this.objects.get(plural) ?? new Map<string, Stored>()
    this.objects.set(plural, items)
    const type = items.has(obj.metadata.name) ? 'MODIFIED' : 'ADDED'
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } } as Stored
    items.set(obj.metadata.name, stored)
    this.notify(plural, type, stored)
    return stored
  }

  remove(plural: string, name: string): void {
    const obj = this.get(plural, name)
    if (!obj) return
    this.objects.get(plural)?.delete(name)
    this.notify(plural, 'DELETED', { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } })
  }

  private notify(plural: string, type: string, obj: Stored): void {
    const host = (obj.spec as { host?: string } | undefined)?.host
    for (const w of this.watchers) {
      if (w.plural === plural && (!w.host || w.host === host)) w.res.write(`${JSON.stringify({ type, object: obj })}\n`)
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    this.requests.push(`${req.method} ${url.pathname}`)
    const [plural = '', rawName, sub] = url.pathname.replace('/apis/helios/v1/', '').split('/')
    const name = rawName === undefined ? undefined : decodeURIComponent(rawName)
    const body = await readBody(req)
    const send = (code: number, value: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    }
    const fail = (code: number, reason: string, message: string): void =>
      send(code, { kind: 'Status', code, reason, message, causes: [] })
    const existing = name === undefined ? undefined : this.get(plural, name)
    const host = url.searchParams.get('fieldSelector')?.replace(/^spec\.host=/, '') || undefined
    if (req.method === 'GET' && name === undefined && url.searchParams.get('watch')) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      const watcher = { plural, host, res }
      this.watchers.add(watcher)
      req.on('close', () => this.watchers.delete(watcher))
      return
    }
    if (req.method === 'GET' && name === undefined) {
      const items = [...(this.objects.get(plural)?.values() ?? [])].filter(
        (o) => !host || (o.spec as { host?: string }).host === host,
      )
      return send(200, { kind: 'List', apiVersion: 'helios/v1', metadata: { resourceVersion: String(this.rv) }, items })
    }
    if (req.method === 'GET')
      return existing ? send(200, existing) : fail(404, 'NotFound', `${plural} "${name}" not found`)
    if (req.method === 'POST') {
      if (this.get(plural, body.metadata.name))
        return fail(409, 'AlreadyExists', `${plural} "${body.metadata.name}" already exists`)
      return send(201, this.put(plural, body))
    }
    if (req.method !== 'PUT' || !name) return fail(400, 'BadRequest', 'unsupported')
    if (!existing) return fail(404, 'NotFound', `${plural} "${name}" not found`)
    const rv = body.metadata.resourceVersion
    if (plural === 'hosts' && sub === undefined && this.hostConflicts > 0) {
      this.hostConflicts--
      this.put(plural, { ...existing, metadata: { ...existing.metadata, annotations: { touched: 'yes' } } })
      return fail(409, 'Conflict', `hosts "${name}" was modified; re-read and retry`)
    }
    if (rv !== undefined && rv !== existing.metadata.resourceVersion)
      return fail(409, 'Conflict', 'stale resourceVersion')
    const next = sub === 'status' ? { ...existing, status: body.status } : { ...body, status: existing.status }
    const stored = this.put(plural, next)
    // `?event=true`: the apiserver stores the TaskState Event of the new status with it.
    if (sub === 'status' && plural === 'tasks' && url.searchParams.get('event') === 'true')
      this.put('events', taskStateEvent(stored as unknown as Task, body.status as TaskStatus) as unknown as AnyObject)
    return send(200, stored)
  }
}

async function readBody(req: IncomingMessage): Promise<AnyObject> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return chunks.length === 0 ? ({} as AnyObject) : (JSON.parse(Buffer.concat(chunks).toString()) as AnyObject)
}
