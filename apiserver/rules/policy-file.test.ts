import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadPolicyFile, parsePolicyFile } from './policy-file.js'
import { admissionPolicy, mergeSettings, PolicySettings } from './policy-settings.js'

const EXAMPLE = `# what this cluster's Jobs may ask of a host
allowHostPaths: [/srv/x/, /data]
allowNamedVolumes: [cache]
allowHostNetwork: false
allowContainerNetwork: true
allowSecurityOpts: ["seccomp:unconfined"]
allowRuntimes: [nvidia]
allowedCapabilities: [cap_net_admin]
allowRamdiskOptions: [exec]
maxRamdiskSize: 256m
`

const errorOf = (fn: () => unknown): string => {
  try {
    fn()
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('expected an error')
}

describe('parsePolicyFile', () => {
  test('reads every setting; the compared policy normalizes them', () => {
    const settings = parsePolicyFile(EXAMPLE, 'policy.yaml')
    const policy = admissionPolicy(settings)
    expect(policy.hostPathPrefixes).toEqual(['/srv/x', '/data'])
    expect([...policy.securityOpts].sort()).toEqual(['no-new-privileges=true', 'seccomp=unconfined'])
    expect([...policy.capabilities]).toEqual(['NET_ADMIN'])
    expect(policy).toMatchObject({ hostNetwork: false, containerNetwork: true, maxRamdiskBytes: 256 * 1024 * 1024 })
  })

  test('an empty file is the deny-by-default policy', () => {
    expect(parsePolicyFile('', 'empty.yaml')).toEqual(PolicySettings.parse({}))
    expect(parsePolicyFile('# nothing\n', 'empty.yaml')).toEqual(PolicySettings.parse({}))
  })

  test.each([
    ['allowHostPath: [/srv]\n', 'allowHostPath (line 1): unknown field'],
    [
      'allowHostPaths: [/srv/../etc]\n',
      'allowHostPaths[0] (line 1): host path prefix "/srv/../etc" holds a ".." segment',
    ],
    ['allowHostPaths: [srv]\n', 'is not an absolute path'],
    ['allowHostPaths: [""]\n', 'is not an absolute path'],
    ['allowHostPaths: [/srv/%2e%2e]\n', 'percent escape'],
    ['allowHostNetwork: "yes"\n', 'allowHostNetwork (line 1)'],
    ['allowHostNetwork: yes\n', 'allowHostNetwork (line 1)'], // YAML 1.2: "yes" is a string, not true
    ['allowRamdiskOptions: [nosuid]\n', 'allowRamdiskOptions[0]'],
    ['maxRamdiskSize: 0\n', 'maxRamdiskSize'],
    ['maxRamdiskSize: 50%\n', 'maxRamdiskSize'],
    ['allowedCapabilities: [net-admin]\n', 'allowedCapabilities[0]'],
    ['allowNamedVolumes: [../x]\n', 'allowNamedVolumes[0]'],
    ['- allowHostNetwork\n', '(root)'],
    ['\n\nallowRuntimes: [""]\n', 'allowRuntimes[0] (line 3)'],
  ])('%j is refused naming the file and field: %s', (text, expected) => {
    const message = errorOf(() => parsePolicyFile(text, 'policy.yaml'))
    expect(message).toMatch(/^policy\.yaml/)
    expect(message).toContain(expected)
  })

  test('tags, two documents and malformed YAML are refused naming the file', () => {
    expect(errorOf(() => parsePolicyFile('allowHostNetwork: !!bool true\nx: !evil y\n', 'p.yaml'))).toMatch(
      /^p\.yaml:2:\d+: unsupported YAML tag/,
    )
    expect(errorOf(() => parsePolicyFile('allowHostNetwork: true\n---\nallowHostNetwork: false\n', 'p.yaml'))).toBe(
      'p.yaml: an admission policy is one YAML document, not 2',
    )
    expect(errorOf(() => parsePolicyFile('allowHostPaths: [\n', 'p.yaml'))).toMatch(/^p\.yaml:\d+:\d+: malformed YAML/)
  })
})

describe('loadPolicyFile', () => {
  test('reads a file; a missing one is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helios-policy-'))
    try {
      writeFileSync(join(dir, 'policy.yaml'), EXAMPLE)
      expect(loadPolicyFile(join(dir, 'policy.yaml')).allowHostPaths).toEqual(['/srv/x/', '/data'])
      expect(errorOf(() => loadPolicyFile(join(dir, 'nope.yaml')))).toContain(
        `${join(dir, 'nope.yaml')}: cannot read the admission policy`,
      )
      writeFileSync(join(dir, 'bad.yaml'), 'allowHostNetwork: !evil true\n')
      expect(errorOf(() => loadPolicyFile(join(dir, 'bad.yaml')))).toContain(`${join(dir, 'bad.yaml')}:1:`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('mergeSettings: flags add to the file', () => {
  test('lists add up, allowances OR, a size given later wins', () => {
    const file = PolicySettings.parse({ allowHostPaths: ['/a'], allowHostNetwork: true, maxRamdiskSize: '1g' })
    const flags = PolicySettings.parse({ allowHostPaths: ['/b', '/a'], allowRuntimes: ['nvidia'] })
    expect(mergeSettings(file, flags)).toMatchObject({
      allowHostPaths: ['/a', '/b'],
      allowHostNetwork: true,
      allowRuntimes: ['nvidia'],
      maxRamdiskSize: '1g',
    })
    expect(mergeSettings(file, PolicySettings.parse({ maxRamdiskSize: 1024 })).maxRamdiskSize).toBe(1024)
    expect(mergeSettings(PolicySettings.parse({}), PolicySettings.parse({})).maxRamdiskSize).toBeUndefined()
  })
})
