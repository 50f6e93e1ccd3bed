import { describe, expect, test } from 'vitest'
import {
  type AgentContainerSettings,
  buildContainerSpec,
  containerName,
  portsOfContainer,
  specHash,
} from './container-spec.js'
import { makeTask } from './testing/tasks.js'

const ports = {
  http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' as const },
  dns: { internalPort: 53, externalPort: 20000, protocol: 'udp' as const },
}
const task = makeTask('web', {
  image: 'nginx:1.7.1',
  command: ['nginx', '-g', 'daemon off;'],
  env: { LOG: 'info', HELIOS_PORT_http: 'overridden' },
  ports: {
    http: { internalPort: 80, externalPort: 8080, ip: '127.0.0.1' },
    dns: { internalPort: 53, protocol: 'udp' },
  },
  hostname: 'web1',
  volumes: { '/data:ro': '/srv/data', '/cache': 'cache-vol', '/tmp/scratch': '' },
  resources: { memory: 1024, memorySwap: -1, cpuShares: 512, cpuset: '0-1' },
  networkMode: 'bridge',
  securityOpt: ['no-new-privileges'],
  addCapabilities: ['NET_ADMIN'],
  dropCapabilities: ['MKNOD'],
  labels: { team: 'web', 'helios.host': 'spoofed' },
  ramdisks: { '/run': 'rw,size=1m' },
  runtime: 'runc',
  secondsToWaitBeforeKill: 7,
  gracePeriod: 3,
})

