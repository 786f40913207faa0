/** "did you mean" hints for misspelt names. */

/** Edit distance with a single rolling row: names are short, but this runs for every unknown key. */
function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest candidate within distance 2 (case-insensitive), or one the word is a prefix of. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = levenshtein(lower, c);
    if (distance <= 2 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best) return best;
  if (lower.length < 2) return undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c.startsWith(lower) || lower.startsWith(c)) return candidate;
  }
  return undefined;
}

/**
 * The candidate the word misses by one typo at most — a case difference, one letter added, dropped or
 * changed, or two neighbours swapped (`vars`, `ENV`, `gti`) — or undefined. Stricter than `closest`, for
 * words that are only quoted back when they are clearly a misspelt name.
 */
export function nearMiss(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (levenshtein(lower, c) <= 1) return candidate;
    if (lower.length === c.length) {
      const diff = [...lower].flatMap((ch, i) => (ch === c[i] ? [] : [i]));
      if (diff.length === 2 && diff[1] === diff[0]! + 1 && lower[diff[0]!] === c[diff[1]!] && lower[diff[1]!] === c[diff[0]!]) return candidate;
    }
  }
  return undefined;
}

/** For names holding non-ASCII look-alikes (Cyrillic "а", Greek "ο", a zero-width space): which characters. */
export function nonAscii(word: string): string | undefined {
  const odd = [...new Set([...word].filter((c) => c < ' ' || c > '~'))];
  if (odd.length === 0) return undefined;
  const shown = odd.map((c) => `${JSON.stringify(c)} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
  return `it contains ${shown.join(', ')}, which ${odd.length === 1 ? 'is' : 'are'} not ASCII: retype the name`;
}

/** `did you mean "x"?`, or the fallback (e.g. the list of valid names) when nothing is close; look-alikes named first. */
export function didYouMean(word: string, candidates: readonly string[], fallback?: string): string | undefined {
  const match = closest(word, candidates);
  const hint = match ? `did you mean "${match}"?` : fallback;
  const odd = nonAscii(word);
  return odd ? [odd, hint].filter(Boolean).join('; ') : hint;
}

/** `"a", "b" or "c"` for hints that list the valid names. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
