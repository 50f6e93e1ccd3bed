/** @module The agent's Endpoints lookup: this host's Task listed or not; undefined when the apiserver cannot tell. */
import { describe, expect, test } from 'vitest'
import { ApiError } from '../apis/index.js'
import type { HeliosClient } from '../client/index.js'
import { endpointsLookup, labelledEndpoints } from './endpoint-withdrawal.js'
import type { ContainerSummary } from './runtime/container-runtime.js'

const endpoint = (host: string, task: string) => ({ host, task })
const endpoints = (name: string, ...list: { host: string; task: string }[]) => ({
  metadata: { name },
  spec: { endpoints: list },
})
const client = (items: ReturnType<typeof endpoints>[] | Error, calls: string[] = []) =>
  ({
    get: async (kind: string, name: string) => {
      calls.push(`get ${kind} ${name}`)
      if (items instanceof Error) throw items
      const found = items.find((ep) => ep.metadata.name === name)
      if (!found) throw new ApiError('NotFound', `${kind} ${name} not found`)
      return found
    },
  }) as unknown as Pick<HeliosClient, 'get'>

const items = [endpoints('web.http', endpoint('h2', 'web@h1'), endpoint('h1', 'db@h1')), endpoints('db.tcp')]

describe('endpointsLookup', () => {
  test("true while some Endpoints lists the Task on this host; another host's same name does not count", async () => {
    expect(await endpointsLookup(client(items), 'h1')('db@h1', ['web.http'])).toBe(true)
    expect(await endpointsLookup(client(items), 'h1')('web@h1', ['web.http'])).toBe(false)
  })

  test('only the Task’s own Endpoints are fetched; a missing one lists nobody, and none is no request', async () => {
    const calls: string[] = []
    expect(await endpointsLookup(client(items, calls), 'h1')('db@h1', ['db.tcp', 'web.http'])).toBe(true)
    expect(await endpointsLookup(client(items, calls), 'h1')('db@h1', ['db.tcp', 'gone.http'])).toBe(false)
    expect(await endpointsLookup(client(items, calls), 'h1')('db@h1', [])).toBe(false)
    expect(calls).toEqual([
      'get Endpoints db.tcp',
      'get Endpoints web.http',
      'get Endpoints db.tcp',
      'get Endpoints gone.http',
    ])
  })

  test('undefined when the apiserver fails (a 404 aside)', async () => {
    const away = new ApiError('Unavailable', 'away')
    expect(await endpointsLookup(client(away), 'h1')('web@h1', ['web.http'])).toBeUndefined()
  })

  test("a stop's Endpoints come from its containers' labels: each name once; a container without the label adds none", () => {
    const container = (labels: Record<string, string>) => ({ labels }) as ContainerSummary
    const running = [
      container({ 'helios.endpoints': 'web.http,dns.udp' }),
      container({ 'helios.endpoints': 'web.http' }),
      container({}),
    ]
    expect(labelledEndpoints(running)).toEqual(['dns.udp', 'web.http'])
    expect(labelledEndpoints([container({})])).toEqual([])
  })
})
