// Deny by default on a real apiserver, ZooKeeper and Docker: the hostile Job of issue 13 (root on the host through
// host paths, the Docker socket, the host network, unconfined security options, an exec/suid ramdisk, another Task's
// container's namespaces, forged agent labels) is refused field by field, each naming the flag that would allow it,
// and nothing is stored or run. With --allow-host-path, a Job mounting a path under the prefix runs; `..` is refused.
// A second apiserver on the same ZooKeeper reads a looser --admission-policy file: a Job it stores is still refused
// when the strict apiserver is asked to deploy it; a bad policy file stops the apiserver, naming the file and field.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type ApiserverHandle,
  type Cluster,
  containerIds,
  docker,
  REPO_ROOT,
  run,
  startApiserver,
  startCluster,
  waitRunning,
} from '../harness.js'

let cluster: Cluster
const host = `e2e-policy-${process.pid}`
const allowed = mkdtempSync(join(tmpdir(), 'helios-e2e-policy-srv-')) // the operator's --allow-host-path prefix
const scratch = mkdtempSync(join(tmpdir(), 'helios-e2e-policy-'))
let victimContainer = ''
const ctl = (...args: string[]) => cluster.ctl(args)
const API = () => `${cluster.server}/apis/helios/v1`

const manifest = (name: string, spec: Record<string, unknown>) =>
  JSON.stringify({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name }, spec })
