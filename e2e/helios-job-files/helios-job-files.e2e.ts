// Helios' own job files (fixtures/, see README.md) through `heliosctl create -f` against a real cluster: each gets the
// id Helios' master gives it, Helios' refusals come in Helios' words, unknown fields are warnings, and one job runs.
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, heliosctl, startCluster, TEST_IMAGE, waitFor } from '../harness.js'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const fixture = (name: string) => join(FIXTURES, name)
let cluster: Cluster
let host: string
// No GIT_COMMIT from the machine running the tests: Helios would put it in the metadata, and the hash with it.
const ctl = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  heliosctl(args, { server: cluster.apiserver.url, env: { GIT_COMMIT: undefined, ...env } })

beforeAll(async () => {
  host = `e2e-job-files-${process.pid}`
  cluster = await startCluster({
    // The fields of these files that reach the host, opened as an operator would (deny by default).
    apiserverArgs: [
      ...['--allowed-capability', 'cap_one', '--allowed-capability', 'cap_two'],
      ...['--allowed-capability', 'IPC_LOCK', '--allowed-capability', 'SYSLOG'],
      ...['--allow-runtime', 'nvidia', '--allow-host-path', '/another/path', '--allow-host-path', '/source/path'],
      ...['--allow-security-opt', 'label:user:USER', '--allow-security-opt', 'apparmor:PROFILE'],
    ],
    agents: [{ name: host }],
  })
})
afterAll(async () => {
  await cluster?.stop()
})

// The ids Helios' own Job class (helios-client at 819e594) gives the same files with the same command lines.
test.each([
  ['job-with-no-ports.json', [], 'foobar:1:60e27a0f8444b993f1d1b8847419b9170859ca80'],
  [
    'job-with-no-external-ports.json',
    ['no-external-ports:1'],
    'no-external-ports:1:799072f11940b820321d0a966662c3e53a67abc0',
  ],
  ['job-with-external-ports.json', ['external-ports:1'], 'external-ports:1:dbc45981c803ad519950f76470faeec38a406af1'],
  ['job-with-grace-period.json', ['grace-period:1'], 'grace-period:1:236ad43d4016a97757f9f88c60a7369669bbf404'],
  ['job_config.json', ['job-config:1', TEST_IMAGE], 'job-config:1:0aa2c18baebcfa4367d1d7860c730eec935907b7'],
  [
    'job_config_extra_capabilities.json',
    ['job-config-extra-capabilities:1', TEST_IMAGE],
    'job-config-extra-capabilities:1:602c758fe7eb372dad65b629e6e5e21f7a015c67',
  ],
  [
    'job_config_extra_labels.json',
    ['job-config-extra-labels:1', TEST_IMAGE],
    'job-config-extra-labels:1:6588b49d85dae51ce2d9ff93be107239241b0627',
  ],
  [
    'job_config_extra_metadata.json',
    ['job-config-extra-metadata:1', TEST_IMAGE],
    'job-config-extra-metadata:1:a2951908b95ac420553bee46c68ca15ff1544002',
  ],
  [
    'job_config_with_runtime.json',
    ['job-config-with-runtime:1', TEST_IMAGE],
    'job-config-with-runtime:1:dfe01b40bcf937cccbfc19deb791c023f114dcb7',
  ],
  [
    'helios_job_config.json',
    ['helios-job-config:1', TEST_IMAGE],
    'helios-job-config:1:3403055a9b9ee8f55356259cdef0a68a8b7f23e4',
  ],
  ['inspect-json-testjob.json', [], 'testjob:1:6d1ae7d22017fe41fa81eb017389f15f5ca6b6a8'],
])('%s %j gets the id Helios gives it', async (file, args, id) => {
  const created = await ctl(['create', '-q', ...args, '-f', fixture(file)])
  expect(created).toMatchObject({ code: 0, stderr: '', stdout: `${id}\n` })
  const stored = await ctl(['get', 'job', id.split(':').slice(0, 2).join(':'), '-o', 'json'])
  expect(JSON.parse(stored.stdout).status.id).toBe(id)
})

test('GIT_COMMIT reaches the metadata, and the hash, as in Helios', async () => {
  const args = ['create', '-q', 'job-config-git:1', TEST_IMAGE, '-f', fixture('job_config.json')]
  const created = await ctl(args, { GIT_COMMIT: '0123abc' })
  expect(created.stdout).toBe('job-config-git:1:5ffa789bbb48778c78dc9e1c559f8fc0eba5b78d\n')
})

test('-t makes a new job from a stored one, with the hash Helios gives it', async () => {
  const created = await ctl(['create', '-q', 'testjob:2', '-t', 'testjob:1'])
  expect(created).toMatchObject({ code: 0, stdout: 'testjob:2:6848cf43ce31f82f413579dc5e3e453426fa8c5d\n' })
})

test("Helios' refusals, in its words; an unknown field is a warning naming the file and field", async () => {
  const grace = await ctl(['create', 'grace-static:1', '-f', fixture('job-with-external-ports-and-grace-period.json')])
  expect(grace.code).toBe(1)
  expect(grace.stderr).toContain('error: Job has both grace period and static/external ports.')
  const file = fixture('job-with-bad-registration.json')
  const badRegistration = await ctl(['create', '-f', file])
  expect(badRegistration.code).toBe(1)
  expect(badRegistration.stderr).toContain(
    `warning: ${file}: unknown field "registration.volumes./some/path:ro" ignored`,
  )
  expect(badRegistration.stderr).toContain("registration for 'volumes' is malformed: does not have a port mapping")
  const listed = await ctl(['get', 'jobs', '-o', 'json'])
  const names = JSON.parse(listed.stdout).items.map((j: { metadata: { name: string } }) => j.metadata.name)
  expect(names).not.toContain('grace-static:1')
  expect(names).not.toContain('job-with-bad-registration:1')
})

test("the user manual's full example: Helios' own rules refuse it as written, and then only the host policy", async () => {
  const file = fixture('user-manual-all-options.json')
  const verbatim = await ctl(['create', '-f', file])
  expect(verbatim.code).toBe(1)
  expect(verbatim.stderr).toMatch(/^error: Job expires in the past - 2014-06-01T12:00:00Z is before /)
  const future = await ctl(['create', '-f', file, '--expires', '2099-01-01'])
  expect(future.stderr).toContain('error: Job has both grace period and static/external ports.')
  // Every field is taken (registration and registrationDomain among them); the manual's placeholder ramdisk
  // options are the one thing this apiserver's admission policy refuses, and no flag allows them.
  const noGrace = await ctl(['create', '-f', file, '--expires', '2099-01-01', '--grace-period', '0'])
  expect(noGrace.code).toBe(1)
  expect(noGrace.stderr).toMatch(/admission policy: spec\.ramdisks\./)
  expect(noGrace.stderr).not.toMatch(/registration|unknown field/)
})

test('a job read from `helios inspect --json` output deploys and runs', async () => {
  const deployed = await ctl(['deploy', 'testjob:1', host])
  expect(deployed.code).toBe(0)
  const status = await waitFor(
    async () => {
      const out = await ctl(['status', '--job', 'testjob:1'])
      return out.stdout.includes('RUNNING') ? out : undefined
    },
    { timeoutMs: 60_000, what: 'testjob:1 RUNNING' },
  )
  expect(status.stdout).toContain(host)
})
