import { describe, expect, test } from 'vitest'
import {
  checkHostName,
  hollowHostNames,
  labelFlags,
  parseAddHosts,
  parseBinds,
  parseDns,
  parseDockerHost,
  parseEnv,
  parseHollowOptions,
  parseLabels,
  parseRuntime,
} from './options.js'

describe('agent options', () => {
  test('DOCKER_HOST: default socket, unix://, tcp://, and a clear error otherwise', () => {
    expect(parseDockerHost(undefined)).toEqual({
      socketPath: '/var/run/docker.sock',
      endpoint: 'unix:///var/run/docker.sock',
    })
    expect(parseDockerHost('unix:///run/d.sock')).toEqual({ socketPath: '/run/d.sock', endpoint: 'unix:///run/d.sock' })
    expect(parseDockerHost('tcp://127.0.0.1:2375')).toEqual({
      host: '127.0.0.1',
      port: 2375,
      endpoint: 'tcp://127.0.0.1:2375',
    })
    expect(parseDockerHost('ssh://box')).toMatch(/^unsupported DOCKER_HOST "ssh:\/\/box"/)
  })

  test("--label and Helios' --labels fill one list in command-line order: a repeated key keeps its last value", () => {
    const flags = labelFlags()
    for (const entry of ['role=web', 'zone=a', 'role=db']) flags.collect(entry)
    expect(parseLabels(flags.entries)).toEqual({ role: 'db', zone: 'a' })
  })

  test('labels and host names', () => {
    expect(parseLabels(['role=web', 'zone=a', 'empty='])).toEqual({ role: 'web', zone: 'a', empty: '' })
    // What the apiserver would refuse in status.labels fails at start, not at every heartbeat.
    expect(parseLabels(['zone=a=b'])).toMatch(/^invalid --label: label values are/)
    expect(parseLabels(['host-restriction.helios/pci=yes'])).toMatch(/set by operators only/)
    expect(parseLabels(['role'])).toBe('invalid --label "role": expected key=value')
    expect(checkHostName('web-1.example')).toBeUndefined()
    expect(checkHostName('bad host')).toMatch(/^invalid --name/)
  })

  test('--env: KEY=VALUE, the last of a repeated key wins, one-line errors', () => {
    expect(parseEnv(['A=1', 'B=x=y', 'EMPTY=', 'A=2'])).toEqual({ A: '2', B: 'x=y', EMPTY: '' })
    expect(parseEnv(['NOVALUE'])).toBe('invalid --env "NOVALUE": expected KEY=VALUE (a KEY without spaces)')
    expect(parseEnv(['=x'])).toMatch(/^invalid --env "=x"/)
    expect(parseEnv(['A B=x'])).toMatch(/^invalid --env "A B=x"/)
  })

  test('--dns: IPv4 or IPv6 addresses', () => {
    expect(parseDns(['8.8.8.8', '2001:4860:4860::8888'])).toEqual(['8.8.8.8', '2001:4860:4860::8888'])
    expect(parseDns(['8.8.8.8', 'dns.google'])).toBe('invalid --dns "dns.google": expected an IPv4 or IPv6 address')
    expect(parseDns(['300.1.1.1'])).toMatch(/^invalid --dns "300.1.1.1"/)
  })

  test('--bind: source:/container/path[:ro|rw], each container path once', () => {
    expect(parseBinds(['/etc/ssl:/etc/ssl:ro', '/var/log/app:/logs', 'cache-vol:/cache:rw'])).toEqual([
      '/etc/ssl:/etc/ssl:ro',
      '/var/log/app:/logs',
      'cache-vol:/cache:rw',
    ])
    expect(parseBinds(['/tmp'])).toBe('invalid --bind "/tmp": expected /host/path:/container/path[:ro|rw]')
    expect(parseBinds(['/a:/b:ro:x'])).toMatch(/expected \/host\/path/)
    expect(parseBinds(['rel/dir:/data'])).toBe(
      'invalid --bind "rel/dir:/data": the host path must be absolute (or a volume name)',
    )
    expect(parseBinds(['/a:data'])).toBe('invalid --bind "/a:data": the container path must be absolute and not "/"')
    expect(parseBinds(['/a:/'])).toMatch(/must be absolute and not "\/"/)
    expect(parseBinds(['/a:/b:rx'])).toBe('invalid --bind "/a:/b:rx": the mode is ro or rw, not "rx"')
    expect(parseBinds(['/a:/b', '/c:/b:ro'])).toBe('invalid --bind "/c:/b:ro": /b is already bound by --bind "/a:/b"')
  })

  test('--add-host: hostname:ip, IPv6 after the first colon', () => {
    expect(parseAddHosts(['db.internal:10.0.0.5', 'v6:fd00::1'])).toEqual(['db.internal:10.0.0.5', 'v6:fd00::1'])
    expect(parseAddHosts(['db.internal'])).toBe(
      'invalid --add-host "db.internal": expected hostname:ip (e.g. db.internal:10.0.0.5)',
    )
    expect(parseAddHosts(['db:not-an-ip'])).toMatch(/^invalid --add-host "db:not-an-ip"/)
    expect(parseAddHosts([':10.0.0.1'])).toMatch(/^invalid --add-host/)
    expect(parseAddHosts(['bad_host:10.0.0.1'])).toMatch(/^invalid --add-host/)
  })

  test('--runtime: docker or hollow, anything else is a clear error', () => {
    expect(parseRuntime('docker')).toEqual({ kind: 'docker' })
    expect(parseRuntime('hollow')).toEqual({ kind: 'hollow' })
    expect(parseRuntime('podman')).toBe('invalid --runtime "podman": expected docker or hollow')
  })

  test('hollow flags: counts from 1 to 10000, delays whole milliseconds from 0', () => {
    expect(parseHollowOptions({ count: '1000', startMs: '200', stopMs: '0' })).toEqual({
      count: 1000,
      startDelayMs: 200,
      stopDelayMs: 0,
    })
    expect(parseHollowOptions({ count: '0', startMs: '200', stopMs: '100' })).toMatch(/--hollow-count "0"/)
    expect(parseHollowOptions({ count: '10001', startMs: '200', stopMs: '100' })).toMatch(/--hollow-count/)
    expect(parseHollowOptions({ count: '2.5', startMs: '200', stopMs: '100' })).toMatch(/--hollow-count/)
    expect(parseHollowOptions({ count: '3', startMs: '-1', stopMs: '100' })).toMatch(/--hollow-start-ms "-1"/)
    expect(parseHollowOptions({ count: '3', startMs: '1', stopMs: 'x' })).toMatch(/--hollow-stop-ms "x"/)
  })

  test('hollow host names: <prefix>-0 … <prefix>-<n-1>, each a valid host name', () => {
    const names = hollowHostNames('bench-hollow-ab1', 3)
    expect(names).toEqual(['bench-hollow-ab1-0', 'bench-hollow-ab1-1', 'bench-hollow-ab1-2'])
    for (const name of names) expect(checkHostName(name)).toBeUndefined()
  })
})
