// The records of each kind of name, and the response codes inside and outside the zone.
import type { Answer, Question } from 'dns-packet'
import { describe, expect, test } from 'vitest'
import { answerQuestion } from './answer.js'
import { buildZone } from './zone.js'
import { DOMAIN, ENDPOINTS, HOST_ADDRESSES, ZONE } from './zone-fixture.js'

const ask = (name: string, type: Question['type'] | 'ANY') => answerQuestion(ZONE, { name, type } as Question, 5)
const data = (answers: Answer[]) => answers.map((a) => ('data' in a ? a.data : undefined))

describe('answerQuestion', () => {
  test('SRV: one record per ready endpoint, targets host.hosts.domain, their addresses as additionals', () => {
    const answer = ask('_web._http.helios', 'SRV')
    expect(answer.rcode).toBe('NOERROR')
    expect(data(answer.answers)).toEqual([
      { priority: 0, weight: 1, port: 8080, target: 'h1.hosts.helios' },
      { priority: 0, weight: 1, port: 8081, target: 'h2.hosts.helios' },
    ])
    expect(answer.answers).toMatchObject([
      { ttl: 5, name: '_web._http.helios' },
      { ttl: 5, name: '_web._http.helios' },
    ])
    expect(answer.additionals.map((a) => [a.name, a.type, 'data' in a && a.data])).toEqual([
      ['h1.hosts.helios', 'A', '10.0.0.1'],
      ['h2.hosts.helios', 'A', '10.0.0.2'],
    ])
  })

  test('names are case-insensitive and answered as asked; a final dot is the same name', () => {
    const answer = ask('_WEB._Http.Helios.', 'SRV')
    expect(answer.answers).toHaveLength(2)
    expect(answer.answers[0]?.name).toBe('_WEB._Http.Helios.')
  })

  test("A of a service: every ready endpoint's address; AAAA holds the IPv6 ones", () => {
    expect(data(ask('web.helios', 'A').answers)).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(data(ask('db.helios', 'AAAA').answers)).toEqual(['fd00::6'])
    expect(ask('db.helios', 'A')).toMatchObject({ rcode: 'NOERROR', answers: [] })
  })

  test('A of a host: its address, also when its endpoint is not ready (the SRV leaves it out)', () => {
    expect(data(ask('h3.hosts.helios', 'A').answers)).toEqual(['10.0.0.3'])
    expect(data(ask('h6.hosts.helios', 'AAAA').answers)).toEqual(['fd00::6'])
    expect(ask('h3.helios', 'A').rcode).toBe('NXDOMAIN')
  })

  test("a service named like a host has its own A record and leaves the host's record alone", () => {
    expect(data(ask('h1.helios', 'A').answers)).toEqual(['10.9.9.9'])
    expect(data(ask('h1.hosts.helios', 'A').answers)).toEqual(['10.0.0.1'])
    const bound = [{ service: 'x', protocol: 'tcp', host: 'h1', address: '10.9.9.9', port: 1, ready: true }]
    const zone = buildZone([...ENDPOINTS, ...bound], DOMAIN, (host) => HOST_ADDRESSES[host])
    expect(data(answerQuestion(zone, { name: 'h1.hosts.helios', type: 'A' }, 5).answers)).toEqual(['10.0.0.1'])
  })

  test('a host that reports no address: its name when that is an IP, else no address record', () => {
    const ends = ['10.0.0.7', 'h9'].map((host) => ({
      service: 'x',
      protocol: 'tcp',
      host,
      address: host,
      port: 1,
      ready: true,
    }))
    const zone = buildZone(ends, DOMAIN, () => undefined)
    expect(data(answerQuestion(zone, { name: '10.0.0.7.hosts.helios', type: 'A' }, 5).answers)).toEqual(['10.0.0.7'])
    expect(answerQuestion(zone, { name: 'h9.hosts.helios', type: 'A' }, 5)).toMatchObject({
      rcode: 'NOERROR',
      answers: [],
    })
  })

  test('a relative registrationDomain is under the dns-domain', () => {
    expect(data(ask('_api._http.prod.helios', 'SRV').answers)).toEqual([
      { priority: 0, weight: 1, port: 9000, target: 'h1.hosts.helios' },
    ])
    expect(data(ask('api.prod.helios', 'A').answers)).toEqual(['10.0.0.1'])
    expect(ask('_api._http.helios', 'SRV').rcode).toBe('NXDOMAIN')
  })

  test('an absolute registrationDomain outside the dns-domain is left out: its names are REFUSED', () => {
    for (const name of ['www.google.com', 'mail.google.com', '_www._http.google.com', 'google.com'])
      expect(ask(name, 'A').rcode).toBe('REFUSED')
    expect(ask('_www._http.helios', 'SRV').rcode).toBe('NXDOMAIN')
  })

  test('a registrationDomain in the hosts subdomain is left out', () => {
    const ends = ['hosts', 'hosts.helios.'].map((domain) => ({
      service: 'h1',
      protocol: 'tcp',
      host: 'h2',
      address: '10.9.9.9',
      port: 1,
      domain,
      ready: true,
    }))
    const zone = buildZone([...ENDPOINTS, ...ends], DOMAIN, (host) => HOST_ADDRESSES[host])
    expect(data(answerQuestion(zone, { name: 'h1.hosts.helios', type: 'A' }, 5).answers)).toEqual(['10.0.0.1'])
  })

  test('unknown names in the zone are NXDOMAIN with the SOA (negative caching for the TTL)', () => {
    const answer = ask('nothing.helios', 'A')
    expect(answer.rcode).toBe('NXDOMAIN')
    expect(answer.authorities).toMatchObject([{ type: 'SOA', name: 'helios', data: { minimum: 5 } }])
    expect(ask('_web._udp.helios', 'SRV').rcode).toBe('NXDOMAIN')
  })

  test('names between a record and the apex exist without records (NODATA, not NXDOMAIN)', () => {
    expect(ask('_http.helios', 'SRV')).toMatchObject({ rcode: 'NOERROR', answers: [] })
    expect(ask('helios', 'A')).toMatchObject({ rcode: 'NOERROR', answers: [] })
    expect(ask('helios', 'SOA').answers).toMatchObject([{ type: 'SOA' }])
  })

  test('names outside every zone are REFUSED: no recursion', () => {
    for (const name of ['example.com', 'helios.example.com', 'xhelios', '.', '', 'prod.example'])
      expect(ask(name, 'A')).toEqual({ rcode: 'REFUSED', answers: [], authorities: [], additionals: [] })
    expect(answerQuestion(ZONE, { name: 'web.helios', type: 'A', class: 'CH' }, 5).rcode).toBe('REFUSED')
  })

  test('ANY gives what the name has; other types NODATA', () => {
    expect(ask('_web._http.helios', 'ANY').answers.map((a) => a.type)).toEqual(['SRV', 'SRV'])
    expect(ask('web.helios', 'TXT')).toMatchObject({ rcode: 'NOERROR', answers: [] })
    expect(ask('prod.helios', 'SOA')).toMatchObject({ rcode: 'NOERROR', answers: [] })
  })

  test('without endpoints only the default domain exists', () => {
    const empty = buildZone([], DOMAIN, () => undefined)
    expect(answerQuestion(empty, { name: '_web._http.helios', type: 'SRV' }, 5).rcode).toBe('NXDOMAIN')
    expect(answerQuestion(empty, { name: 'prod.example', type: 'A' }, 5).rcode).toBe('REFUSED')
  })
})
