import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { IMAGE_NAME_MAX, imageRefProblem, parseImageRef } from './image-ref.js'
import { Job, type JobInput } from './job.js'

const SHA = 'a'.repeat(64)

describe('parseImageRef: what Helios users write', () => {
  test.each([
    ['nginx', { path: 'nginx', name: 'nginx' }],
    ['nginx:1.7.1', { path: 'nginx', name: 'nginx', tag: '1.7.1' }],
    [
      'registry:5000/team/app:v1',
      { domain: 'registry:5000', path: 'team/app', name: 'registry:5000/team/app', tag: 'v1' },
    ],
    [`app@sha256:${SHA}`, { path: 'app', name: 'app', digest: `sha256:${SHA}` }],
    [`app:v2@sha256:${SHA}`, { path: 'app', name: 'app', tag: 'v2', digest: `sha256:${SHA}` }],
    ['helios-test/busybox:latest', { path: 'helios-test/busybox', name: 'helios-test/busybox', tag: 'latest' }],
    ['localhost/app', { domain: 'localhost', path: 'app', name: 'localhost/app' }],
    ['[::1]:5000/app:x', { domain: '[::1]:5000', path: 'app', name: '[::1]:5000/app', tag: 'x' }],
    ['Registry.Example.com/a__b/c---d/e.f_g', { domain: 'Registry.Example.com', path: 'a__b/c---d/e.f_g' }],
    ['localhost:5000', { path: 'localhost', tag: '5000' }],
    ['x:_Tag.9-', { path: 'x', tag: '_Tag.9-' }],
    [`x@sha512:${'0'.repeat(128)}`, { digest: `sha512:${'0'.repeat(128)}` }],
    [`x@multihash+base58:${'F'.repeat(32)}`, { digest: `multihash+base58:${'F'.repeat(32)}` }],
  ])('%s', (ref, expected) => {
    expect(parseImageRef(ref)).toMatchObject(expected)
  })

  test('a name of exactly 255 characters is fine; the tag does not count', () => {
    const name = `a/${'b'.repeat(IMAGE_NAME_MAX - 2)}`
    expect(imageRefProblem(name)).toBeUndefined()
    expect(imageRefProblem(`${name}:${'t'.repeat(128)}`)).toBeUndefined()
  })
})

