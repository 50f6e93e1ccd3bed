import { describe, expect, test } from 'vitest'
import { judgeRamdisk, parseByteSize } from './ramdisk-options.js'

const MiB = 1024 * 1024
const none = new Set<string>()

describe('parseByteSize', () => {
  test.each([
    ['65536k', 64 * MiB],
    ['16m', 16 * MiB],
    ['16M', 16 * MiB],
    ['1g', 1024 * MiB],
    ['1024', 1024],
    ['100t', 100 * 1024 ** 4],
    ['16e', 16 * 1024 ** 6], // wraps to 0 (unlimited) in the kernel's 64 bits: far above any cap here
  ])('%j is %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes)
  })

  test.each(['0', '0m', '50%', '0x10m', '010m', '1.5g', '-1', ' 1m', '1mb', '1 m', '', 'm'])(
    '%j is no size',
    (text) => {
      expect(parseByteSize(text)).toBeUndefined()
    },
  )
})

describe('judgeRamdisk', () => {
  test.each([
    ['rw,size=16m', 16 * MiB],
    ['rw,noexec,nosuid,nodev,size=65536k', 64 * MiB],
    ['size=1m,mode=1777,uid=1000,gid=1000,nr_inodes=100', MiB],
    ['ro,noatime,size=1m,', MiB],
    ['size=100g,size=1m', MiB], // the last size wins in the engine's merge
  ])('%j passes with %d bytes', (options, bytes) => {
    expect(judgeRamdisk(options, none)).toEqual({ problems: [], bytes })
  })

  test.each([
    ['rw,exec,size=1m', 'needs --allow-ramdisk-option exec'],
    ['rw,EXEC,size=1m', 'needs --allow-ramdisk-option exec'],
    ['rw, exec ,size=1m', 'needs --allow-ramdisk-option exec'],
    ['noexec,exec,size=1m', 'needs --allow-ramdisk-option exec'],
    ['suid,size=1m', 'needs --allow-ramdisk-option suid'],
    ['dev,size=1m', 'needs --allow-ramdisk-option dev'],
    ['rw', 'size= is required'],
    ['', 'size= is required'],
    ['size=0', 'not a size'],
    ['size=50%', 'not a size'],
    ['size=0x7fffffff', 'not a size'],
    ['size=1m,size=0', 'not a size'],
    ['nr_blocks=0,size=1m', 'not allowed'],
    ['bind,size=1m', 'not allowed'],
    ['rbind,size=1m', 'not allowed'],
    ['rshared,size=1m', 'not allowed'],
    ['remount,size=1m', 'not allowed'],
    ['defaults,size=1m', 'not allowed'],
    ['exec=1,size=1m', 'not allowed'],
    ['mpol=bind,size=1m', 'not allowed'],
  ])('%j is refused: %s', (options, problem) => {
    const judged = judgeRamdisk(options, none)
    expect(judged.problems.join('; ')).toContain(problem)
  })

  test('an allowed loosening flag passes; the others still need theirs', () => {
    expect(judgeRamdisk('exec,suid,size=1m', new Set(['exec', 'suid'])).problems).toEqual([])
    expect(judgeRamdisk('exec,dev,size=1m', new Set(['exec'])).problems).toEqual([
      'option "dev" needs --allow-ramdisk-option dev',
    ])
  })
})
