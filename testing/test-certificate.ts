/** @module Test helper shared by every component's tests: a self-signed certificate made by the openssl CLI in a temp dir, never committed. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface TestCertificate {
  certFile: string
  keyFile: string
  cert: string
  key: string
  /** As openssl prints its SHA-256 fingerprint, lowercase without colons: an oracle independent of our code. */
  sha256: string
}

/**
 * An EC P-256 key and a one-day self-signed certificate for `name`, written to `dir/<name>.crt` and `.key`;
 * `ipAddress` also names that address (subjectAltName), for clients that verify the server they dial by IP.
 */
export function selfSignedCertificate(dir: string, name: string, opts: { ipAddress?: string } = {}): TestCertificate {
  const certFile = join(dir, `${name}.crt`)
  const keyFile = join(dir, `${name}.key`)
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile]
  const altName = opts.ipAddress ? ['-addext', `subjectAltName=IP:${opts.ipAddress}`] : []
  execFileSync(
    'openssl',
    ['req', '-x509', ...newKey, '-out', certFile, '-days', '1', '-subj', `/CN=${name}`, ...altName],
    {
      stdio: 'pipe',
    },
  )
  const printed = execFileSync('openssl', ['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256'], {
    encoding: 'utf8',
  })
  const sha256 = (printed.split('=')[1] ?? '').trim().replaceAll(':', '').toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`unexpected openssl fingerprint output: ${printed}`)
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), sha256 }
}
