import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await inst.connect();
await c.run(`SET TimeZone='UTC'`);
const q = async (label: string, s: string) => { const t=Date.now(); const u0 = process.cpuUsage(); try { const r = await c.runAndReadAll(s); const u = process.cpuUsage(u0); console.log(label.padEnd(20), (Date.now()-t)+'ms wall', ((u.user+u.system)/1000).toFixed(0)+'ms cpu'); } catch (e) { console.log('ERR', (e as Error).message.slice(0,400)); } };
const f = '/tmp/ingx/bench/sample-1000000/messages.csv';
await q('load', `create table a as select message_id, thread_id, sent_at::TIMESTAMPTZ::TIMESTAMP as sent_at, sender_type, sender_id, patient_id, department_id, sent_at::TIMESTAMPTZ::TIMESTAMP - INTERVAL 6 HOUR as local_ts, 'L1' as load_id from read_csv('${f}', all_varchar=true) where try_cast(sent_at as timestamptz) is not null`);
const OUT = `message_id, thread_id, sent_at::TIMESTAMP_MS AS sent_at, sender_type, sender_id, patient_id, department_id,
  local_ts::TIMESTAMP_MS AS local_ts, local_ts::DATE AS local_date, hour(local_ts)::INTEGER AS local_hour,
  (hour(local_ts) * 60 + minute(local_ts))::INTEGER AS local_minute_of_day, isodow(local_ts)::INTEGER AS local_iso_dow, load_id,
  lpad(year(local_ts)::VARCHAR, 4, '0') AS year, lpad(month(local_ts)::VARCHAR, 2, '0') AS month`;
let i = 0;
const cp = (label: string, order: string, opts: string) => q(label, `COPY (SELECT * FROM (SELECT ${OUT} FROM a) ${order}) TO '/tmp/ingx/cp${i++}' (FORMAT parquet, PARTITION_BY (year, month)${opts})`);
for (let rep = 0; rep < 2; rep++) {
await cp('order_full', 'ORDER BY year, month, sent_at', '');
await cp('no_order', '', '');
await cp('order_full_thr', 'ORDER BY year, month, sent_at', ', dictionary_compression_ratio_threshold 10');
await cp('order_full_nodict', 'ORDER BY year, month, sent_at', ', dictionary_size_limit 1');
await c.run(`SET preserve_insertion_order = false`);
await cp('order_full_npio', 'ORDER BY year, month, sent_at', '');
await cp('no_order_npio', '', '');
await c.run(`SET preserve_insertion_order = true`);
}
