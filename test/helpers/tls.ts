/** A self-signed certificate for 127.0.0.1 (openssl), for doubles served over https: it is its own CA. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
  dir: string;
  /** The certificate's file, to trust as a CA. */
  caFile: string;
  tls: { key: string; cert: string };
}

export function selfSigned(prefix: string): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const [keyFile, caFile] = [join(dir, 'key.pem'), join(dir, 'ca.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', caFile], { stdio: 'ignore' });
  return { dir, caFile, tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(caFile, 'utf8') } };
}
