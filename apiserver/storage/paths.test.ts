import { describe, expect, test } from 'vitest'
import { decodeName, encodeName, zkPaths } from './paths.js'

describe('ZooKeeper paths', () => {
  test('Job and Task names stay readable; anything unsafe is percent-encoded and decodes back', () => {
    expect(zkPaths('/helios').object('Job', 'nginx:v1')).toBe('/helios/jobs/nginx:v1')
    expect(zkPaths('/t1').object('Task', 'web@h1')).toBe('/t1/tasks/web@h1')
    for (const name of ['a/b', '.', '..', '100%', 'ünï code', 'sp ace']) {
      const encoded = encodeName(name)
      expect(encoded).not.toMatch(/\//)
      expect(['.', '..']).not.toContain(encoded)
      expect(decodeName(encoded)).toBe(name)
    }
  })

  test('a root ZooKeeper would refuse is rejected up front', () => {
    for (const root of ['helios', '/helios/', '/', '/a b']) expect(() => zkPaths(root)).toThrow(RangeError)
  })
})
