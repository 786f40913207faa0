/** Text matched literally inside a RegExp (secrets in the redactor, file names in HCL diagnostics). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
