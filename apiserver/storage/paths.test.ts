import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ALL_KINDS } from '../../apis/index.js'
import { BUCKET_COUNT, BUCKETED_KINDS, bucketOf, decodeName, encodeName, isBucket, zkPaths } from './paths.js'

describe('ZooKeeper paths', () => {
  test('Job and Task names stay readable; anything unsafe is percent-encoded and decodes back', () => {
    expect(zkPaths('/helios').object('Job', 'nginx:v1')).toBe('/helios/jobs/nginx:v1')
    expect(zkPaths('/t1').object('Task', 'web@h1')).toBe(`/t1/tasks/${bucketOf('web@h1')}/web@h1`)
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

describe('buckets', () => {
  const paths = zkPaths('/helios')

  test('Tasks and Events are bucketed, the other kinds flat; Hosts stay flat at a thousand', () => {
    expect([...BUCKETED_KINDS].sort()).toEqual(['Event', 'Task'])
    expect(paths.object('Host', 'h1')).toBe('/helios/hosts/h1')
    expect(paths.object('Deployment', 'web')).toBe('/helios/deployments/web')
    expect(paths.objectDirs('Host')).toEqual(['/helios/hosts'])
    expect(paths.objectDirs('Task')).toHaveLength(BUCKET_COUNT)
    expect(new Set(paths.objectDirs('Event')).size).toBe(BUCKET_COUNT)
  })

  // The hash is a storage format: a change would strand every object stored under the old one.
  test('the bucket of a name never changes (pinned values)', () => {
    const names = ['web@h1', 'web@h1%7Esurge', 'nginx@web-001', 'web.h1.lwx3k9a0-4f2c', 'a']
    expect(names.map(bucketOf)).toEqual(['~d3', '~65', '~90', '~f5', '~ed'])
    // FNV-1a's offset basis 0x811c9dc5, its bytes xor-folded: c5 ^ 9d ^ 1c ^ 81.
    expect(bucketOf('')).toBe('~c5')
  })

  test('10,000 Task names and 10,000 Event names spread over every bucket, none more than twice the mean', () => {
    const tasks = Array.from({ length: 10_000 }, (_, i) => encodeName(`deploy-${i % 10}@host-${Math.floor(i / 10)}`))
    const surges = Array.from({ length: 10_000 }, (_, i) => encodeName(`web@h${i}~surge`))
    const events = Array.from({ length: 10_000 }, (_, i) => `web.h${i % 1000}.lwx3k${i.toString(36)}-4f2c`)
    for (const names of [tasks, surges, events]) {
      const counts = new Map<string, number>()
      for (const name of names) counts.set(bucketOf(name), (counts.get(bucketOf(name)) ?? 0) + 1)
      expect(counts.size).toBe(BUCKET_COUNT)
      expect(Math.max(...counts.values())).toBeLessThanOrEqual((2 * names.length) / BUCKET_COUNT)
    }
  })

  test('no name encodes to a bucket, so a bucket never looks like an object', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (name) => !isBucket(encodeName(name))))
    for (const name of ['~00', '~ff', '~7e', '~FF']) expect(isBucket(encodeName(name))).toBe(false)
  })

  test('objectOf takes apart exactly the paths object() builds: never a bucket, a marker or a misplaced node', () => {
    for (const kind of ALL_KINDS) {
      for (const name of ['web@h1', 'web@h1~surge', 'a/b', '~00', 'nginx:v1']) {
        expect(paths.objectOf(paths.object(kind, name))).toEqual({ kind, name })
        const marker = paths.reference({ kind, name }, { kind: 'Deployment', name: 'web' })
        expect(paths.objectOf(marker)).toBeUndefined()
      }
    }
    const bucket = bucketOf('web@h1')
    const other = bucket === '~00' ? '~01' : '~00'
    expect(paths.objectOf(`/helios/tasks/${bucket}`)).toBeUndefined()
    expect(paths.objectOf('/helios/tasks')).toBeUndefined()
    expect(paths.objectOf(`/helios/tasks/${other}/web@h1`)).toBeUndefined()
    expect(paths.objectOf('/helios/tasks/web@h1')).toBeUndefined()
    expect(paths.objectOf('/helios/hosts/~00/h1')).toBeUndefined()
  })
})
