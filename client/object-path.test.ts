// Object names that are no path segment of their own never reach the wire: `/hosts/.` would read the list.
import { describe, expect, test } from 'vitest'
import { ApiError } from '../apis/index.js'
import { HeliosClient } from './http-client.js'
import type { Transport } from './node-transport.js'

const host = (name: string) => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: { name, labels: {}, annotations: {} },
  spec: {},
})

function recordingClient(): { client: HeliosClient; sent: string[] } {
  const sent: string[] = []
  const transport: Transport = async (url) => {
    sent.push(url)
    throw new Error('no request was expected')
  }
  return { client: new HeliosClient('http://127.0.0.1:1', { transport }), sent }
}

describe('object names', () => {
  test.each(['', '.', '..', 'a/b', '/', '../x'])(
    '%j is refused before anything is sent, naming the object',
    async (name) => {
      const { client, sent } = recordingClient()
      const calls = [
        () => client.get('Host', name),
        () => client.delete('Deployment', name),
        () => client.update('Host', host(name)),
        () => client.updateStatus('Host', host(name)),
        async () => {
          for await (const _ of client.logs(name)) break
        },
      ]
      for (const call of calls) {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(err).toBeInstanceOf(ApiError)
        expect(err).toMatchObject({
          code: 'Invalid',
          message: expect.stringContaining(`name "${name}" names no object`),
        })
      }
      expect(sent).toEqual([])
    },
  )

  test('a name with dots among other characters is a name', async () => {
    const { client, sent } = recordingClient()
    await client.get('Host', '...a').catch(() => undefined)
    await client.get('Host', 'h.example.com').catch(() => undefined)
    expect(sent).toEqual([
      'http://127.0.0.1:1/apis/helios/v1/hosts/...a',
      'http://127.0.0.1:1/apis/helios/v1/hosts/h.example.com',
    ])
  })
})