describe('buildContainerSpec', () => {
  const spec = buildContainerSpec(task, ports, 'h1')

  test('deterministic name from the task and the job hash', () => {
    const hash = task.spec.jobId.split(':')[2] ?? ''
    expect(spec.name).toBe(`helios-web_h1-${hash.slice(0, 7)}`)
    expect(containerName('a b@h/1', 'x:1:abcdef0123')).toBe('helios-a_b_h_1-abcdef0')
  })

  test('labels: job labels plus the helios labels, which win', () => {
    expect(spec.Labels).toEqual({
      team: 'web',
      'helios.managed': 'true',
      'helios.host': 'h1',
      'helios.task': 'web@h1',
      'helios.job': task.spec.jobId,
      'helios.spec-hash': specHash(task.spec.jobSpec, ports),
      'helios.ports': JSON.stringify(ports),
      'helios.grace-period': '3',
      'helios.stop-timeout': '7',
    })
    expect(portsOfContainer(spec.Labels)).toEqual(ports)
  })

  test('a registered Job names its Endpoints in a label, which the spec hash leaves out (labels are not hashed)', () => {
    const registration = { web: { ports: { http: {} } }, 'dns/udp': { ports: { dns: {} } } }
    const registered = makeTask('web', { ...task.spec.jobSpec, registration })
    const labels = buildContainerSpec(registered, ports, 'h1').Labels
    expect(labels['helios.endpoints']).toBe('web.http,dns.udp')
    expect(labels['helios.spec-hash']).toBe(specHash(registered.spec.jobSpec, ports))
  })

  test('command, env with HELIOS_PORT_* (job env wins), ports, hostname', () => {
    expect(spec.Image).toBe('nginx:1.7.1')
    expect(spec.Cmd).toEqual(['nginx', '-g', 'daemon off;'])
    expect(spec.Env).toEqual(['HELIOS_PORT_http=overridden', 'HELIOS_PORT_dns=h1:20000', 'LOG=info'])
    expect(spec.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {} })
    expect(spec.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '53/udp': [{ HostIp: '', HostPort: '20000' }],
    })
    expect(spec.Hostname).toBe('web1')
    expect(buildContainerSpec(makeTask('x', { image: 'busybox' }), {}, 'h1').Cmd).toBeUndefined()
  })

  test('volumes, resources, security, tmpfs, runtime, init and stop timeout', () => {
    expect(spec.HostConfig.Binds).toEqual(['cache-vol:/cache', '/srv/data:/data:ro'])
    expect(spec.Volumes).toEqual({ '/tmp/scratch': {} })
    expect(spec.HostConfig).toMatchObject({
      Init: true,
      Memory: 1024,
      MemorySwap: -1,
      CpuShares: 512,
      CpusetCpus: '0-1',
      NetworkMode: 'bridge',
      SecurityOpt: ['no-new-privileges'],
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['MKNOD'],
      Tmpfs: { '/run': 'rw,size=1m' },
      Runtime: 'runc',
    })
    expect(spec.StopTimeout).toBe(7)
    expect(buildContainerSpec(makeTask('x', { image: 'busybox' }), {}, 'h1').StopTimeout).toBe(120)
  })

  test('the spec hash changes with the job spec or a bound port, not with defaults', () => {
    const base = specHash(task.spec.jobSpec, ports)
    expect(specHash({ ...task.spec.jobSpec, securityOpt: [...task.spec.jobSpec.securityOpt] }, ports)).toBe(base)
    expect(specHash({ ...task.spec.jobSpec, image: 'nginx:1.7.2' }, ports)).not.toBe(base)
    expect(specHash(task.spec.jobSpec, { ...ports, http: { ...ports.http, externalPort: 8081 } })).not.toBe(base)
  })

  test('restartedAt is part of the hash only when set, so containers made before it keep theirs', () => {
    const base = specHash(task.spec.jobSpec, ports)
    expect(specHash(task.spec.jobSpec, ports, undefined)).toBe(base)
    const restarted = specHash(task.spec.jobSpec, ports, '2026-11-22T05:00:00Z')
    expect(restarted).not.toBe(base)
    expect(specHash(task.spec.jobSpec, ports, '2026-11-22T06:00:00Z')).not.toBe(restarted)
    const spec = buildContainerSpec(
      makeTask('web', { image: 'nginx' }, { restartedAt: '2026-11-22T05:00:00Z' }),
      {},
      'h1',
    )
    expect(spec.Labels['helios.spec-hash']).not.toBe(
      buildContainerSpec(makeTask('web', { image: 'nginx' }), {}, 'h1').Labels['helios.spec-hash'],
    )
  })

  describe('agent settings (--env, --dns, --bind, --add-host)', () => {
    const agent: AgentContainerSettings = {
      env: { LOG: 'agent', ZONE: 'eu', HELIOS_PORT_dns: 'agent' },
      dns: ['10.0.0.2', '10.0.0.3'],
      binds: ['/etc/ssl:/etc/ssl:ro', '/srv/other:/data', '/host/run:/run'],
      extraHosts: ['db.internal:10.0.0.5'],
    }
    const withAgent = buildContainerSpec(task, ports, 'h1', agent)

    test('env is agent env, then HELIOS_PORT_*, then the Job env: the Job wins', () => {
      expect(withAgent.Env).toEqual(['LOG=info', 'ZONE=eu', 'HELIOS_PORT_dns=h1:20000', 'HELIOS_PORT_http=overridden'])
    })

    test("dns, extra hosts, and binds after the Job volumes; a path the Job mounts itself stays the Job's", () => {
      expect(withAgent.HostConfig.Dns).toEqual(['10.0.0.2', '10.0.0.3'])
      expect(withAgent.HostConfig.ExtraHosts).toEqual(['db.internal:10.0.0.5'])
      // /data is a Job volume and /run a Job ramdisk: the agent's binds there are left out.
      expect(withAgent.HostConfig.Binds).toEqual(['cache-vol:/cache', '/srv/data:/data:ro', '/etc/ssl:/etc/ssl:ro'])
      expect(spec.HostConfig.Dns).toBeUndefined()
      expect(spec.HostConfig.ExtraHosts).toBeUndefined()
    })

    test("a container sharing another container's network gets neither DNS servers nor extra hosts", () => {
      const shared = makeTask('side', { image: 'busybox', networkMode: 'container:web' })
      const built = buildContainerSpec(shared, {}, 'h1', agent)
      expect(built.HostConfig.Dns).toBeUndefined()
      expect(built.HostConfig.ExtraHosts).toBeUndefined()
      expect(built.HostConfig.Binds).toEqual(agent.binds)
    })

    test('they are not part of the spec hash or the name: changing agent flags replaces no container', () => {
      expect(withAgent.name).toBe(spec.name)
      expect(withAgent.Labels['helios.spec-hash']).toBe(spec.Labels['helios.spec-hash'])
      expect(withAgent.Labels['helios.agent-settings']).toMatch(/^[0-9a-f]{12}$/)
      expect(spec.Labels['helios.agent-settings']).toBeUndefined()
    })
  })
})
