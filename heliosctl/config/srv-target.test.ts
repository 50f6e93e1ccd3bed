// Helios' global flags naming the apiservers: -z/--master (before or after the verb), -d/--domains through real DNS
// SRV lookups against a DNS server of the test's own, --srv-name, and -u/--username (ignored, with a warning).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { host } from '../testing/fixtures.js'
import { type SrvDnsServer, startSrvDnsServer } from '../testing/srv-dns-server.js'
import { resolveSrvServers } from './srv-target.js'

let api: FakeApiserver
let dns: SrvDnsServer
let apiPort: number
beforeAll(async () => {
  api = await startFakeApiserver()
  api.seed(host('web1'))
  apiPort = Number(new URL(api.url).port)
  dns = await startSrvDnsServer({
    '_helios._https.secure.test': [
      { target: 'b.secure.test', port: 5801, priority: 20 },
      { target: 'a.secure.test', port: 5801, priority: 10, weight: 1 },
      { target: 'c.secure.test', port: 5802, priority: 10, weight: 5 },
    ],
    '_helios._http.plain.test': [{ target: '127.0.0.1', port: apiPort }],
    '_other._http.plain.test': [{ target: '127.0.0.1', port: apiPort }],
  })
})
afterAll(async () => {
  await api.close()
  await dns.close()
})

describe('resolveSrvServers', () => {
  test('https records first, by priority then weight; http only when https has none; domains in order', async () => {
    expect(await resolveSrvServers(['secure.test'], 'helios', dns.resolver())).toBe(
      'https://c.secure.test:5802,https://a.secure.test:5801,https://b.secure.test:5801',
    )
    expect(await resolveSrvServers(['plain.test', 'secure.test'], 'helios', dns.resolver())).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${apiPort},https://c\\.secure\\.test:5802,`),
    )
  })

  test('a domain without records is an error naming both SRV names', async () => {
    await expect(resolveSrvServers(['nowhere.test'], 'helios', dns.resolver())).rejects.toThrow(
      'no apiservers found for domain nowhere.test: _helios._https.nowhere.test and _helios._http.nowhere.test have no SRV records',
    )
  })
})

describe('heliosctl -z, -d, --srv-name, -u', () => {
  test('-z URL before or after the verb, as `alias helios="helios -z URL"` needs; --master too', async () => {
    for (const argv of [
      ['-z', api.url, 'hosts'],
      ['hosts', '-z', api.url],
      ['--master', api.url, 'hosts'],
    ]) {
      const result = await heliosctl('', argv)
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^web1 +Up /m)
    }
  })

  test('-z joins --server in one list to fail over along (a dead first server does not stop the verb)', async () => {
    const gone = await startFakeApiserver()
    await gone.close()
    const result = await heliosctl(gone.url, ['-z', api.url, 'hosts'])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^web1 /m)
  })

  test('-d DOMAIN finds the apiserver by its SRV record; --srv-name changes the service looked up', async () => {
    const result = await heliosctl('', ['-d', 'plain.test', 'hosts'], { srvResolver: () => dns.resolver() })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^web1 /m)
    dns.queries.length = 0
    const other = await heliosctl('', ['hosts', '--srv-name', 'other', '-d', 'plain.test'], {
      srvResolver: () => dns.resolver(),
    })
    expect(other.code).toBe(0)
    expect(dns.queries).toEqual(['_other._https.plain.test', '_other._http.plain.test'])
  })

  test('an unresolvable domain: one error line, exit 1; -z beats -d without a lookup, as in Helios', async () => {
    expect(await heliosctl('', ['-d', 'nowhere.test', 'hosts'], { srvResolver: () => dns.resolver() })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: no apiservers found for domain nowhere.test: _helios._https.nowhere.test and _helios._http.nowhere.test have no SRV records\n',
    })
    dns.queries.length = 0
    const result = await heliosctl('', ['-z', api.url, '-d', 'nowhere.test', 'hosts'], {
      srvResolver: () => dns.resolver(),
    })
    expect(result.code).toBe(0)
    expect(dns.queries).toEqual([])
  })

  test.each([
    [['-d', 'a'.repeat(400)], `"_helios._https.${'a'.repeat(400)}" is no DNS name`],
    [['-d', 'plain.test', '--srv-name', '../../x'], '"_../../x._https.plain.test" is no DNS name'],
  ])('%#: a name DNS cannot hold is a usage error naming it, with no hint about ZooKeeper', async (flags, error) => {
    const result = await heliosctl('', [...flags, 'hosts'], { srvResolver: () => dns.resolver() })
    expect(result).toMatchObject({ code: 2, stdout: '' })
    expect(result.stderr).toContain(`error: -d/--srv-name: ${error}`)
    expect(result.stderr).not.toContain('ZooKeeper')
  })

  test('no DNS server answers: the hint speaks of DNS and -z, not of the apiserver', async () => {
    const down = () => ({
      resolveSrv: async () =>
        Promise.reject(Object.assign(new Error('querySrv ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    })
    expect(await heliosctl('', ['-d', 'plain.test', 'hosts'], { srvResolver: down })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: cannot look up SRV records of _helios._https.plain.test: ECONNREFUSED\n' +
        'hint: is a DNS server reachable (the system resolver, /etc/resolv.conf)? or name the apiservers with -z URL\n',
    })
  })

  test('-d with --cluster, or with no domain, is a usage error', async () => {
    const both = await heliosctl('', ['-d', 'plain.test', '--cluster', 'x', 'hosts'], {
      srvResolver: () => dns.resolver(),
    })
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/^error: -d and --cluster exclude each other/)
    expect((await heliosctl('', ['-d', ',', 'hosts'])).stderr).toMatch(/^error: -d\/--domains: no domain given/)
  })

  test('-u NAME is accepted and ignored with one warning line: the token names the user', async () => {
    const result = await heliosctl(api.url, ['-u', 'alice', 'hosts'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      "warning: -u/--username is ignored: the apiserver names the user from the token (--auth-token, HELIOS_TOKEN, the cluster's)\n",
    )
  })
})
