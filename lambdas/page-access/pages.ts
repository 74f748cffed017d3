// The sign-in pages. Both forms POST with fetch(): the function URL sits behind CloudFront origin
// access control, which needs the SHA-256 of a POST body in x-amz-content-sha256, and a plain HTML form
// cannot send that header. The same custom header (and a JSON body) makes any cross-site POST a CORS
// preflight, which this function never grants: with the Origin check in the handler, that is the CSRF
// defence. The callback page reads the token from the URL fragment (#token=...), which browsers never
// send, so it never reaches CloudFront's access logs, and removes it from the address bar at once.
import { escapeHtml } from '../../lib/render/html.ts';

export interface HtmlPage {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
}

const POST_JSON =
  `async function postJson(path, data) {
  const body = JSON.stringify(data);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  const r = await fetch(path, { method: 'POST', credentials: 'same-origin', ` +
  `headers: { 'content-type': 'application/json', 'x-amz-content-sha256': hash }, body });
  let j = {};
  try { j = await r.json(); } catch (e) {}
  return { status: r.status, body: j };
}
function say(text) { const p = document.getElementById('status'); p.textContent = text; p.hidden = false; }`;

// The pages' only styles (inline: the pages load nothing else).
const PAGE_STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}' +
  'input,button{font:inherit;padding:.5rem}input{width:100%;box-sizing:border-box;margin:.5rem 0 1rem}';

export function page(status: number, title: string, body: string, extra: { cookies?: string[]; script?: string } = {}): HtmlPage {
  return {
    statusCode: status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    ...(extra.cookies ? { cookies: extra.cookies } : {}),
    body:
      '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
      `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>\n` +
      `<style>${PAGE_STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}${extra.script ? `<script>${POST_JSON}\n${extra.script}</script>` : ''}</body></html>`,
  };
}

export function signInForm(next: string, linkMinutes: number): HtmlPage {
  return page(
    200,
    'Sign in to the portal-pulse reports',
    "<p>Enter the address your department's monthly report is sent to. " +
      `We will email you a sign-in link that works once, for ${linkMinutes} minutes.</p>\n` +
      '<form id="sign-in" method="post" action="/auth/sign-in"><label for="email">Email address</label>' +
      '<input id="email" name="email" type="email" required autocomplete="email">' +
      `<input type="hidden" id="next" name="next" value="${escapeHtml(next)}"><button type="submit">Email me a sign-in link</button></form>
<p id="status" role="status" hidden></p><noscript><p>Signing in needs JavaScript.</p></noscript>`,
    {
      script: `document.getElementById('sign-in').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await postJson('/auth/sign-in', { email: document.getElementById('email').value, next: document.getElementById('next').value });
  say(r.body.message || 'Something went wrong. Please try again in a minute.');
});`,
    },
  );
}

export function callbackPage(): HtmlPage {
  return page(
    200,
    'Signing you in',
    '<p id="status" role="status">One moment…</p><noscript><p>Signing in needs JavaScript.</p></noscript>',
    {
      script: `(async () => {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  history.replaceState(null, '', location.pathname);
  if (!m) { say('This sign-in link is incomplete. Ask for a new one at /auth/sign-in.'); return; }
  const r = await postJson('/auth/callback', { token: decodeURIComponent(m[1]) });
  if (r.status === 200 && typeof r.body.next === 'string') location.replace(r.body.next);
  else say(r.body.message || 'This sign-in link cannot be used. Ask for a new one at /auth/sign-in.');
})();`,
    },
  );
}
