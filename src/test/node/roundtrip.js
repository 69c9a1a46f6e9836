#!/usr/bin/env node
// A producer and a consumer that blendstream did not write: KafkaJS and @kafkajs/confluent-schema-registry, both
// with their default options. It registers the Request and Candidate schemas through the registry's REST API,
// publishes requests and every model's answer, then reads the blended answers back (KafkaJS reads committed
// records by default) and checks each one. Exit code 0 means every request came back once, decoded, with the
// model that wrote the longest answer selected (run blendstream with ranker=longest for that check).
//
//   node roundtrip.js --bootstrap 127.0.0.1:9092 --registry http://127.0.0.1:8081 [--requests 20] [--models a,b,c]
//                     [--prefix blend] [--timeout-ms 120000]
'use strict';

const fs = require('fs');
const path = require('path');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

function options(argv) {
  const o = { requests: 20, models: 'a,b,c', prefix: 'blend', 'timeout-ms': 120000,
    avro: path.join(__dirname, '..', '..', '..', 'avro') };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in o) && key !== 'bootstrap' && key !== 'registry') {
      throw new Error(`unknown option --${key}`);
    }
    o[key] = argv[i + 1];
  }
  if (!o.bootstrap || !o.registry) {
    throw new Error('--bootstrap and --registry are required');
  }
  o.requests = Number(o.requests);
  o['timeout-ms'] = Number(o['timeout-ms']);
  o.models = o.models.split(',');
  return o;
}

// Request names Turn by its full name; the registry is given one self-contained schema, as Java's serializer does.
function requestSchema(avroDir) {
  const read = (name) => JSON.parse(fs.readFileSync(path.join(avroDir, name + '.avsc'), 'utf8'));
  const request = read('Request');
  const turn = read('Turn');
  for (const field of request.fields) {
    if (field.type && field.type.items === 'org.blendstream.avro.Turn') {
      field.type.items = turn;
    }
  }
  return { request: JSON.stringify(request), candidate: JSON.stringify(read('Candidate')) };
}

// Answers of different lengths, so that the longest-answer check says which model must be selected.
function answer(model, index, r) {
  return `${model} answers request ${r}: ` + 'and more '.repeat(1 + ((index + r) % 7));
}

const t0 = Date.now();
const log = (line) => console.log(`[${Date.now() - t0} ms] ${line}`);

async function main() {
  const o = options(process.argv.slice(2));
  const registry = new SchemaRegistry({ host: o.registry });
  const schemas = requestSchema(o.avro);
  const topics = { requests: `${o.prefix}.requests`, blended: `${o.prefix}.blended` };
  const requestId = (await registry.register({ type: 'AVRO', schema: schemas.request },
    { subject: `${topics.requests}-value` })).id;
  const candidateIds = {};
  for (const m of o.models) {
    candidateIds[m] = (await registry.register({ type: 'AVRO', schema: schemas.candidate },
      { subject: `${o.prefix}.candidates.${m}-value` })).id;
  }
  log(`registered Request as id ${requestId}, Candidate as ids ${JSON.stringify(candidateIds)}`);

  const kafka = new Kafka({ clientId: 'blendstream-node-check', brokers: [o.bootstrap], logLevel: logLevel.WARN });
  const run = `node-${process.pid}-${Date.now()}`;
  const expected = new Map();
  const consumer = kafka.consumer({ groupId: `${run}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.blended, fromBeginning: true });
  log('consumer connected');
  const seen = new Map();
  let failure = null;
  let resolveDone;
  const done = new Promise((resolve) => { resolveDone = resolve; });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key.toString('utf8');
      if (!key.startsWith(run)) {
        return; // another run's answers on the same topic
      }
      const blended = await registry.decode(message.value);
      seen.set(key, (seen.get(key) || 0) + 1);
      const want = expected.get(key);
      if (!want) {
        failure = failure || `answer for ${key}, which was never requested`;
      } else if (blended.request_id !== key || blended.selected_model !== want.model || blended.text !== want.text) {
        failure = failure || `answer for ${key} selected ${blended.selected_model} (${JSON.stringify(blended.text)}),`
          + ` expected ${want.model}`;
      }
      if (seen.size === o.requests) {
        resolveDone();
      }
    },
  });

  log('consumer running');
  const producer = kafka.producer();
  await producer.connect();
  const started = Date.now();
  for (let r = 0; r < o.requests; r++) {
    const id = `${run}-${r}`;
    const request = { request_id: id, instruction: `Say something about ${r}.`, input: null, history: [],
      expected_models: o.models, deadline_ms: null, aggregation: null, reference: null, created_at: Date.now() };
    await producer.send({ topic: topics.requests,
      messages: [{ key: id, value: await registry.encode(requestId, request) }] });
    let longest = null;
    for (const [index, m] of o.models.entries()) {
      const text = answer(m, index, r);
      if (!longest || text.length > longest.text.length) {
        longest = { model: m, text };
      }
      const candidate = { request_id: id, model: m, text, created_at: Date.now(), instruction: null, input: null,
        finish_reason: 'stop', latency_ms: null, metadata: { client: 'kafkajs' } };
      await producer.send({ topic: `${o.prefix}.candidates.${m}`,
        messages: [{ key: id, value: await registry.encode(candidateIds[m], candidate) }] });
    }
    expected.set(id, longest);
  }
  log(`published ${o.requests} requests with ${o.models.length} answers each`);

  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, o['timeout-ms'], 'timeout'); });
  const outcome = await Promise.race([done, timeout]);
  clearTimeout(timer); // a pending timer would keep node alive
  await producer.disconnect();
  await consumer.disconnect();
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  log(`in=${o.requests} out=${seen.size} dup=${duplicates} in ${Date.now() - started} ms`);
  if (outcome === 'timeout') {
    failure = failure || `only ${seen.size} of ${o.requests} answers within ${o['timeout-ms']} ms`;
  }
  if (duplicates > 0) {
    failure = failure || `${duplicates} answers read more than once`;
  }
  if (failure) {
    console.error(`FAILED: ${failure}`);
    process.exit(1);
  }
  console.log('OK: every answer came back once and decoded, with the longest answer selected');
}

main().catch((e) => {
  console.error(`FAILED: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
