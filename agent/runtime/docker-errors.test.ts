import { describe, expect, test } from 'vitest'
import { translateDockerError } from './docker-errors.js'

const opts = { what: 'start container abc', endpoint: 'unix:///var/run/docker.sock' }
const engine = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) server error - ${message}`), { statusCode, json: { message } })

describe('translateDockerError', () => {
  test('an unreachable engine is Unavailable and names the socket', () => {
    const err = translateDockerError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), opts)
    expect(err).toMatchObject({
      reason: 'Unavailable',
      message: 'docker engine at unix:///var/run/docker.sock is unreachable (ECONNREFUSED)',
    })
  })

  test('an engine starting or shutting down (containerd away) is Unavailable too, also for pulls', () => {
    const closing = engine(
      500,
      'connection error: desc = "transport: Error while dialing dial unix /run/containerd/containerd.sock: connect: connection refused"',
    )
    expect(translateDockerError(closing, { ...opts, notFound: 'ImageNotFound' })).toMatchObject({
      reason: 'Unavailable',
      message: expect.stringMatching(
        /^docker engine at unix:\/\/\/var\/run\/docker.sock is not ready: connection error/,
      ),
    })
    expect(translateDockerError(engine(500, 'daemon is shutting down'), opts).reason).toBe('Unavailable')
    const storeClosed = 'failed to update store for object type *libnetwork.endpoint: open : no such file or directory'
    expect(translateDockerError(engine(500, storeClosed), opts).reason).toBe('Unavailable')
  })

  test('port clashes are PortInUse with the port, in both of the engine wordings', () => {
    const allocated = engine(
      500,
      'driver failed programming external connectivity on endpoint x (1f): Bind for 0.0.0.0:8080 failed: port is already allocated',
    )
    expect(translateDockerError(allocated, opts)).toMatchObject({ reason: 'PortInUse', port: 8080 })
    const inUse = engine(500, 'Error starting userland proxy: listen tcp4 0.0.0.0:20001: bind: address already in use')
    expect(translateDockerError(inUse, opts)).toMatchObject({ reason: 'PortInUse', port: 20001 })
  })

  test('404s: no such image vs no such container; 409 Conflict; pulls are ImageNotFound', () => {
    expect(translateDockerError(engine(404, 'No such image: nope:1'), opts).reason).toBe('ImageNotFound')
    expect(translateDockerError(engine(404, 'No such container: abc'), opts)).toMatchObject({
      reason: 'NotFound',
      message: 'start container abc: No such container: abc',
    })
    expect(translateDockerError(engine(409, 'Conflict. The container name "/x" is already in use'), opts).reason).toBe(
      'Conflict',
    )
    const pull = engine(
      500,
      'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    )
    expect(translateDockerError(pull, { ...opts, notFound: 'ImageNotFound' })).toMatchObject({
      reason: 'ImageNotFound',
      message: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    })
    expect(translateDockerError(engine(500, 'boom'), opts)).toMatchObject({
      reason: 'Failed',
      message: 'start container abc: boom',
    })
  })
})

test('without a JSON body, the "(HTTP code N) reason - " wrapper is dropped', () => {
  const wrapped = Object.assign(
    new Error('(HTTP code 500) server error - Get "https://registry-1.docker.io/v2/": no such host '),
    {
      statusCode: 500,
    },
  )
  expect(translateDockerError(wrapped, { ...opts, notFound: 'ImageNotFound' }).message).toBe(
    'Get "https://registry-1.docker.io/v2/": no such host',
  )
})
