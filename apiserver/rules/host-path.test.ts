import { describe, expect, test } from 'vitest'
import { judgeHostPath, normalizeHostPath } from './host-path.js'

describe('normalizeHostPath: spellings an attacker tries', () => {
  test.each([
    ['/srv/x/data', '/srv/x/data'],
    ['/srv/x//data/', '/srv/x/data'],
    ['/srv/x/./data/.', '/srv/x/data'],
    ['//srv///x', '/srv/x'],
    ['/', '/'],
    ['//', '/'],
    ['/./', '/'],
    ['/srv/x/...', '/srv/x/...'], // a plain name to the kernel
    ['/srv/x/.. ', '/srv/x/.. '],
  ])('%j is %j', (source, path) => {
    expect(normalizeHostPath(source)).toEqual({ path })
  })

  test.each([
    ['srv/x', 'is not an absolute path'],
    ['./srv', 'is not an absolute path'],
    ['~/x', 'is not an absolute path'],
    ['', 'is not an absolute path'],
    [' /etc', 'is not an absolute path'],
    ['/srv/x/../etc', '".." segment'],
    ['/srv/x/data/../../etc', '".." segment'],
    ['/..', '".." segment'],
    ['/srv/x/..', '".." segment'],
    ['/srv/x/a/../b', '".." segment'], // lexically under /srv/x, but `a` may be a symlink
    ['/srv/x/%2e%2e/etc', 'percent escape'],
    ['/srv/x/%2E%2e/etc', 'percent escape'],
    ['/srv%2fx', 'percent escape'],
    ['/srv/x\uff0f..\uff0fetc', 'looks like'], // fullwidth solidus
    ['/srv/x/\u2025/etc', 'looks like'], // two-dot leader
    ['/srv/x/\uff0e\uff0e/etc', 'looks like'], // fullwidth full stops
    ['/srv/x/\u2024', 'looks like'], // one-dot leader
    ['/srv/x/a\u0000/etc', 'control character'],
    ['/srv/x/\n/etc', 'control character'],
    ['/srv/x/\u009b', 'control character'],
    ['/srv/x/\u202e', 'format character'],
    ['/srv/x/\u200b..', 'format character'],
    ['/srv/x/\ud800', 'not valid Unicode'],
    ['/srv/x:/etc', '":"'],
    ['/:/host', '":"'],
  ])('%j is refused: %s', (source, problem) => {
    const normal = normalizeHostPath(source)
    expect('problem' in normal && normal.problem).toContain(problem)
  })
})

describe('judgeHostPath', () => {
  test.each([
    ['/srv/x/data', ['/srv/x']],
    ['/srv/x', ['/srv/x']],
    ['/srv/x/a/b/c', ['/data', '/srv/x']],
    ['/var/run/docker.sock', ['/var/run/docker.sock']],
    ['/etc/ssl/certs', ['/etc/ssl']],
    ['/etc/ssl/certs', ['/', '/etc/ssl']],
    ['/var/lib/docker/volumes/v', ['/var/lib/docker/volumes']],
    ['/home/u', ['/']],
  ])('%j under %j passes', (path, prefixes) => {
    expect(judgeHostPath(path, prefixes)).toBeUndefined()
  })

  test.each([
    ['/srv/x2', ['/srv/x'], 'not under an allowed prefix'],
    ['/srv/xdata', ['/srv/x'], 'not under an allowed prefix'],
    ['/srv', ['/srv/x'], 'not under an allowed prefix'],
    ['/SRV/X/data', ['/srv/x'], 'not under an allowed prefix'],
    ['/', ['/srv/x'], 'not under an allowed prefix'],
    ['/var/run/docker.sock', [], 'not under an allowed prefix'],
    ['/var/run/docker.sock', ['/var'], 'exposes /var/run/docker.sock'],
    ['/var/run/docker.sock', ['/var/run'], 'exposes /var/run/docker.sock'],
    ['/var/run/docker.sock', ['/'], 'exposes /var/run/docker.sock'],
    ['/run/docker.sock', ['/run'], 'exposes /run/docker.sock'],
    ['/var/run', ['/var'], 'exposes /var/run/docker.sock'],
    ['/var/run', ['/var/run'], 'exposes /var/run/docker.sock'],
    ['/', ['/'], 'exposes'],
    ['/etc/shadow', ['/', '/etc/ssl'], 'exposes /etc'],
    ['/proc/1/root', ['/'], 'exposes /proc'],
    ['/var/lib/docker', ['/var/lib'], 'exposes /var/lib/docker'],
  ])('%j under %j is refused: %s', (path, prefixes, reason) => {
    expect(judgeHostPath(path, prefixes)).toContain(reason)
  })

  test('a path containing a socket passes only when that socket is itself allowed', () => {
    const sockets = ['/var/run/docker.sock', '/var/run/docker', '/var/run/containerd']
    expect(judgeHostPath('/var/run', ['/var/run', ...sockets])).toBeUndefined()
    expect(judgeHostPath('/var/run', ['/var/run', ...sockets.slice(1)])).toContain('/var/run/docker.sock')
  })
})
