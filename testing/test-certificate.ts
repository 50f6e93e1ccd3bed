/** @module Test helper shared by every component's tests: certificates made by the openssl CLI in a temp dir (self-signed, or a CA and the ones it signs), never committed. */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface TestCertificate {
  certFile: string
  keyFile: string
  cert: string
  key: string
  /** As openssl prints its SHA-256 fingerprint, lowercase without colons: an oracle independent of our code. */
  sha256: string
}

export interface CertificateOptions {
  /** subjectAltName, e.g. `IP:10.0.0.1` or `DNS:localhost,IP:127.0.0.1`, for clients that verify the name they dial. */
  altNames?: string
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', encoding: 'utf8' })

/** An EC P-256 key and a one-day self-signed certificate for `name`, written to `dir/<name>.crt` and `.key`. */
export function selfSignedCertificate(dir: string, name: string, opts: CertificateOptions = {}): TestCertificate {
  const [certFile, keyFile] = [join(dir, `${name}.crt`), join(dir, `${name}.key`)]
  const altNames = opts.altNames ? ['-addext', `subjectAltName=${opts.altNames}`] : []
  openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    ...altNames,
  ])
  return described(certFile, keyFile)
}

/** A one-day CA, `dir/ca.crt` and `dir/ca.key`, as deploy/README.md makes a cluster's. */
export function certificateAuthority(dir: string): TestCertificate {
  const [certFile, keyFile] = [join(dir, 'ca.crt'), join(dir, 'ca.key')]
  openssl(['req', '-x509', ...EC_KEY, '-days', '1', '-subj', '/CN=helios e2e CA', '-keyout', keyFile, '-out', certFile])
  return described(certFile, keyFile)
}

/** An EC P-256 key and a one-day certificate for `name` signed by `ca`, written to `dir/<name>.crt` and `.key`. */
export function signedCertificate(
  dir: string,
  ca: Pick<TestCertificate, 'certFile' | 'keyFile'>,
  name: string,
  opts: CertificateOptions = {},
): TestCertificate {
  const [certFile, keyFile] = [join(dir, `${name}.crt`), join(dir, `${name}.key`)]
  const [request, extensions] = [join(dir, `${name}.csr`), join(dir, `${name}.ext`)]
  openssl(['req', '-new', ...EC_KEY, '-subj', `/CN=${name}`, '-keyout', keyFile, '-out', request])
  writeFileSync(extensions, opts.altNames ? `subjectAltName=${opts.altNames}\n` : '')
  const signing = ['-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '1', '-extfile', extensions]
  openssl(['x509', '-req', '-in', request, ...signing, '-out', certFile])
  return described(certFile, keyFile)
}

function described(certFile: string, keyFile: string): TestCertificate {
  const printed = openssl(['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256'])
  const sha256 = (printed.split('=')[1] ?? '').trim().replaceAll(':', '').toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`unexpected openssl fingerprint output: ${printed}`)
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), sha256 }
}
