import { describe, expect, test } from 'vitest'
import { addVolumeSpec, parseExpires, parseHttpCheck } from './create-flags.js'

describe('create flag values', () => {
  test('--expires: a date, a time without a zone (UTC), a time with an offset', () => {
    expect(parseExpires('2030-01-31')).toBe('2030-01-31T00:00:00.000Z')
    expect(parseExpires('2030-01-31T12:30')).toBe('2030-01-31T12:30:00.000Z')
    expect(parseExpires('2030-01-31T12:30:00-05:00')).toBe('2030-01-31T17:30:00.000Z')
    for (const bad of ['2030-13-01', '31/01/2030', '2030-01-31 12:00'])
      expect(() => parseExpires(bad)).toThrow(/ISO 8601/)
  })

  test('--volume: modes, named volumes, repeated targets keep the last', () => {
    expect(addVolumeSpec('/data:rw')).toEqual({ '/data:rw': '' })
    expect(addVolumeSpec('cache:/var/cache', { '/x': '' })).toEqual({ '/x': '', '/var/cache': 'cache' })
    expect(() => addVolumeSpec('/a:/b:/c')).toThrow(/expected \[HOST:\]CONTAINER/)
    expect(() => addVolumeSpec('/a:/')).toThrow(/cannot be \//)
  })

  test("--http-check: PORT:PATH, the path required and absolute, in Helios' words", () => {
    expect(parseHttpCheck('http:/healthz')).toEqual({ type: 'http', port: 'http', path: '/healthz' })
    expect(() => parseHttpCheck('http')).toThrow(/^Invalid HTTP health check: http /)
    expect(() => parseHttpCheck('http:')).toThrow('You must specify a URL path for an HTTP health check.')
    expect(() => parseHttpCheck('http:x')).toThrow("The path for an HTTP health check must begin with '/'.")
  })
})
