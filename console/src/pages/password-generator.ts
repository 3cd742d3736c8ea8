/**
 * A console password like the ones the AWS console generates: 20 characters with an uppercase
 * letter, a lowercase letter, a number and a symbol, so it meets any password policy of at most
 * 20 characters. Drawn from the browser's CSPRNG.
 */
const CLASSES = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  "!@#$%^&*()_+-=[]{}|'",
];

/** A uniform integer in [0, n), by rejection sampling so no value is likelier than another. */
function randomInt(n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while ((word[0] ?? 0) >= limit);
  return (word[0] ?? 0) % n;
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] ?? '';
}

export function generatePassword(length = 20): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map(pick);
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
