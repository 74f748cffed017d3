// Reads the session keyring and the lead pseudonym key from Secrets Manager (the page-access functions'
// roles are the only ones granted GetSecretValue on them; lib/constructs/report-hosting.ts).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { requireEnv } from '../shared/env.ts';
import { traced } from '../shared/log.ts';
import { cachedKeys, type KeySource } from './keyring.ts';
import { ENV } from '../../lib/handler-contract/index.ts';

let client: SecretsManagerClient | undefined;

export function secretKeys(env: NodeJS.ProcessEnv = process.env): KeySource {
  const keyringId = requireEnv(ENV.sessionKeyringSecret, env);
  const pseudonymId = requireEnv(ENV.leadPseudonymSecret, env);
  return cachedKeys(async () => {
    client ??= traced(new SecretsManagerClient({}));
    const [k, p] = await Promise.all([
      client.send(new GetSecretValueCommand({ SecretId: keyringId })),
      client.send(new GetSecretValueCommand({ SecretId: pseudonymId })),
    ]);
    return { keyring: k.SecretString ?? '', pseudonym: p.SecretString ?? '' };
  });
}
