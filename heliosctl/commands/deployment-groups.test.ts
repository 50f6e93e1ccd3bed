import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type Deployment, shortJobId } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job, task } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
const web = job('web:v1')
const id = web.status?.id ?? ''
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(web, deployment('web-v1', 'web:v1', ['web9']))
})
afterEach(() => server.close())

const ctl = (...argv: string[]) => heliosctl(server.url, argv)
const group = () => server.stored('Deployment', 'g') as Deployment
/** What the controller records: the selected hosts, and a rollout of spec.job in `state` with Tasks on them. */
function settle(state: 'DONE' | 'FAILED' | 'ROLLING_OUT', message?: string) {
  const hosts = ['web1', 'web2']
  const rolled = withRollout(group(), { state, done: state === 'DONE' ? hosts : ['web1'], ...(message && { message }) })
  server.seed({ ...rolled, status: { ...rolled.status, hosts, revisions: [] } } as Deployment)
  server.seed(task(web, 'web1', { state: 'RUNNING' }, 'g'), task(web, 'web2', { state: 'STARTING' }, 'g'))
}

describe('create-deployment-group', () => {
  test('a Deployment with the selectors and no job; again NOT_MODIFIED; other selectors CONFLICT, exit 1', async () => {
    expect(await ctl('create-deployment-group', 'g', 'role=web', 'zone in (a,b)')).toEqual({
      code: 0,
      stdout:
        'Creating deployment group: {"name":"g","hostSelectors":[{"label":"role","operator":"EQUALS","operand":"web"},' +
        '{"label":"zone","operator":"IN","operand":["a","b"]}]}\n{"status":"CREATED"}\n',
      stderr: '',
    })
    expect(group().spec).toMatchObject({ hostSelector: ['role=web', 'zone in (a,b)'], goal: 'START' })
    expect(group().spec.job).toBeUndefined()
    expect((await ctl('create-deployment-group', 'g', 'zone in (b, a)', 'role = web', '-q')).stdout).toBe(
      '{"status":"NOT_MODIFIED"}\n',
    )
    expect(await ctl('--json', 'create-deployment-group', 'g', 'role=db')).toEqual({
      code: 1,
      stdout: '{\n  "status": "CONFLICT"\n}\n',
      stderr: '',
    })
    const text = await ctl('create-deployment-group', 'web-v1', 'role=web', '-q')
    expect(text).toMatchObject({
      code: 1,
      stderr: 'error: deployment web-v1 already exists with other host selectors (or none)\n',
    })
  })

  test('a bad selector is a usage error, exit 2, nothing sent', async () => {
    const result = await ctl('create-deployment-group', 'g', 'role')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('error: invalid host selector "role"')
    expect(server.requests).toEqual([])
  })
})

