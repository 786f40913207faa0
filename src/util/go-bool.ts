/**
 * True as Go's strconv.ParseBool reads it: the HashiCorp tools read their boolean environment variables
 * (VAULT_SKIP_VERIFY, NOMAD_SKIP_VERIFY) with it, so cs takes the same values as they do.
 */
const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];

export function goTrue(value: string | undefined): boolean {
  return GO_TRUE.includes(value ?? '');
}
