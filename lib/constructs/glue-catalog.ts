// The Glue database and the external Parquet tables Athena reads: messages (partition projection on year
// and month, so no crawler or MSCK REPAIR is ever needed), clinicians, departments and loads.
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_TABLES } from '../lake/layout.ts';
import { LAKE_GLUE_COLUMNS, messageProjectionParameters, type GlueColumn } from './glue-columns.ts';
import type { PolicyGrantee } from './portal-pulse-function.ts';

export interface GlueCatalogProps {
  readonly envName: string;
  readonly lakeBucket: s3.IBucket;
  readonly projectionYears: [number, number];
}

const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: {
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    parameters: { 'serialization.format': '1' },
  },
};

/**
 * What the lake's Parquet files are compressed with: lib/ingest writes them with DuckDB's COPY ... (FORMAT
 * parquet) and its default codec, SNAPPY. Athena reads the codec from each file; this table property only
 * documents it, and test/constructs/glue-catalog.test.ts checks it against files ingestion really writes.
 */
export const LAKE_PARQUET_COMPRESSION = 'SNAPPY';

export class GlueCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly tables: Record<'messages' | 'clinicians' | 'departments' | 'loads', glue.CfnTable>;

  constructor(scope: Construct, id: string, props: GlueCatalogProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.databaseName = `portal_pulse_${props.envName.replace(/-/g, '_')}`;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: { name: this.databaseName, description: 'portal-pulse Parquet lake (see lib/lake/layout.ts)' },
    });
    const bucket = props.lakeBucket.bucketName;
    const table = (
      tableId: string,
      name: keyof typeof LAKE_TABLES,
      columns: GlueColumn[],
      extra: Partial<glue.CfnTable.TableInputProperty> = {},
    ): glue.CfnTable => {
      const t = new glue.CfnTable(this, tableId, {
        catalogId: account,
        databaseName: this.databaseName,
        tableInput: {
          name,
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            classification: 'parquet',
            EXTERNAL: 'TRUE',
            'parquet.compression': LAKE_PARQUET_COMPRESSION,
            ...(extra.parameters as Record<string, string> | undefined),
          },
          storageDescriptor: { columns, location: `s3://${bucket}/${LAKE_TABLES[name]}/`, ...PARQUET },
          ...(extra.partitionKeys ? { partitionKeys: extra.partitionKeys } : {}),
        },
      });
      t.node.addDependency(this.database);
      return t;
    };
    this.tables = {
      messages: table('Messages', 'messages', LAKE_GLUE_COLUMNS.messages, {
        partitionKeys: LAKE_GLUE_COLUMNS.messagePartitions,
        parameters: messageProjectionParameters(bucket, props.projectionYears),
      }),
      clinicians: table('Clinicians', 'clinicians', LAKE_GLUE_COLUMNS.clinicians),
      departments: table('Departments', 'departments', LAKE_GLUE_COLUMNS.departments),
      loads: table('Loads', 'loads', LAKE_GLUE_COLUMNS.loads),
    };
  }

  /** Lets `grantee` read the database's and tables' definitions and partitions (what an Athena query plans with). */
  grantRead(grantee: PolicyGrantee): void {
    grantee.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadCatalog',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: this.arns(),
      }),
    );
  }

  /** ARNs of the catalog, database and tables, for IAM policies that name their resources. */
  arns(): string[] {
    const { account, region, partition } = Stack.of(this);
    const base = `arn:${partition}:glue:${region}:${account}`;
    return [
      `${base}:catalog`,
      `${base}:database/${this.databaseName}`,
      ...Object.keys(this.tables).map((t) => `${base}:table/${this.databaseName}/${t}`),
    ];
  }
}
