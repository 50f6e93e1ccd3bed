import { describe, expect, test } from 'vitest'
import { Job, type JobInput } from './job.js'

const parse = (spec: JobInput['spec']) =>
  Job.safeParse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name: 'pod:v1' }, spec })
const messages = (spec: JobInput['spec']) => {
  const r = parse(spec)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('composite Jobs', () => {
  test('a Job with further containers parses, and the hash-relevant fields stay absent when unused', () => {
    const r = parse({
      image: 'nginx',
      ports: { http: { internalPort: 80 } },
      containers: [{ name: 'probe', image: 'busybox', ports: { admin: { internalPort: 9000, externalPort: 9000 } } }],
      healthCheck: { type: 'tcp', port: 'admin' },
    })
    expect(r.success).toBe(true)
    const plain = Job.parse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name: 'a:1' }, spec: { image: 'x' } })
    expect(plain.spec).not.toHaveProperty('containers')
    expect(plain.spec).not.toHaveProperty('restartPolicy')
  })

  test('two containers claiming one port are refused, naming the field and the other claimant', () => {
    expect(
      messages({
        image: 'nginx',
        ports: { http: { internalPort: 80 } },
        containers: [{ name: 'side', image: 'busybox', ports: { web: { internalPort: 80 } } }],
      }),
    ).toEqual([
      'spec.containers.0.ports.web.internalPort: port 80/tcp is also claimed by port "http" of container "main"',
    ])
  })

  test('external ports and port names are claimed once across containers; container names are unique', () => {
    expect(
      messages({
        image: 'nginx',
        ports: { http: { internalPort: 80, externalPort: 8080 } },
        containers: [
          { name: 'a', image: 'busybox', ports: { http: { internalPort: 81, externalPort: 8080 } } },
          { name: 'a', image: 'busybox' },
        ],
      }),
    ).toEqual([
      'spec.containers.1.name: container name "a" is taken',
      'spec.containers.0.ports.http: port name "http" is also claimed by port "http" of container "main"',
      'spec.containers.0.ports.http.externalPort: external port 8080/tcp is also claimed by port "http" of container "main"',
    ])
  })

  test('one container may still publish one internal port twice', () => {
    expect(
      messages({ image: 'nginx', ports: { a: { internalPort: 80 }, b: { internalPort: 80, externalPort: 81 } } }),
    ).toEqual([])
  })

  test('restartPolicy is Always, OnFailure or Never', () => {
    expect(messages({ image: 'x', restartPolicy: 'Never' })).toEqual([])
    expect(messages({ image: 'x', restartPolicy: 'Sometimes' as never })[0]).toMatch(/^spec.restartPolicy: /)
  })
})
