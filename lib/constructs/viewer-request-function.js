// CloudFront Function (cloudfront-js-2.0), viewer request, on every hosted page: lets a request through
// only with a valid session cookie issued by the page-access Lambda, otherwise redirects to sign-in.
//   cookie pp_session = <kid>.<expiry epoch seconds>.<lead id>.<hex HMAC-SHA256 of "<kid>.<expiry>.<lead id>">
// The HMAC key of each key id is the KeyValueStore entry "session-key:<kid>" (copied there from the
// Secrets Manager keyring; during a rotation both keys are present, so no one is signed out). A missing
// key, a bad signature or an expired cookie all fail closed. Each page view let through is logged with
// the pseudonymous lead id (an HMAC of the address, never the address) to the function's CloudWatch log
// group in us-east-1: the audit trail of who saw which page. Paths ending in "/" get index.html;
// /emails/ (previews addressed to every lead) is never served.
import cf from 'cloudfront';
import crypto from 'crypto';

const kvs = cf.kvs('__KVS_ID__');
const COOKIE = 'pp_session';

function signIn(uri) {
  return {
    statusCode: 302,
    statusDescription: 'Found',
    headers: {
      location: { value: '/auth/sign-in?next=' + encodeURIComponent(uri) },
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
  let lead = null;
  if (
    parts.length === 4 &&
    /^[A-Za-z0-9_-]{1,32}$/.test(parts[0]) &&
    /^\d{1,12}$/.test(parts[1]) &&
    /^[0-9a-f]{32}$/.test(parts[2]) &&
    Number(parts[1]) > Math.floor(Date.now() / 1000)
  ) {
    let key = null;
    try {
      key = await kvs.get('session-key:' + parts[0]);
    } catch (e) {
      key = null; // unknown key id (retired, or not copied yet): fail closed
    }
    if (key) {
      const expected = crypto
        .createHmac('sha256', key)
        .update(parts[0] + '.' + parts[1] + '.' + parts[2])
        .digest('hex');
      if (equalHex(expected, parts[3])) lead = parts[2];
    }
  }
  if (!lead) return signIn(request.uri);
  console.log(JSON.stringify({ event: 'page_view', lead: lead, uri: request.uri, viewer: event.viewer ? event.viewer.ip : undefined }));
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}
