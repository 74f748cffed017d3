// A bare stack for testing one construct. CDK's built-in CloudFormation schema validation (a WASM
// validator, ~10-20 s per template on a busy machine) is off here; the CLI synth test keeps it on.
import { App, Stack } from 'aws-cdk-lib';

export function testStack(id = 'T'): Stack {
  const app = new App({ builtinCloudFormationValidation: false });
  return new Stack(app, id, { env: { account: '111111111111', region: 'us-east-2' } });
}