describe('list-, inspect-deployment-group and deployment-group-status', () => {
  beforeEach(async () => {
    await ctl('create-deployment-group', 'g', 'role=web')
    await ctl('create-deployment-group', 'a', 'role=api')
  })

  test('list: group names (not hand deploys), sorted; --json a list', async () => {
    expect((await ctl('list-deployment-groups')).stdout).toBe('a\ng\n')
    expect(JSON.parse((await ctl('list-deployment-groups', '--json')).stdout)).toEqual(['a', 'g'])
  })

  test('inspect before and after a rollout; unknown: message, or DEPLOYMENT_GROUP_NOT_FOUND with --json', async () => {
    expect((await ctl('inspect-deployment-group', 'g')).stdout).toBe(
      'Name: g\nHost selectors:\n  role = web\nJob: \nRolling update reason: \nRollout options:\n  Migrate: false\n' +
        '  Overlap: false\n  Parallelism: 1\n  Timeout: 300\n  Token: \n  Ignore failures: false\n',
    )
    server.seed({ ...group(), spec: { ...group().spec, job: 'web:v1' } })
    settle('DONE')
    expect((await ctl('inspect-deployment-group', 'g')).stdout).toContain(
      `Job: ${id}\nRolling update reason: JOB_CHANGED\n`,
    )
    expect(JSON.parse((await ctl('inspect-deployment-group', 'g', '--json')).stdout)).toEqual({
      name: 'g',
      hostSelectors: [{ label: 'role', operator: 'EQUALS', operand: 'web' }],
      jobId: id,
      rolloutOptions: {
        parallelism: 1,
        timeout: 300,
        overlap: false,
        migrate: false,
        ignoreFailures: false,
        token: '',
      },
      rollingUpdateReason: 'JOB_CHANGED',
    })
    expect(await ctl('inspect-deployment-group', 'nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Unknown deployment group: nope\n',
    })
    expect((await ctl('inspect-deployment-group', 'web-v1')).stderr).toContain(
      'Unknown deployment group: web-v1 (deployment',
    )
    expect(await ctl('inspect-deployment-group', 'nope', '--json')).toEqual({
      code: 1,
      stdout: '{\n  "status": "DEPLOYMENT_GROUP_NOT_FOUND"\n}\n',
      stderr: '',
    })
  })

  test("status: IDLE without a job; then Helios' header and HOST UP-TO-DATE JOB STATE; FAILED shows the error", async () => {
    expect((await ctl('deployment-group-status', 'g')).stdout).toBe(
      'Name: g\nJob Id: \nStatus: IDLE\nHost selectors: role = web\n\nHOST   UP-TO-DATE   JOB   STATE\n',
    )
    server.seed({ ...group(), spec: { ...group().spec, job: 'web:v1' } })
    settle('ROLLING_OUT')
    const lines = (await ctl('deployment-group-status', 'g')).stdout.split('\n')
    expect(lines.slice(0, 5)).toEqual([
      'Name: g',
      `Job Id: ${shortJobId(id)}`,
      'Status: ROLLING_OUT',
      'Host selectors: role = web',
      '',
    ])
    expect(lines[5]).toMatch(/^HOST +UP-TO-DATE +JOB +STATE$/)
    expect(lines[6]).toMatch(new RegExp(`^web1 +X +${shortJobId(id)} +RUNNING$`))
    expect(lines[7]).toMatch(new RegExp(`^web2 +${shortJobId(id)} +STARTING$`))
    expect((await ctl('deployment-group-status', 'g', '-f')).stdout).toContain(`web1   X            ${id}`)
    settle('FAILED', 'web2: timed out')
    expect((await ctl('deployment-group-status', 'g')).stdout).toContain(
      'Status: FAILED\nHost selectors: role = web\nError: web2: timed out\n\n',
    )
    const json = JSON.parse((await ctl('--json', 'deployment-group-status', 'g')).stdout)
    expect(json).toMatchObject({
      deploymentGroup: { name: 'g', jobId: id },
      status: 'FAILED',
      error: 'web2: timed out',
      hostStatuses: [
        { host: 'web1', jobId: id, state: 'RUNNING' },
        { host: 'web2', jobId: id, state: 'STARTING' },
      ],
      deploymentGroupStatus: { state: 'FAILED', error: 'web2: timed out' },
    })
    // Helios' DeploymentGroupStatus says DONE where the response status says ACTIVE.
    settle('DONE')
    const done = JSON.parse((await ctl('--json', 'deployment-group-status', 'g')).stdout)
    expect([done.status, done.deploymentGroupStatus]).toEqual(['ACTIVE', { state: 'DONE' }])
  })
})

describe('rolling-update on a group created without a job, and remove-deployment-group', () => {
  test('rolling-update gives the group its job and waits for the controller; remove deletes the Deployment', async () => {
    await ctl('create-deployment-group', 'g', 'role=web')
    const clock = stepClock(() => settle('DONE'))
    const rolled = await heliosctl(server.url, ['rolling-update', 'web:v1', 'g'], { clock })
    expect(rolled.code).toBe(0)
    expect(rolled.stdout).toMatch(/\n\nweb1 -> RUNNING \(1\/2\)\nweb2 -> RUNNING \(2\/2\)\n\nDone\.\n/)
    expect(group().spec.job).toBe('web:v1')
    expect(group().metadata.annotations['helios/change-cause']).toBe('rolling-update to web:v1')
    expect(await ctl('remove-deployment-group', 'g')).toEqual({
      code: 0,
      stdout: `Deployment-group g removed\nUndeploying ${id} from [web1, web2]\n`,
      stderr: '',
    })
    expect(server.stored('Deployment', 'g')).toBeUndefined()
    expect(await ctl('remove-deployment-group', 'g', '--json')).toEqual({
      code: 1,
      stdout: '{\n  "status": "DEPLOYMENT_GROUP_NOT_FOUND"\n}\n',
      stderr: '',
    })
    await ctl('create-deployment-group', 'h', 'role=web')
    expect((await ctl('remove-deployment-group', 'h', '--json')).stdout).toBe('{\n  "status": "REMOVED"\n}\n')
    expect((await ctl('remove-deployment-group', 'web-v1')).code).toBe(1)
    expect(server.stored('Deployment', 'web-v1')).toBeDefined()
  })
})
