// CloudFront Function (cloudfront-js-2.0), viewer request, on every hosted page: lets a request through
// only with a valid session cookie issued by the page-access Lambda, otherwise redirects to sign-in.
//   cookie pp_session = <expiry epoch seconds>.<base64url(email)>.<hex HMAC-SHA256 of "<expiry>.<email64>">
// The HMAC key is the KeyValueStore entry "session-key" (the page-access Lambda holds the same key).
// A missing key, a bad signature or an expired cookie all fail closed. Paths ending in "/" get index.html;
// /emails/ (previews addressed to every lead) is never served.
import cf from 'cloudfront';
import crypto from 'crypto';

const kvs = cf.kvs('__KVS_ID__');
const COOKIE = 'pp_session';

function signIn(uri) {
  const next = uri;
  return {
    statusCode: 302,
    statusDescription: 'Found',
    headers: {
      location: { value: '/auth/sign-in?next=' + encodeURIComponent(next) },
      'cache-control': { value: 'no-store' },
    },
  };
}

function equalHex(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function handler(event) {
  const request = event.request;
  // Email previews carry every lead's address in To:; they stay in the bucket for operators.
  if (request.uri.indexOf('/emails/') === 0) {
    return { statusCode: 403, statusDescription: 'Forbidden', headers: { 'cache-control': { value: 'no-store' } } };
  }
  const cookie = request.cookies && request.cookies[COOKIE] ? request.cookies[COOKIE].value : '';
  const parts = cookie.split('.');
  let ok = false;
  if (parts.length === 3 && /^\d{1,12}$/.test(parts[0]) && Number(parts[0]) > Math.floor(Date.now() / 1000)) {
    let key = null;
    try {
      key = await kvs.get('session-key');
    } catch (e) {
      key = null; // no key configured yet: fail closed
    }
    if (key) {
      const expected = crypto.createHmac('sha256', key).update(parts[0] + '.' + parts[1]).digest('hex');
      ok = equalHex(expected, parts[2]);
    }
  }
  if (!ok) return signIn(request.uri);
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}
