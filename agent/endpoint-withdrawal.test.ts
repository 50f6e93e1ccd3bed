/** @module The agent's Endpoints lookup: this host's Task listed or not; undefined when the apiserver cannot tell. */
import { describe, expect, test } from 'vitest'
import { ApiError } from '../apis/index.js'
import type { HeliosClient } from '../client/index.js'
import { endpointsLookup } from './endpoint-withdrawal.js'

const endpoint = (host: string, task: string) => ({ host, task })
const client = (items: unknown[] | Error) =>
  ({
    list: async () => {
      if (items instanceof Error) throw items
      return { items }
    },
  }) as unknown as Pick<HeliosClient, 'list'>

describe('endpointsLookup', () => {
  test("true while some Endpoints lists the Task on this host; another host's same name does not count", async () => {
    const items = [{ spec: { endpoints: [endpoint('h2', 'web@h1'), endpoint('h1', 'db@h1')] } }]
    expect(await endpointsLookup(client(items), 'h1')('db@h1')).toBe(true)
    expect(await endpointsLookup(client(items), 'h1')('web@h1')).toBe(false)
  })

  test('undefined when the list fails', async () => {
    expect(await endpointsLookup(client(new ApiError('Unavailable', 'away')), 'h1')('web@h1')).toBeUndefined()
  })
})
