// Every Job field, and every agent-wide flag (--env, --dns, --bind, --add-host), reaches the container as docker inspect
// shows it; a capability the apiserver does not allow is refused at apply, naming spec.addCapabilities. The Job's host
// path and named volume are allowed by the apiserver flags that open them (deny by default: docs/admission-policy.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type Cluster,
  curl,
  type DockerContainer,
  docker,
  freePort,
  inspectContainer,
  randomId,
  startCluster,
  waitRunning,
} from '../harness.js'
import { inputDir, renderInput } from '../input.js'

let cluster: Cluster
let container: DockerContainer
const host = `e2e-fields-${process.pid}`
const volume = `helios-e2e-fields-${randomId()}`
const bindDir = mkdtempSync(join(tmpdir(), 'helios-e2e-bind-'))
const agentDir = mkdtempSync(join(tmpdir(), 'helios-e2e-agent-bind-'))
const scratch = mkdtempSync(join(tmpdir(), 'helios-e2e-fields-'))
const ports = { web: 0, dns: 0 }
const ctl = (...args: string[]) => cluster.ctl(args)
const exec = async (...cmd: string[]) => (await docker(['exec', container.Id, ...cmd])).stdout

beforeAll(async () => {
  ports.web = await freePort()
  ports.dns = await freePort()
  writeFileSync(join(bindDir, 'hello.txt'), 'from the job bind\n')
  writeFileSync(join(agentDir, 'agent.txt'), 'from the agent bind\n')
  cluster = await startCluster({
    apiserverArgs: [
      ...['--allowed-capability', 'NET_ADMIN'],
      ...['--allow-host-path', bindDir, '--allow-named-volume', volume],
    ],
    agents: [
      {
        name: host,
        args: [
          ...['--env', 'AGENT_WIDE=from-agent', '--env', 'SHARED=from-agent'],
          ...['--dns', '192.0.2.53', '--bind', `${agentDir}:/agent-bind:ro`, '--add-host', 'e2e-extra:192.0.2.10'],
        ],
      },
    ],
  })
})
afterAll(async () => {
  const anonymous = container?.Mounts.filter((m) => m.Destination === '/data/anon').map((m) => m.Name ?? '') ?? []
  await cluster?.stop()
  await docker(['volume', 'rm', '-f', volume, ...anonymous.filter(Boolean)])
  for (const dir of [bindDir, agentDir, scratch]) rmSync(dir, { recursive: true, force: true })
})

test('a capability the apiserver does not allow is refused at apply, naming spec.addCapabilities', async () => {
  const file = join(scratch, 'caps.yaml')
  const spec = '{image: helios-test/busybox:latest, addCapabilities: [NET_ADMIN, SYS_ADMIN]}'
  writeFileSync(file, `apiVersion: helios/v1\nkind: Job\nmetadata: {name: "caps:v1"}\nspec: ${spec}\n`)
  const out = await ctl('apply', '-f', file)
  expect(out.code).not.toBe(0)
  expect(out.stderr).toContain('spec.addCapabilities')
  expect(out.stderr).toContain('SYS_ADMIN')
  expect((await ctl('get', 'job', 'caps:v1')).code).not.toBe(0)
})