describe('parseImageRef: attacker spellings are refused with one line saying what is wrong', () => {
  test.each([
    ['', 'is empty'],
    ['..', 'path component ".." is not lowercase letters and digits, joined by ".", "_", "__" or "-"'],
    ['.', 'path component "." is not'],
    ['x/../../y', 'path component ".." is not'],
    ['x/./y', 'path component "." is not'],
    ['a/b/..', 'path component ".." is not'],
    ['./x', 'registry "." is not a host name'],
    ['../x', 'registry ".." is not a host name'],
    ['x.y/../z', 'path component ".." is not'],
    ['%2e%2e', 'path component "%2e%2e" is not'],
    ['x/%2E%2E/y', 'path component "%2E%2E" is not'],
    ['x/..%2fy', 'path component "..%2fy" is not'],
    ['x?y', 'path component "x?y" is not'],
    ['x#y', 'path component "x#y" is not'],
    ['x\\..\\y', 'path component "x\\\\..\\\\y" is not'],
    ['Nginx', 'path component "Nginx" has capital letters; repository names are lowercase'],
    ['library/NGINX:latest', 'path component "NGINX" has capital letters'],
    ['x@sha256:../../', 'digest "sha256:../../" is not algorithm:hex with at least 32 hex digits'],
    ['x@sha256:', 'digest "sha256:" is not'],
    ['x@', 'digest "" is not'],
    ['x:tag@sha256:short', 'digest "sha256:short" is not'],
    [`x@sha256:${'a'.repeat(63)}`, 'sha256 takes exactly 64 lowercase hex digits, not 63'],
    [`x@sha256:${'A'.repeat(64)}`, 'sha256 takes exactly 64 lowercase hex digits'],
    [`x@sha256:${SHA}@sha256:${SHA}`, 'is not algorithm:hex'],
    ['x:../y', 'registry port ".." is not a number'],
    ['x:.tag', 'tag ".tag" is not 1 to 128'],
    ['x:-tag', 'tag "-tag" is not'],
    ['x:', 'tag "" is not'],
    [`x:${'t'.repeat(129)}`, 'is not 1 to 128'],
    [':tag', 'has an empty path component'],
    ['x//y', 'has an empty path component'],
    ['/x', 'has an empty path component'],
    ['x/', 'has an empty path component'],
    ['registry:5000/', 'has an empty path component'],
    ['registry:50a0/x', 'registry port "50a0" is not a number'],
    ['-x.io/y', 'registry "-x.io" is not a host name'],
    ['x..io/y', 'registry "x..io" is not a host name'],
    ['a--/b', 'path component "a--" is not'],
    ['a___b', 'path component "a___b" is not'],
    ['a.-b', 'path component "a.-b" is not'],
    ['ｎｇｉｎｘ', 'contains a non-ASCII character (U+FF4E)'],
    ['nginх', 'contains a non-ASCII character (U+0445)'], // Cyrillic ha
    ['nginx\u202e', 'contains a non-ASCII character (U+202E)'],
    ['x\u{1F600}', 'contains a non-ASCII character (U+1F600)'],
    ['ng inx', 'contains whitespace or a control character (U+0020)'],
    ['nginx\n:latest', 'contains whitespace or a control character (U+000A)'],
    ['nginx\x1b[31m', 'contains whitespace or a control character (U+001B)'],
    ['nginx\x7f', 'contains whitespace or a control character (U+007F)'],
    ['x\0', 'contains whitespace or a control character (U+0000)'],
  ])('%j', (ref, problem) => {
    expect(imageRefProblem(ref)).toContain(problem)
  })

  test('256 characters of name are refused without echoing them all', () => {
    const problem = imageRefProblem(`a/${'b'.repeat(IMAGE_NAME_MAX - 1)}`)
    expect(problem).toBe('name is 256 characters long, at most 255')
    const huge = imageRefProblem(`x:${'.'.repeat(300_000)}`)
    expect(huge?.length).toBeLessThan(200)
    expect(imageRefProblem(`x@sha256:${'a'.repeat(10_000)}`)?.length).toBeLessThan(200)
  })

  test('every accepted reference survives URL path normalization unchanged (no "." or ".." segment, no escapes)', () => {
    const char = fc.constantFrom('a', 'b', 'Z', '0', '.', '..', '/', '_', '-', ':', '@', '%', '2', 'e', '?', '#', '\\')
    fc.assert(
      fc.property(fc.array(char, { maxLength: 16 }), (chars) => {
        const ref = chars.join('')
        if (imageRefProblem(ref) !== undefined) return
        const path = `/images/${ref}/json`
        expect(new URL(path, 'http://engine').pathname).toBe(path)
        expect(ref.split('/').some((s) => s === '.' || s === '..' || s === '')).toBe(false)
      }),
      { numRuns: 20_000 },
    )
  })
})

describe('Job.spec.image and containers[].image use the grammar', () => {
  const issues = (spec: JobInput['spec']) => {
    const r = Job.safeParse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name: 'a:1' }, spec })
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }

  test('a bad image is one issue at spec.image, naming what is wrong', () => {
    expect(issues({ image: 'x/../../y' })).toEqual([
      'spec.image: not a Docker image reference: path component ".." is not lowercase letters and digits, joined by ".", "_", "__" or "-"',
    ])
    expect(issues({ image: '   ' })).toEqual(['spec.image: image is required'])
  })

  test("a composite Job's container image is checked alike", () => {
    expect(issues({ image: 'nginx', containers: [{ name: 'side', image: 'x@sha256:../../' }] })).toEqual([
      'spec.containers.0.image: not a Docker image reference: digest "sha256:../../" is not algorithm:hex with at least 32 hex digits (e.g. sha256:<64 hex digits>)',
    ])
  })

  test('surrounding blanks are trimmed as before (the stored image has none)', () => {
    const r = Job.parse({
      apiVersion: 'helios/v1',
      kind: 'Job',
      metadata: { name: 'a:1' },
      spec: { image: ' nginx:1 ' },
    })
    expect(r.spec.image).toBe('nginx:1')
  })
})
