/**
 * URLs as dl checks and prints them. A URL a user typed may carry credentials
 * (`http://user:pw@host`, `s3://KEY:SECRET@bucket`): whatever echoes a URL-valued setting (an error
 * message, `dl config`) prints it through `maskUserInfo`.
 */

/**
 * `http://user:pw@host` → `http://***@host`; also `user:pw@host` without a scheme. Masks up to the
 * last `@` after the scheme, as secrets may hold `/` (AWS secret keys do); a local path
 * (`/home/a@b`) is left alone.
 */
export function maskUserInfo(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0];
  if (scheme !== undefined) return text.includes('@', scheme.length) ? `${scheme}***${text.slice(text.lastIndexOf('@'))}` : text;
  return text.replace(/^[^/@\s]+@/, '***@');
}

/** An `http:` or `https:` URL; with `withoutUserInfo`, one that carries no user name or password. */
export function isHttpUrl(text: string, { withoutUserInfo = false } = {}): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (!withoutUserInfo || (u.username === '' && u.password === ''));
  } catch {
    return false;
  }
}
