// A cluster's certificates as deploy/README.md makes them: a private CA, and an apiserver certificate it signs.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface CertificateFiles {
  certFile: string
  keyFile: string
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })

/** A one-day CA, `dir/ca.crt` and `dir/ca.key`. */
export function certificateAuthority(dir: string): CertificateFiles {
  const certFile = join(dir, 'ca.crt')
  const keyFile = join(dir, 'ca.key')
  openssl(['req', '-x509', ...EC_KEY, '-days', '1', '-subj', '/CN=helios e2e CA', '-keyout', keyFile, '-out', certFile])
  return { certFile, keyFile }
}

/** A certificate for `name` signed by `ca`, naming `altNames` (e.g. `DNS:localhost,IP:127.0.0.1`). */
export function signedCertificate(dir: string, ca: CertificateFiles, name: string, altNames: string): CertificateFiles {
  const certFile = join(dir, `${name}.crt`)
  const keyFile = join(dir, `${name}.key`)
  const request = join(dir, `${name}.csr`)
  const extensions = join(dir, `${name}.ext`)
  openssl(['req', '-new', ...EC_KEY, '-subj', `/CN=${name}`, '-keyout', keyFile, '-out', request])
  writeFileSync(extensions, `subjectAltName=${altNames}\n`)
  const signing = ['-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '1', '-extfile', extensions]
  openssl(['x509', '-req', '-in', request, ...signing, '-out', certFile])
  return { certFile, keyFile }
}
