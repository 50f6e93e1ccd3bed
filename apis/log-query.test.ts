import { describe, expect, test } from 'vitest'
import { isApiError } from './errors.js'
import { logQueryString, parseLogQuery } from './log-query.js'

const parse = (query: string) => parseLogQuery(new URLSearchParams(query))

describe('log query', () => {
  test('defaults, flags as 1/true/0/false, tailLines; the writer gives what the parser reads', () => {
    expect(parse('')).toEqual({ follow: false, timestamps: false, tailLines: undefined })
    expect(parse('follow=true&timestamps=1&tailLines=0')).toEqual({ follow: true, timestamps: true, tailLines: 0 })
    expect(logQueryString({ follow: true, tailLines: 5, timestamps: true })).toBe('?follow=1&tailLines=5&timestamps=1')
    expect(logQueryString({ follow: false })).toBe('')
    expect(parse(logQueryString({ tailLines: 7, timestamps: true }).slice(1))).toEqual({
      follow: false,
      timestamps: true,
      tailLines: 7,
    })
  })

  test.each([
    ['tailLines=-1', 'tailLines must be a whole number, at least 0, got "-1"'],
    ['tailLines=1.5', 'tailLines must be a whole number, at least 0, got "1.5"'],
    ['follow=yes', 'follow must be true or false, got "yes"'],
    ['follow=1&follow=0', 'follow must be given once'],
    ['since=10', 'unknown log parameter "since" (known: follow, tailLines, timestamps)'],
  ])('%s → BadRequest', (query, message) => {
    let err: unknown
    try {
      parse(query)
    } catch (e) {
      err = e
    }
    expect(isApiError(err, 'BadRequest') && err.message).toBe(message)
  })
})