test('every Job field shows in docker inspect', async () => {
  const folder = renderInput(inputDir(import.meta.url), {
    HOST: host,
    PORT: ports.web,
    UDP_PORT: ports.dns,
    BIND_DIR: bindDir,
    VOLUME: volume,
  })
  const applied = await ctl('apply', '-f', folder)
  rmSync(folder, { recursive: true, force: true })
  expect(applied.stderr).toBe('')
  expect(applied.code).toBe(0)
  const status = await waitRunning(cluster.server, `fields@${host}`)
  const dyn = status.ports?.dyn?.externalPort
  expect(dyn).toBeGreaterThan(0)
  container = await inspectContainer(status.containerId ?? '')
  const { Config: config, HostConfig: hc } = container

  expect(config.Cmd).toEqual(['httpd', '-f', '-p', '80', '-h', '/www'])
  expect(config.Env).toEqual(
    expect.arrayContaining([
      'GREETING=hello fields',
      `HELIOS_PORT_web=${host}:${ports.web}`,
      `HELIOS_PORT_dyn=${host}:${dyn}`,
      `HELIOS_PORT_dns=${host}:${ports.dns}`,
    ]),
  )
  expect(hc.PortBindings).toEqual({
    '80/tcp': [{ HostIp: '', HostPort: String(ports.web) }],
    '8080/tcp': [{ HostIp: '', HostPort: String(dyn) }],
    '53/udp': [{ HostIp: '', HostPort: String(ports.dns) }],
  })
  expect(hc.Binds).toEqual(expect.arrayContaining([`${bindDir}:/data/bind:ro`, `${volume}:/data/named`]))
  const mount = (dest: string) => container.Mounts.find((m) => m.Destination === dest)
  expect(mount('/data/bind')).toMatchObject({ Type: 'bind', Source: bindDir, RW: false })
  expect(mount('/data/named')).toMatchObject({ Type: 'volume', Name: volume, RW: true })
  expect(mount('/data/anon')).toMatchObject({ Type: 'volume', RW: true })
  expect(hc).toMatchObject({ Memory: 67108864, MemorySwap: 134217728, CpuShares: 512, CpusetCpus: '0' })
  expect(config.Hostname).toBe('fields-box')
  expect(hc.NetworkMode).toBe('bridge')
  expect(hc.SecurityOpt).toEqual(['no-new-privileges'])
  expect(hc.CapAdd).toEqual([expect.stringMatching(/^(CAP_)?NET_ADMIN$/)])
  expect(hc.CapDrop).toEqual([expect.stringMatching(/^(CAP_)?MKNOD$/)])
  expect(config.Labels).toMatchObject({ team: 'e2e', tier: 'web', 'helios.task': `fields@${host}` })
  expect(hc.Tmpfs).toEqual({ '/scratch': 'rw,size=16m' })
  expect(config.StopTimeout).toBe(7)
  expect(hc.Init).toBe(true)

  // And they work: the server answers, the bind is read-only, the ramdisk is a tmpfs, the hostname is set.
  expect((await curl(`http://127.0.0.1:${ports.web}/`))?.body).toContain('hello from helios')
  expect(await exec('cat', '/data/bind/hello.txt')).toBe('from the job bind\n')
  expect((await docker(['exec', container.Id, 'touch', '/data/bind/x'])).code).not.toBe(0)
  expect(await exec('grep', ' /scratch ', '/proc/mounts')).toMatch(/^tmpfs \/scratch tmpfs rw/)
  expect((await exec('hostname')).trim()).toBe('fields-box')
})

test('agent-wide --env, --dns, --bind and --add-host reach the container; the job env wins', async () => {
  expect(container, 'the previous test created the container').toBeDefined()
  const { Config: config, HostConfig: hc } = container
  expect(config.Env).toEqual(expect.arrayContaining(['AGENT_WIDE=from-agent', 'SHARED=from-job']))
  expect(config.Env).not.toContain('SHARED=from-agent')
  expect(hc.Dns).toEqual(['192.0.2.53'])
  expect(hc.Binds).toEqual(expect.arrayContaining([`${agentDir}:/agent-bind:ro`]))
  expect(hc.ExtraHosts).toEqual(['e2e-extra:192.0.2.10'])
  expect(await exec('cat', '/agent-bind/agent.txt')).toBe('from the agent bind\n')
  expect(await exec('cat', '/etc/resolv.conf')).toContain('nameserver 192.0.2.53')
  expect(await exec('cat', '/etc/hosts')).toMatch(/192\.0\.2\.10\s+e2e-extra/)
})
