// The sign-in limits, on one DynamoDB table (pk, expires_at as TTL), each a single conditional write so
// they hold however many copies of the function run at once:
//   rate#<window>     a counter per minute for the whole site: ADD 1 only while it is below the limit
//   cooldown#<lead>   one sign-in email per address per cooldown: PUT only if absent or expired
//   link#<nonce>      a sign-in link is claimed once: PUT only if absent
// The cooldown is keyed by the pseudonymous lead id (no address in the table) and applies to every
// address, lead or not, so it reveals nothing about who is a lead.
import { ConditionalCheckFailedException, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type RequestVerdict = 'accepted' | 'cooldown' | 'busy';

export interface SignInGuard {
  /** May a sign-in email go to this lead id now? Counts the request against the site-wide rate. */
  admit(lead: string, nowSeconds: number): Promise<RequestVerdict>;
  /** True the first time a link's nonce is claimed, false ever after. */
  claimLink(nonce: string, expiresAt: number, nowSeconds: number): Promise<boolean>;
}

export interface DynamoGuardOptions {
  client: DynamoDBClient;
  table: string;
  /** Sign-in requests accepted per minute for the whole site. */
  perMinute: number;
  /** Seconds before the same address gets another email. */
  cooldownSeconds: number;
}

const conditionFailed = (e: unknown) =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === 'ConditionalCheckFailedException';

export class DynamoSignInGuard implements SignInGuard {
  private readonly o: DynamoGuardOptions;
  constructor(o: DynamoGuardOptions) {
    this.o = o;
  }

  async admit(lead: string, now: number): Promise<RequestVerdict> {
    const window = Math.floor(now / 60) * 60;
    try {
      await this.o.client.send(
        new UpdateItemCommand({
          TableName: this.o.table,
          Key: { pk: { S: `rate#${window}` } },
          UpdateExpression: 'ADD n :one SET expires_at = :ttl',
          ConditionExpression: 'attribute_not_exists(n) OR n < :max',
          ExpressionAttributeValues: { ':one': { N: '1' }, ':max': { N: String(this.o.perMinute) }, ':ttl': { N: String(window + 3600) } },
        }),
      );
    } catch (e) {
      if (conditionFailed(e)) return 'busy';
      throw e;
    }
    try {
      await this.o.client.send(
        new PutItemCommand({
          TableName: this.o.table,
          Item: { pk: { S: `cooldown#${lead}` }, expires_at: { N: String(now + this.o.cooldownSeconds) } },
          ConditionExpression: 'attribute_not_exists(pk) OR expires_at <= :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
    } catch (e) {
      if (conditionFailed(e)) return 'cooldown';
      throw e;
    }
    return 'accepted';
  }

  async claimLink(nonce: string, expiresAt: number, _now: number): Promise<boolean> {
    try {
      await this.o.client.send(
        new PutItemCommand({
          TableName: this.o.table,
          // Kept a day past the link's expiry (TTL deletion is lazy; an expired link fails its signature check anyway).
          Item: { pk: { S: `link#${nonce}` }, expires_at: { N: String(Math.floor(expiresAt) + 86_400) } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (conditionFailed(e)) return false;
      throw e;
    }
  }
}
