// Canonical JSON (RFC 8785, via the `canonicalize` package) and SHA-256 (node:crypto).
// Owns: the one way racelab turns a value into bytes for hashing and for artifacts, so that a
// hash is identical on every machine. Values must be plain JSON (no undefined, NaN, functions).
import canonicalizeImport from 'canonicalize';
import { createHash } from 'node:crypto';
import { assert } from './assert.js';

/** A plain JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const canonicalize = canonicalizeImport as unknown as (value: unknown) => string | undefined;

/** RFC 8785 canonical JSON text of `value` (sorted keys, ECMAScript number formatting). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  assert(typeof text === 'string', 'canonicalJson got a value with no JSON form');
  return text;
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of the canonical JSON of `value`. */
export function hashValue(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
