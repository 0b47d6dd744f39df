import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseLakeLocation } from './parse-lake-location.js';

describe('parseLakeLocation', () => {
  it('reads bucket and prefix of s3:// URLs', () => {
    expect(parseLakeLocation('s3://dl-lake/x')).toEqual({ kind: 's3', bucket: 'dl-lake', prefix: 'x' });
    expect(parseLakeLocation('s3://dl-lake')).toEqual({ kind: 's3', bucket: 'dl-lake', prefix: '' });
    expect(parseLakeLocation('s3://dl-lake/a//b/')).toEqual({ kind: 's3', bucket: 'dl-lake', prefix: 'a/b' });
  });
  it('never echoes credentials written into the URL', () => {
    for (const value of ['s3://AKIAEXAMPLE:wJalr/XUtn+FEMI@bucket/x', 's3://AKIAEXAMPLE:wJalrXUtnFEMI@b/x?y', 'gs://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/x']) {
      let message = '';
      try {
        parseLakeLocation(value);
      } catch (e) {
        message = (e as Error).message;
      }
      // The setting's schema key: the cli words it as the flag, env variable or dl.yaml key it came from.
      expect(message).toMatch(/^dataDir "[a-z0-9]+:\/\/\*\*\*@/);
      expect(message).not.toMatch(/AKIAEXAMPLE|wJalr/);
    }
  });
  it('resolves paths', () => {
    expect(parseLakeLocation('./ingestion_data')).toEqual({ kind: 'local', path: path.resolve('ingestion_data') });
    expect(parseLakeLocation('file:///tmp/lake')).toEqual({ kind: 'local', path: '/tmp/lake' });
  });
  it('refuses malformed values with one sentence naming the value and the fix (exit 2)', () => {
    const cases: Array<[string, RegExp]> = [
      ['s3://', /^dataDir "s3:\/\/" has no bucket name; write it as s3:\/\/<bucket>\/<prefix>/],
      ['s3:///x', /has no bucket name/],
      ['s3://Bad_Bucket/x', /has "Bad_Bucket", which is not a valid S3 bucket name; use 3-63 lowercase letters/],
      ['s3://key:secret@b/x', /puts credentials or a port in the URL/],
      ['s3://dl-lake/../x', /has a "." or ".." in its prefix/],
      ['s3://dl-lake/x?region=eu', /has a query or fragment/],
      ['gs://b/x', /uses the scheme gs:\/\/, which dl cannot write to/],
      ['', /^dataDir "" is empty/],
    ];
    for (const [value, message] of cases) {
      let err: unknown;
      try {
        parseLakeLocation(value);
      } catch (e) {
        err = e;
      }
      expect(err, value).toMatchObject({ code: 'CONFIG', exitCode: 2, detail: { setting: 'dataDir' } });
      expect((err as Error).message, value).toMatch(message);
    }
  });
});
