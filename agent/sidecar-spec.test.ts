import { describe, expect, test } from 'vitest'
import { type AgentContainerSettings, buildContainerSpec } from './container-spec.js'
import { buildSidecarSpec } from './sidecar-spec.js'
import { makeTask } from './testing/tasks.js'

const task = makeTask('web', {
  image: 'nginx:1.7.1',
  env: { ROLE: 'main' },
  ports: { http: { internalPort: 80, externalPort: 8080 } },
  hostname: 'web1',
  volumes: { '/data': '/srv/data' },
  securityOpt: ['no-new-privileges'],
  addCapabilities: ['NET_ADMIN'],
  runtime: 'runc',
  labels: { team: 'web' },
  containers: [
    {
      name: 'metrics',
      image: 'prom/exporter:1',
      command: ['exporter', '--port=9100'],
      env: { ROLE: 'sidecar' },
      ports: { metrics: { internalPort: 9100, ip: '127.0.0.1' } },
    },
  ],
})
const ports = {
  http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' as const },
  metrics: { internalPort: 9100, externalPort: 20000, protocol: 'tcp' as const },
}
const agent: AgentContainerSettings = {
  env: { ZONE: 'eu' },
  dns: ['10.0.0.2'],
  binds: ['/etc/ssl:/etc/ssl:ro'],
  extraHosts: [],
}
const main = buildContainerSpec(task, ports, 'h1', agent)
const sidecar = buildSidecarSpec(main, 'abc123', task.spec.jobSpec.containers?.[0] ?? ({} as never), ports, 'h1', agent)

describe('a composite Job', () => {
  test("main publishes every member's ports (with the declared IP) and names itself the main member", () => {
    expect(main.ExposedPorts).toEqual({ '80/tcp': {}, '9100/tcp': {} })
    expect(main.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '', HostPort: '8080' }],
      '9100/tcp': [{ HostIp: '127.0.0.1', HostPort: '20000' }],
    })
    expect(main.Env).toEqual(['ZONE=eu', 'HELIOS_PORT_http=h1:8080', 'HELIOS_PORT_metrics=h1:20000', 'ROLE=main'])
    expect(main.Labels['helios.container']).toBe('main')
  })

  test("a sidecar joins main's network namespace, publishes nothing, and has its own image, command and env", () => {
    expect(sidecar.name).toBe(`${main.name}-metrics`)
    expect(sidecar.Image).toBe('prom/exporter:1')
    expect(sidecar.Cmd).toEqual(['exporter', '--port=9100'])
    expect(sidecar.Env).toEqual(['ZONE=eu', 'HELIOS_PORT_http=h1:8080', 'HELIOS_PORT_metrics=h1:20000', 'ROLE=sidecar'])
    expect(sidecar.HostConfig).toMatchObject({
      NetworkMode: 'container:abc123',
      PortBindings: {},
      Binds: ['/etc/ssl:/etc/ssl:ro'],
      SecurityOpt: ['no-new-privileges'],
      CapAdd: [],
      Runtime: 'runc',
    })
    expect(sidecar.HostConfig.Dns).toBeUndefined()
    expect(sidecar.Hostname).toBeUndefined()
    expect(sidecar.ExposedPorts).toEqual({})
  })

  test("a sidecar carries main's labels (task, spec hash, stop timeout) plus its member name", () => {
    expect(sidecar.Labels).toEqual({ ...main.Labels, 'helios.container': 'metrics' })
    expect(sidecar.StopTimeout).toBe(main.StopTimeout)
  })

  test('a single-container Job carries no member label', () => {
    expect(buildContainerSpec(makeTask('x', { image: 'busybox' }), {}, 'h1').Labels['helios.container']).toBeUndefined()
  })
})
