import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { isApiError } from '../apis/index.js'
import { HeliosClient } from './http-client.js'

let close: (() => Promise<void>) | undefined
afterEach(() => close?.())

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HeliosClient> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  close = () => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(() => resolve()))
  }
  return new HeliosClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { token: 't0ken' })
}

const collect = async (lines: AsyncIterable<string>): Promise<string[]> => {
  const out: string[] = []
  for await (const line of lines) out.push(line)
  return out
}

describe('HeliosClient.logs', () => {
  test('GETs the log subresource with the query and token; yields whole lines however the chunks fall', async () => {
    let seen: { url?: string; auth?: string } = {}
    const client = await serve((req, res) => {
      seen = { url: req.url, auth: req.headers.authorization }
      res.writeHead(200, { 'content-type': 'text/plain' })
      const bytes = Buffer.from('first line\nsecond é\n\nno newline at the end')
      // One byte per chunk: lines and characters split anywhere.
      const writeFrom = (i: number): void => {
        if (i >= bytes.length) return void res.end()
        res.write(bytes.subarray(i, i + 1), () => writeFrom(i + 1))
      }
      writeFrom(0)
    })
    const lines = await collect(client.logs('web@h1', { tailLines: 3, timestamps: true }))
    expect(lines).toEqual(['first line', 'second é', '', 'no newline at the end'])
    expect(seen).toEqual({ url: '/apis/helios/v1/tasks/web%40h1/log?tailLines=3&timestamps=1', auth: 'Bearer t0ken' })
  })

  test('a Status answer is rethrown as its ApiError', async () => {
    const client = await serve((_req, res) => {
      const status = { kind: 'Status', reason: 'Unavailable', message: 'cannot reach the agent of host "h1"' }
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify(status))
    })
    const err = await collect(client.logs('web@h1')).catch((e: unknown) => e)
    expect(isApiError(err, 'Unavailable') && err.message).toBe('cannot reach the agent of host "h1"')
  })

  test('follow: aborting ends the lines quietly; a stream cut short throws Unavailable', async () => {
    const opened: Array<() => void> = []
    const client = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('one\n')
      opened.push(() => res.destroy())
      expect(req.url).toContain('follow=1')
    })
    const abort = new AbortController()
    const seen: string[] = []
    for await (const line of client.logs('web@h1', { follow: true, signal: abort.signal })) {
      seen.push(line)
      abort.abort()
    }
    expect(seen).toEqual(['one'])
    const lines = client.logs('web@h1', { follow: true })
    expect((await lines.next()).value).toBe('one')
    opened[1]?.()
    const err = await collect(lines).catch((e: unknown) => e)
    expect(isApiError(err, 'Unavailable') && err.message).toMatch(/^the log stream of task "web@h1" broke \(/)
  })
})
