// Helios' user manual (spotify/helios docs/user_manual.md; docs/deployment_groups.md for its groups), one test per
// section in the manual's order: every `helios …` command it shows, through `heliosctl -z URL`, on one real cluster.
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  agentName,
  type Cluster,
  containerIds,
  docker,
  startAgent,
  startCluster,
  TEST_IMAGE,
  waitFor,
} from '../harness.js'
import { type Helios, historyRows, manualHelios, parseCreate, tableRows, waitState } from './manual-cli.js'

const IMAGE = TEST_IMAGE
const hostA = `e2e-manual-a-${process.pid}`
const hostB = `e2e-manual-b-${process.pid}`
const LOOP = ['/bin/sh', '-c', 'while true; do date; sleep 60; done']
const ECHO_LOOP = ['/bin/sh', '-c', 'while true; do echo $FOO; date; sleep 60; done']
const HASH = '[0-9a-f]{40}'
let cluster: Cluster
let helios: Helios
/** Full ids the manual's creates printed, by name:version. */
const ids = new Map<string, string>()

beforeAll(async () => {
  cluster = await startCluster({
    agents: [
      { name: hostA, labels: { role: 'web', zone: 'a', tier: 'front' } },
      { name: hostB, labels: { role: 'web', zone: 'b', tier: 'back' } },
    ],
  })
  // The manual's master is http://localhost:5801: a host name the client resolves, as Helios' did.
  helios = manualHelios(cluster.server.replace('127.0.0.1', 'localhost'))
})
afterAll(async () => {
  await cluster?.stop()
})

const lines = (s: string) => s.trimEnd().split('\n')

