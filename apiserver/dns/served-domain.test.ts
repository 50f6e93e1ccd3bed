// Which registrationDomain the built-in DNS serves where: never a zone outside its dns-domain.
import { expect, test } from 'vitest'
import { servedDomain } from './served-domain.js'

test("'' is the dns-domain; a relative domain is under it", () => {
  expect(servedDomain('', 'helios')).toBe('helios')
  expect(servedDomain('', 'Helios.')).toBe('helios')
  expect(servedDomain('prod', 'helios')).toBe('prod.helios')
  expect(servedDomain('Team.Prod', 'helios.')).toBe('team.prod.helios')
})

test('an absolute domain is served only when it is the dns-domain or under it', () => {
  expect(servedDomain('helios.', 'helios')).toBe('helios')
  expect(servedDomain('prod.helios.', 'helios')).toBe('prod.helios')
  for (const foreign of ['google.com.', 'xhelios.', '.', 'helios.com.'])
    expect(servedDomain(foreign, 'helios')).toBeUndefined()
})
