/** Credentials in a Nomad address, apart from the client (and its http/tls modules): config checks read them too. */

/** `user:pass@` in an address (decoded), as nomad-pack's Go HTTP client sends it: Basic auth. */
export function addressCredentials(address: string): { user: string; password: string; bare: string } | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (!url.username && !url.password) return null;
  const credentials = { user: decoded(url.username), password: decoded(url.password) };
  url.username = '';
  url.password = '';
  return { ...credentials, bare: url.toString() };
}

/** Percent-decoded, or as written when it is not valid percent-encoding. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
