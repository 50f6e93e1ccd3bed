import { describe, expect, test } from 'vitest'
import { ApiError, type Job, JobSpec, type JobSpecInput } from '../../apis/index.js'
import { admissionPolicy, PolicySettings, type PolicySettingsInput } from './policy-settings.js'
import { checkJobPolicy, jobPolicyViolations } from './security-policy.js'

const spec = (input: Partial<JobSpecInput>) => JobSpec.parse({ image: 'busybox', ...input })
const policy = (settings: PolicySettingsInput = {}) => admissionPolicy(PolicySettings.parse(settings))
const fields = (input: Partial<JobSpecInput>, settings?: PolicySettingsInput) =>
  jobPolicyViolations(spec(input), policy(settings)).map((c) => c.field)

// The hostile Job of issue 13: root on the host by every door.
const HOSTILE: Partial<JobSpecInput> = {
  volumes: { '/host': '/', '/var/run/docker.sock': '/var/run/docker.sock' },
  networkMode: 'host',
  securityOpt: ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable'],
  ramdisks: { '/big': 'rw,exec,suid,size=100g' },
  addCapabilities: ['SYS_ADMIN'],
  runtime: 'runc',
  labels: { 'helios.task': 'other@h1', 'helios.host': 'h1' },
}

describe('jobPolicyViolations: deny by default', () => {
  test('a plain Job passes, anonymous volumes, bridge/none networks and no-new-privileges included', () => {
    for (const networkMode of [undefined, 'bridge', 'none'])
      expect(fields({ networkMode, volumes: { '/data': '' }, securityOpt: ['no-new-privileges'] })).toEqual([])
    expect(fields({ ramdisks: { '/tmp': 'rw,noexec,nosuid,size=64m' }, dropCapabilities: ['ALL'] })).toEqual([])
  })

  test('the hostile Job is refused field by field, each message naming the flag that allows it', () => {
    const causes = jobPolicyViolations(spec(HOSTILE), policy())
    const byField = Object.fromEntries(causes.map((c) => [c.field, c.message]))
    expect(Object.keys(byField).sort()).toEqual(
      [
        'spec.volumes./host',
        'spec.volumes./var/run/docker.sock',
        'spec.networkMode',
        'spec.securityOpt[0]',
        'spec.securityOpt[1]',
        'spec.securityOpt[2]',
        'spec.runtime',
        'spec.addCapabilities',
        'spec.ramdisks./big',
        'spec.ramdisks',
        'spec.labels.helios.task',
        'spec.labels.helios.host',
      ].sort(),
    )
    expect(byField['spec.volumes./host']).toContain('--allow-host-path')
    expect(byField['spec.networkMode']).toContain('--allow-host-network')
    expect(byField['spec.securityOpt[0]']).toContain('--allow-security-opt "seccomp=unconfined"')
    expect(byField['spec.runtime']).toContain('--allow-runtime')
    expect(byField['spec.addCapabilities']).toContain('--allowed-capability')
    expect(byField['spec.ramdisks./big']).toContain('--allow-ramdisk-option exec')
    expect(byField['spec.ramdisks./big']).toContain('--allow-ramdisk-option suid')
    expect(byField['spec.ramdisks']).toContain('--max-ramdisk-size')
    expect(byField['spec.labels.helios.task']).toContain('no flag allows it')
  })

  test('joining another container: container:<x> needs --allow-container-network; host does not open it', () => {
    const causes = jobPolicyViolations(spec({ networkMode: 'container:abc123' }), policy({ allowHostNetwork: true }))
    expect(causes).toEqual([
      { field: 'spec.networkMode', message: expect.stringContaining('--allow-container-network') },
    ])
    expect(fields({ networkMode: 'container:abc123' }, { allowContainerNetwork: true })).toEqual([])
    expect(fields({ networkMode: 'host' }, { allowContainerNetwork: true })).toEqual(['spec.networkMode'])
  })

  test('each door opens with its own flag, and only that door', () => {
    const open: PolicySettingsInput = {
      allowHostPaths: ['/'],
      allowHostNetwork: true,
      allowSecurityOpts: ['seccomp=unconfined', 'apparmor:unconfined', 'disable'],
      allowRuntimes: ['runc'],
      allowedCapabilities: ['cap_sys_admin'],
      allowRamdiskOptions: ['exec', 'suid'],
      maxRamdiskSize: '100g',
    }
    // Only what no flag opens is left: the sensitive paths (named one by one) and the agent's labels.
    expect(fields(HOSTILE, open)).toEqual([
      'spec.volumes./host',
      'spec.volumes./var/run/docker.sock',
      'spec.labels.helios.task',
      'spec.labels.helios.host',
    ])
  })

  test.each([
    [['seccomp=unconfined'], 'seccomp:unconfined', true],
    [['seccomp:unconfined'], 'seccomp=unconfined', true],
    [['seccomp=unconfined'], 'SECCOMP=unconfined', false],
    [['seccomp=unconfined'], 'seccomp=unconfined ', false],
    [['seccomp=unconfined'], 'apparmor=unconfined', false],
    [['label=disable'], 'disable', true],
    [['no-new-privileges'], 'no-new-privileges=false', false],
    [[], 'no-new-privileges:1', true],
    [[], 'no-new-privileges=false', false],
    [[], 'writable-cgroups', false],
    [[], 'systempaths=unconfined', false],
    [['ALL'], 'systempaths=unconfined', true],
  ])('--allow-security-opt %j and securityOpt %j: allowed %s', (allowSecurityOpts, opt, allowed) => {
    expect(fields({ securityOpt: [opt] }, { allowSecurityOpts })).toEqual(allowed ? [] : ['spec.securityOpt[0]'])
  })

  test.each([
    [[], 'runc', false],
    [['nvidia'], 'runc', false],
    [['nvidia'], 'NVIDIA', false],
    [['nvidia'], 'nvidia', true],
    [['ALL'], 'runsc', true],
    [[], '', true], // "" is absent to the agent: the engine's default runtime
  ])('--allow-runtime %j and runtime %j: allowed %s', (allowRuntimes, runtime, allowed) => {
    expect(fields({ runtime }, { allowRuntimes })).toEqual(allowed ? [] : ['spec.runtime'])
  })

  test.each([
    ['/srv/x/data', true],
    ['/srv/x/', true],
    ['/srv/x/../etc', false],
    ['/srv/x/../../', false],
    ['/srv/x2/data', false],
    ['/srv/x/%2e%2e/etc', false],
    ['/srv', false],
    ['data', false],
    ['/', false],
  ])('--allow-host-path /srv/x and volume source %j: allowed %s', (source, allowed) => {
    expect(fields({ volumes: { '/mnt:ro': source } }, { allowHostPaths: ['/srv/x/'] })).toEqual(
      allowed ? [] : ['spec.volumes./mnt:ro'],
    )
  })

  test.each([
    [[], 'cache', false],
    [['cache'], 'cache', true],
    [['cache'], 'Cache', false],
    [['ALL'], 'cache', true],
    [['ALL'], '.hidden', false], // neither a path nor a volume name
    [['ALL'], 'a b', false],
  ])('--allow-named-volume %j and volume source %j: allowed %s', (allowNamedVolumes, source, allowed) => {
    expect(fields({ volumes: { '/v': source } }, { allowNamedVolumes })).toEqual(allowed ? [] : ['spec.volumes./v'])
  })

  test('ramdisks: the sizes add up against --max-ramdisk-size (default 64m)', () => {
    const two = { '/a': 'size=40m', '/b': 'size=40m' }
    expect(fields({ ramdisks: two })).toEqual(['spec.ramdisks'])
    expect(fields({ ramdisks: two }, { maxRamdiskSize: '80m' })).toEqual([])
    expect(fields({ ramdisks: two }, { maxRamdiskSize: 80 * 1024 * 1024 - 1 })).toEqual(['spec.ramdisks'])
    expect(fields({ ramdisks: { '/a': 'size=64m' } })).toEqual([])
  })

  test.each([
    'helios.task',
    'helios.host',
    'helios.managed',
    'HELIOS.Task',
    ' helios.job',
    'Helios.spec-hash',
    'helios.',
  ])('label %j is never allowed, whatever the policy', (key) => {
    const everything: PolicySettingsInput = { allowSecurityOpts: ['ALL'], allowRuntimes: ['ALL'] }
    expect(fields({ labels: { [key]: 'x' } }, everything)).toEqual([`spec.labels.${key}`])
  })

  test('labels outside the namespace pass', () => {
    expect(fields({ labels: { team: 'a', 'helios-team': 'b', 'io.helios.x': 'c', helios: 'd' } })).toEqual([])
  })
})

describe('checkJobPolicy', () => {
  const job = (input: Partial<JobSpecInput>, name = 'evil:v1'): Job =>
    ({
      apiVersion: 'helios/v1',
      kind: 'Job',
      metadata: { name, labels: {}, annotations: {} },
      spec: spec(input),
    }) as Job

  test('422 Invalid: the message names the first field and counts the rest; causes list them all', () => {
    try {
      checkJobPolicy(job(HOSTILE), policy())
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError)
      const e = err as ApiError
      expect(e.httpStatus).toBe(422)
      expect(e.message).toMatch(
        /^job "evil:v1" is refused by this apiserver's admission policy: spec\.volumes\.\/host: /,
      )
      expect(e.message).toContain('(and 11 more)')
      expect(e.causes).toHaveLength(12)
    }
  })

  test('a huge value is quoted short in the message', () => {
    const long = `/${'a'.repeat(300_000)}`
    try {
      checkJobPolicy(job({ volumes: { '/x': long } }), policy())
      expect.unreachable()
    } catch (err) {
      expect((err as ApiError).message.length).toBeLessThan(500)
    }
  })
})