const apply = (name: string, text: string) => {
  const file = join(scratch, `${name.replace(/\W/g, '-')}.json`)
  writeFileSync(file, text)
  return ctl('apply', '-f', file)
}
const postJob = async (body: string) => {
  const res = await fetch(`${API()}/jobs`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
  return { status: res.status, body: (await res.json()) as { causes: { field: string; message: string }[] } }
}
const storedJobs = async () => (await ctl('jobs', '-q')).stdout.trim().split('\n').filter(Boolean).sort()
const BUSYBOX = 'helios-test/busybox:latest'

beforeAll(async () => {
  mkdirSync(join(allowed, 'data'))
  writeFileSync(join(allowed, 'data', 'hello.txt'), 'from the allowed prefix\n')
  cluster = await startCluster({ agents: [{ name: host }], apiserverArgs: ['--allow-host-path', allowed] })
  // A Task whose container the spy below tries to join.
  expect((await ctl('create', 'victim:v1', BUSYBOX, '--', 'httpd', '-f', '-p', '80', '-h', '/www')).code).toBe(0)
  expect((await ctl('deploy', 'victim:v1', host)).code).toBe(0)
  victimContainer = (await waitRunning(cluster.server, `victim-v1@${host}`)).containerId ?? ''
  expect(victimContainer).not.toBe('')
})
afterAll(async () => {
  await cluster?.stop()
  for (const dir of [allowed, scratch]) rmSync(dir, { recursive: true, force: true })
})

test('the hostile Job is refused field by field, each naming its flag; nothing is stored', async () => {
  const evil = manifest('evil:v1', {
    image: BUSYBOX,
    volumes: { '/host': '/', '/var/run/docker.sock': '/var/run/docker.sock' },
    networkMode: 'host',
    securityOpt: ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable'],
    ramdisks: { '/big': 'rw,exec,suid,size=100g' },
    labels: { 'helios.task': `victim-v1@${host}`, 'helios.host': host },
  })
  const direct = await postJob(evil)
  expect(direct.status).toBe(422)
  const byField = new Map(direct.body.causes.map((c) => [c.field, c.message]))
  const expected: [string, string][] = [
    ['spec.volumes./host', '--allow-host-path'],
    ['spec.volumes./var/run/docker.sock', '--allow-host-path'],
    ['spec.networkMode', '--allow-host-network'],
    ['spec.securityOpt[0]', '--allow-security-opt "seccomp=unconfined"'],
    ['spec.securityOpt[1]', '--allow-security-opt "apparmor=unconfined"'],
    ['spec.securityOpt[2]', '--allow-security-opt "label=disable"'],
    ['spec.ramdisks./big', '--allow-ramdisk-option exec'],
    ['spec.ramdisks', '--max-ramdisk-size'],
    ['spec.labels.helios.task', 'no flag allows it'],
    ['spec.labels.helios.host', 'no flag allows it'],
  ]
  for (const [field, flag] of expected) expect(byField.get(field), field).toContain(flag)
  expect(byField.size).toBe(expected.length)

  // heliosctl shows the same, one line per field.
  const out = await apply('evil:v1', evil)
  expect(out.code).not.toBe(0)
  for (const [field] of expected) expect(out.stderr).toContain(field)
  expect(out.stderr).toContain('--allow-host-network')
  expect(await storedJobs()).toEqual([expect.stringMatching(/^victim:v1:/)])
})

test("joining another Task's container (networkMode container:<id>) needs --allow-container-network", async () => {
  for (const target of [victimContainer, victimContainer.slice(0, 12)]) {
    const spy = manifest('spy:v1', { image: BUSYBOX, networkMode: `container:${target}` })
    const reply = await postJob(spy)
    expect(reply.status).toBe(422)
    expect(reply.body.causes).toEqual([
      { field: 'spec.networkMode', message: expect.stringContaining('--allow-container-network') },
    ])
  }
  expect(await storedJobs()).toEqual([expect.stringMatching(/^victim:v1:/)])
})

test('--allow-host-path: a path under the prefix runs; ".." out of it, a look-alike prefix and the socket are refused', async () => {
  for (const source of [`${allowed}/../etc`, `${allowed}/data/../../etc`, `${allowed}x`, '/var/run/docker.sock']) {
    const reply = await postJob(manifest('escape:v1', { image: BUSYBOX, volumes: { '/mnt': source } }))
    expect(reply.status, source).toBe(422)
    expect(reply.body.causes[0]?.field).toBe('spec.volumes./mnt')
  }
  const ok = manifest('reader:v1', {
    image: BUSYBOX,
    command: ['httpd', '-f', '-p', '80', '-h', '/www'],
    volumes: { '/mnt:ro': `${allowed}//data/` },
  })
  expect((await apply('reader:v1', ok)).code).toBe(0)
  expect((await ctl('deploy', 'reader:v1', host)).code).toBe(0)
  const status = await waitRunning(cluster.server, `reader-v1@${host}`)
  const read = await docker(['exec', status.containerId ?? '', 'cat', '/mnt/hello.txt'])
  expect(read.stdout).toBe('from the allowed prefix\n')
  expect(await storedJobs()).toEqual([expect.stringMatching(/^reader:v1:/), expect.stringMatching(/^victim:v1:/)])
  // Nothing but the two Tasks' containers was ever created on the engine for this host.
  expect(await containerIds([`helios.host=${host}`], { all: true })).toHaveLength(2)
})

test('a Job stored under a looser policy file is not deployed by a stricter apiserver; a bad file is named', async () => {
  const policy = join(scratch, 'loose.yaml')
  writeFileSync(policy, '# the loose apiserver\nallowHostNetwork: true\n')
  let loose: ApiserverHandle | undefined
  try {
    loose = await startApiserver({
      zk: cluster.zk.connect,
      zkRoot: cluster.apiserver.zkRoot,
      extraArgs: ['--admission-policy', policy, '--no-controllers'],
    })
    const viaLoose = await fetch(`${loose.url}/apis/helios/v1/jobs`, {
      method: 'POST',
      body: manifest('net:v1', { image: BUSYBOX, networkMode: 'host' }),
      headers: { 'content-type': 'application/json' },
    })
    expect(viaLoose.status).toBe(201)
  } finally {
    await loose?.stop()
  }
  const deploy = await ctl('deploy', 'net:v1', host)
  expect(deploy.code).not.toBe(0)
  expect(deploy.stderr).toContain('spec.job')
  expect(deploy.stderr).toContain('--allow-host-network')
  expect((await ctl('get', 'deployment', 'net-v1')).code).not.toBe(0)

  const bad = join(scratch, 'bad.yaml')
  writeFileSync(bad, 'allowHostNetwork: true\nallowHostPaths: [/srv/../etc]\n')
  const refused = await run(process.execPath, [
    join(REPO_ROOT, 'dist/apiserver/main.js'),
    ...['--admission-policy', bad, '--port', '0', '--zk', cluster.zk.connect, '--no-controllers'],
  ])
  expect(refused.code).toBe(2)
  expect(refused.stderr).toContain(`${bad}: invalid admission policy`)
  expect(refused.stderr).toContain('allowHostPaths[0] (line 2): host path prefix "/srv/../etc" holds a ".." segment')
})
