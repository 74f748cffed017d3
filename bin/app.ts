// The CDK app (cdk.json runs `npx tsx bin/app.ts`): one stack per config/environments/*.json, every one
// behind the security gate. `cdk synth -c environments=dev` narrows the set.
import { buildApp } from '../lib/constructs/portal-pulse-app.ts';

const { app } = buildApp();
app.synth();