test('Using the Helios CLI: -z names the master, --help lists the verbs, --json gives JSON', async () => {
  const hosts = await helios('hosts')
  expect(hosts.stderr).toBe('')
  expect(hosts.code).toBe(0)
  expect(tableRows(hosts.stdout).map((r) => r[0])).toEqual(expect.arrayContaining([hostA, hostB]))
  const help = await helios('--help')
  expect(help.code).toBe(0)
  for (const verb of ['create', 'deploy', 'undeploy', 'jobs', 'history', 'hosts', 'register', 'deregister'])
    expect(help.stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'))
  const json = await helios('hosts', '--json')
  expect(Object.keys(JSON.parse(json.stdout))).toEqual(expect.arrayContaining([hostA, hostB]))
})

test('Managing Helios Agents / Register and Unregister Agents: register HOST ID, deregister HOST', async () => {
  const name = `e2e-manual-reg-${process.pid}`
  const registered = await helios('register', name, 'unique-id-1')
  expect(registered.stdout).toBe(`Registering host ${name} with id unique-id-1\n${name}: done\n`)
  expect(registered.code).toBe(0)
  expect(tableRows((await helios('hosts', name)).stdout).map((r) => r[0])).toEqual(['HOST', name])
  const deregistered = await helios('deregister', name, '--yes')
  expect(deregistered.stdout).toBe(`Deregistering host ${name}\n${name}: done\n`)
  expect(deregistered.code).toBe(0)
  const gone = await helios('hosts', name)
  // Helios printed this on stdout; here it is the error line on stderr.
  expect(gone.stderr).toBe(`error: host pattern ${name} matched no hosts\n`)
  expect(gone.code).toBe(1)
})

test('Managing Helios Agents / List Agents: hosts [pattern], hosts -s k=v -s k!=v -s "k in (a, b)"', async () => {
  expect(tableRows((await helios('hosts', hostA)).stdout).map((r) => r[0])).toEqual(['HOST', hostA])
  const selected = await helios('hosts', '-s', 'role=web', '-s', 'tier!=back', '-s', 'zone in (a, b)')
  expect(selected.code).toBe(0)
  expect(tableRows(selected.stdout).map((r) => r[0])).toEqual(['HOST', hostA])
  const both = await helios('hosts', '-s', 'role=web', '-s', 'zone in (a, b)')
  expect(tableRows(both.stdout).map((r) => r[0])).toEqual(['HOST', hostA, hostB])
  const none = await helios('hosts', '-s', 'role=web', '-s', 'zone notin (a, b)')
  expect(none.stdout).toBe('')
  expect(none.code).toBe(1)
  const help = await helios('hosts', '-h')
  expect(help.code).toBe(0)
  expect(help.stdout).toContain('-s, --selector')
})

test('Managing Helios Agents / Label Agents: an agent started with --labels k1=v1 --labels k2=v2', async () => {
  const name = agentName('helios-manual', 'labels')
  const agent = await startAgent({
    name,
    server: cluster.server,
    scenario: cluster.scenario,
    extraArgs: ['--labels', 'key1=value1', '--labels', 'key2=value2'],
  })
  try {
    const row = await waitFor(
      async () => {
        if (!agent.running) return ['exited']
        const found = tableRows((await helios('hosts', name)).stdout).find((r) => r[0] === name)
        return found?.[1]?.startsWith('Up') ? found : undefined
      },
      { timeoutMs: 30_000, what: `${name} Up` },
    )
    expect(row, agent.tail(5)).not.toEqual(['exited'])
    expect(row.at(-1)).toBe('key1=value1, key2=value2')
    expect((await helios('hosts', '-q', '-s', 'key1=value1', '-s', 'key2=value2')).stdout).toBe(`${name}\n`)
  } finally {
    await agent.stop()
  }
})

test('Creating Your Job / A basic job: create foo:v1 IMAGE prints Creating job, Done. and the id', async () => {
  const out = await helios('create', 'foo:v1', IMAGE)
  expect(out.code).toBe(0)
  const { job, id } = parseCreate(out)
  expect(id).toMatch(new RegExp(`^foo:v1:${HASH}$`))
  expect([id, 'foo:v1']).toContain(job.id)
  expect(job).toEqual(expect.objectContaining({ image: IMAGE, command: [], env: {}, ports: {}, registration: {} }))
})

test('Creating Your Job / Specifying a command to run: create testjob:1 IMAGE -- /bin/sh -c …', async () => {
  const out = await helios('create', 'testjob:1', IMAGE, '--', ...LOOP)
  expect(out.code).toBe(0)
  const { job, id } = parseCreate(out)
  expect(id).toMatch(new RegExp(`^testjob:1:${HASH}$`))
  expect(job).toEqual(
    expect.objectContaining({
      command: LOOP,
      env: {},
      expires: null,
      image: IMAGE,
      ports: {},
      registration: {},
      registrationDomain: '',
      volumes: {},
    }),
  )
})

test('Creating Your Job / Passing environment variables: create testjob:1 IMAGE --env FOO=bar -- …', async () => {
  const argv = ['create', 'testjob:1', IMAGE, '--env', 'FOO=bar', '--', ...ECHO_LOOP]
  // Jobs are immutable here: the same name:version with another spec is refused, saying so (Helios stored both).
  const again = await helios(...argv)
  expect(again.code).toBe(1)
  expect(again.stderr).toContain(
    'Job testjob:1 already exists with a different spec; Jobs are immutable, bump the version',
  )
  expect((await helios('remove', 'testjob:1', '--yes')).code).toBe(0)
  const out = await helios(...argv)
  expect(out.code).toBe(0)
  const { job, id } = parseCreate(out)
  expect(job).toEqual(expect.objectContaining({ image: IMAGE, command: ECHO_LOOP, env: { FOO: 'bar' } }))
  expect(id).toMatch(new RegExp(`^testjob:1:${HASH}$`))
  ids.set('testjob:1', id)
})

test('Creating Your Job / Using a Helios job config file: create -f FILE merges CLI args over it', async () => {
  const file = join(tmpdir(), `helios-manual-${process.pid}.json`)
  writeFileSync(
    file,
    JSON.stringify({ command: ['sleep', '3600'], env: { A: 'file', B: 'file' }, metadata: { m: 'file' } }),
  )
  const out = await helios('create', '-f', file, 'cfgjob:1', IMAGE, '--env', 'B=cli')
  expect(out.code).toBe(0)
  const inspected = JSON.parse((await helios('inspect', 'cfgjob:1', '--json')).stdout)
  expect(inspected).toEqual(
    expect.objectContaining({
      id: parseCreate(out).id,
      image: IMAGE,
      command: ['sleep', '3600'],
      env: { A: 'file', B: 'cli' },
      metadata: { m: 'file' },
    }),
  )
  // "valid JSON with a schema that matches the output of `helios inspect EXISTING_JOB --json`"
  writeFileSync(file, (await helios('inspect', 'testjob:1', '--json')).stdout)
  const copy = await helios('create', '-f', file, 'testjob:copy')
  expect(copy.code).toBe(0)
  expect(JSON.parse((await helios('inspect', 'testjob:copy', '--json')).stdout)).toEqual(
    expect.objectContaining({ image: IMAGE, command: ECHO_LOOP, env: { FOO: 'bar' } }),
  )
})

test('Creating Your Job / All Helios Job Options: GIT_COMMIT, grace period vs static port, rolloutOptions', async () => {
  const file = join(tmpdir(), `helios-manual-rollout-${process.pid}.json`)
  writeFileSync(file, JSON.stringify({ rolloutOptions: { parallelism: 2, overlap: false, ignoreFailures: false } }))
  const created = await manualHelios(cluster.server, { GIT_COMMIT: 'abc1234' })('create', '-f', file, 'opts:1', IMAGE)
  expect(created.code).toBe(0)
  const job = JSON.parse((await helios('inspect', 'opts:1', '--json')).stdout)
  expect(job.metadata).toEqual({ GIT_COMMIT: 'abc1234' })
  expect(job.rolloutOptions).toEqual(expect.objectContaining({ parallelism: 2, overlap: false, ignoreFailures: false }))

  const graceAndStatic = await helios('create', 'grace:1', IMAGE, '--grace-period', '60', '-p', 'http=80:8080')
  expect(graceAndStatic.code).toBe(1)
  expect((await helios('jobs', 'grace:1')).code).toBe(1)

  expect((await helios('create-deployment-group', 'opts-group', 'role=web')).code).toBe(0)
  const rolled = await helios('rolling-update', '--overlap', '--parallelism=3', 'opts:1', 'opts-group')
  expect(lines(rolled.stdout)[0]).toMatch(
    /^Rolling update started: opts-group -> opts:1:\w{7} \(parallelism=3, timeout=300, overlap=true, token=, ignoreFailures=false, migrate=false\)$/,
  )
  expect(rolled.stdout).toMatch(/\nDone\.\nDuration: \d+\.\d\d s\n$/)
  expect(rolled.code).toBe(0)
  expect((await helios('remove-deployment-group', 'opts-group')).code).toBe(0)
})

test('Creating Your Job / Health Checks: --http-check, --tcp-check and a failing --exec-check', async () => {
  const serve = (port: number, path: string) => [
    'sh',
    '-c',
    `mkdir -p /w && touch /w${path} && httpd -f -p ${port} -h /w`,
  ]
  const http = await helios(
    'create',
    'hc-http:1',
    IMAGE,
    '--http-check',
    'http:/healthcheck',
    '-p',
    'http=8080',
    '--',
    ...serve(8080, '/healthcheck'),
  )
  const tcp = await helios(
    'create',
    'hc-tcp:1',
    IMAGE,
    '--tcp-check',
    'http-admin',
    '-p',
    'http-admin=4229',
    '--',
    ...serve(4229, '/x'),
  )
  const exec = await helios('create', 'hc-exec:1', IMAGE, '--exec-check', 'ping google.com')
  expect(parseCreate(http).job.healthCheck).toEqual({ type: 'http', port: 'http', path: '/healthcheck' })
  expect(parseCreate(tcp).job.healthCheck).toEqual({ type: 'tcp', port: 'http-admin' })
  expect(parseCreate(exec).job.healthCheck).toEqual({ type: 'exec', command: ['ping', 'google.com'] })
  for (const job of ['hc-http:1', 'hc-tcp:1', 'hc-exec:1']) expect((await helios('deploy', job, hostB)).code).toBe(0)
  await waitState(helios, 'hc-http:1', hostB, 'RUNNING')
  await waitState(helios, 'hc-tcp:1', hostB, 'RUNNING')
  // A check that never passes (no DNS in the container) leaves the job HEALTHCHECKING.
  await waitState(helios, 'hc-exec:1', hostB, 'HEALTHCHECKING')
  expect((await historyRows(helios, 'hc-exec:1', hostB)).map((r) => r[2])).not.toContain('RUNNING')
  for (const job of ['hc-http:1', 'hc-tcp:1', 'hc-exec:1']) expect((await helios('undeploy', job, hostB)).code).toBe(0)
})

test('Creating Your Job / Specifying an Access Token: without --token abc123, every operation is FORBIDDEN', async () => {
  // foo:v1 exists from "A basic job"; Jobs are immutable here, so it goes before the manual creates it again.
  expect((await helios('remove', 'foo:v1', '--yes')).code).toBe(0)
  expect((await helios('create', '--token', 'abc123', 'foo:v1', IMAGE)).code).toBe(0)
  const forbidden = async (...args: string[]) => {
    const out = await helios(...args)
    expect(out.code, args.join(' ')).toBe(1)
    expect(out.stdout + out.stderr, args.join(' ')).toContain('FORBIDDEN')
  }
  const allowed = async (...args: string[]) => {
    const out = await helios(...args, '--token', 'abc123')
    expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(0)
    expect(out.stdout).toContain(`${args[0] === 'remove' ? 'foo:v1:' : `${hostA}: `}`)
  }
  await forbidden('deploy', 'foo:v1', hostA)
  await forbidden('deploy', 'foo:v1', hostA, '--token', 'wrong')
  await allowed('deploy', 'foo:v1', hostA)
  await forbidden('stop', 'foo:v1', hostA)
  await allowed('stop', 'foo:v1', hostA)
  await forbidden('start', 'foo:v1', hostA)
  await allowed('start', 'foo:v1', hostA)
  await forbidden('undeploy', 'foo:v1', hostA)
  await allowed('undeploy', 'foo:v1', hostA)
  await forbidden('remove', 'foo:v1', '--yes')
  await allowed('remove', 'foo:v1', '--yes')
})

test('Deploying Your Job: hosts, deploy testjob:1 HOST ("HOST: done"), JOB_ALREADY_DEPLOYED on a second deploy', async () => {
  const listed = await helios('hosts')
  expect(lines(listed.stdout)[0]).toMatch(
    /^HOST +STATUS +DEPLOYED +RUNNING +CPUS +MEM +LOAD AVG +MEM USAGE +OS +HELIOS +DOCKER +LABELS$/,
  )
  const hosts = tableRows(listed.stdout)
  const row = hosts.find((r) => r[0] === hostA) ?? []
  expect(row.slice(1, 8)).toEqual([
    expect.stringMatching(/^Up \d+ (seconds?|minutes?)$/),
    '0',
    '0',
    expect.stringMatching(/^\d+$/),
    expect.stringMatching(/^\d+(\.\d+)? gb$/),
    expect.stringMatching(/^\d+\.\d\d$/),
    expect.stringMatching(/^\d+\.\d\d$/),
  ])
  expect(row[10]).toMatch(/^\S+ \(\d+\.\d+\)$/)
  expect(row[11]).toBe('role=web, tier=front, zone=a')

  const deployed = await helios('deploy', 'testjob:1', hostA)
  expect(lines(deployed.stdout)).toEqual([
    expect.stringMatching(new RegExp(`^Deploying .*testjob:1:${HASH}.*START.* on \\[${hostA}\\]$`)),
    `${hostA}: done`,
  ])
  expect(deployed.code).toBe(0)
  const again = await helios('deploy', 'testjob:1', hostA)
  expect(lines(again.stdout)[1]).toMatch(new RegExp(`^${hostA}: failed: .*JOB_ALREADY_DEPLOYED`))
  expect(again.code).toBe(1)
})

test('Deploying Your Job / Checking deployment status and history: jobs testjob:1, history testjob:1', async () => {
  await waitState(helios, 'testjob:1', hostA, 'RUNNING')
  const jobs = tableRows((await helios('jobs', 'testjob:1')).stdout)
  expect(jobs).toEqual([
    ['JOB ID', 'NAME', 'VERSION', 'HOSTS', 'COMMAND', 'ENVIRONMENT'],
    [
      expect.stringMatching(/^testjob:1:[0-9a-f]{7}$/),
      'testjob',
      '1',
      '1',
      '/bin/sh -c "while true; do echo $FOO; date; sleep 60; done"',
      'FOO=bar',
    ],
  ])
  const history = await helios('history', 'testjob:1')
  expect(tableRows(history.stdout)[0]).toEqual(['HOST', 'TIMESTAMP', 'STATE', 'THROTTLED', 'CONTAINERID'])
  const rows = await historyRows(helios, 'testjob:1', hostA)
  expect(rows.map((r) => r[2])).toEqual(['CREATING', 'STARTING', 'RUNNING'])
  const [container] = await containerIds([`helios.host=${hostA}`, `helios.job=${ids.get('testjob:1')}`])
  for (const [i, r] of rows.entries()) {
    expect(r[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
    expect(r[3]).toBe('NO')
    if (i === 0) expect(r[4]).toBe('<none>')
    else expect(container?.startsWith(r[4] ?? '-')).toBe(true)
  }
})

test('Deploying Your Job / Undeploying: undeploy testjob:1 HOST, then history ends with STOPPED', async () => {
  const undeployed = await helios('undeploy', 'testjob:1', hostA)
  expect(lines(undeployed.stdout)).toEqual([
    expect.stringMatching(new RegExp(`^Undeploying testjob:1:${HASH} from \\[${hostA}\\]$`)),
    `${hostA}: done`,
  ])
  expect(undeployed.code).toBe(0)
  const rows = await waitFor(
    async () => {
      const r = await historyRows(helios, 'testjob:1', hostA)
      return r.at(-1)?.[2] === 'STOPPED' ? r : undefined
    },
    { timeoutMs: 30_000, what: 'a STOPPED row in history testjob:1' },
  )
  expect(rows.map((r) => r[2])).toEqual(['CREATING', 'STARTING', 'RUNNING', 'STOPPED'])
  expect(rows[3]?.[4]).toBe(rows[2]?.[4])
})

test('Deploying Your Job / Using Deployment Groups: create-deployment-group, rolling-update, deployment-group-status', async () => {
  const created = await helios('create-deployment-group', 'foo-group', 'role=web', 'zone in (a, b)')
  const [creating = '', status] = lines(created.stdout)
  expect(JSON.parse(creating.replace(/^Creating deployment group: /, ''))).toEqual(
    expect.objectContaining({ name: 'foo-group' }),
  )
  expect(status).toBe('{"status":"CREATED"}')
  // deployment_groups.md: the same name and selectors again is NOT_MODIFIED, other selectors an error.
  expect(lines((await helios('create-deployment-group', 'foo-group', 'role=web', 'zone in (a, b)')).stdout)[1]).toBe(
    '{"status":"NOT_MODIFIED"}',
  )
  const conflict = await helios('create-deployment-group', 'foo-group', 'role=db')
  expect(conflict.code).toBe(1)
  expect(conflict.stdout + conflict.stderr).toContain('already exists')
  expect(lines((await helios('inspect-deployment-group', 'foo-group')).stdout)).toEqual(
    expect.arrayContaining(['Name: foo-group', 'Job: ']),
  )
  expect(lines((await helios('list-deployment-groups')).stdout)).toContain('foo-group')

  expect((await helios('create', 'foo:0.1.0', IMAGE)).code).toBe(0)
  const rolled = await helios('rolling-update', 'foo:0.1.0', 'foo-group')
  expect(rolled.stdout).toMatch(/^Rolling update started: foo-group -> foo:0\.1\.0:\w{7} \(parallelism=1, timeout=300/)
  for (const host of [hostA, hostB]) expect(rolled.stdout).toMatch(new RegExp(`\\n${host} -> RUNNING \\([12]/2\\)\\n`))
  expect(rolled.stdout).toMatch(/\n\nDone\.\nDuration: \d+\.\d\d s\n$/)
  expect(rolled.code).toBe(0)

  const groupStatus = await helios('deployment-group-status', 'foo-group')
  expect(groupStatus.stdout).toMatch(/^Name: foo-group\nJob Id: foo:0\.1\.0:\w{7}\nStatus: ACTIVE\n/)
  const table = tableRows(groupStatus.stdout.slice(groupStatus.stdout.indexOf('HOST ')))
  expect(table).toEqual([
    ['HOST', 'UP-TO-DATE', 'JOB', 'STATE'],
    [hostA, 'X', expect.stringMatching(/^foo:0\.1\.0:\w{7}$/), 'RUNNING'],
    [hostB, 'X', expect.stringMatching(/^foo:0\.1\.0:\w{7}$/), 'RUNNING'],
  ])
})

test('Once Inside The Container: -p foo=2121 gives HELIOS_PORT_foo=HOST:EXTERNAL_PORT', async () => {
  const { id } = parseCreate(await helios('create', 'ports:1', IMAGE, '-p', 'foo=2121'))
  expect((await helios('deploy', 'ports:1', hostA)).code).toBe(0)
  const row = await waitState(helios, 'ports:1', hostA, 'RUNNING')
  const external = /^foo=2121:(\d+)$/.exec(row[5] ?? '')?.[1]
  expect(external).toBeDefined()
  const [container = ''] = await containerIds([`helios.host=${hostA}`, `helios.job=${id}`])
  const published = await docker(['port', container, '2121/tcp'])
  expect(published.stdout).toContain(`:${external}`)
  const env = await docker(['exec', container, 'env'])
  expect(env.stdout.split('\n')).toContain(`HELIOS_PORT_foo=${hostA}:${external}`)
})
