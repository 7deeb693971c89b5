// ./fleet services: an SQS server (local-aws-sqs, JSON protocol as AWSSDK.SQS 4 speaks it) on 127.0.0.1, holding the
// bucket drop's queue. Messages live in this process's memory: a restart empties every queue.
//   node sqs-server.js --port 9324 --queue fleet-drop [--data DIR]
"use strict";
const { createSqsServer } = require("local-aws-sqs");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const port = Number(option("port", "9324"));
const queue = option("queue", "fleet-drop");

(async () => {
  // Queues may be deleted and made again at once (AWS makes you wait 60 s): tests create and drop their own.
  await createSqsServer({
    port,
    hostname: "127.0.0.1",
    emulateQueueCreationLifecycle: false,
    // As on AWS (terraform/): a message received 5 times without being deleted moves to the dead-letter queue.
    queues: [
      { QueueName: `${queue}-dlq` },
      {
        QueueName: queue,
        Attributes: {
          RedrivePolicy: JSON.stringify({ maxReceiveCount: 5, deadLetterTargetArn: `arn:aws:sqs:us-east-1:123456789012:${queue}-dlq` }),
        },
      },
    ],
  });
  console.log(`sqs: listening on http://127.0.0.1:${port}, queue ${queue}`);
})().catch((error) => {
  console.error(`sqs: ${error.stack || error}`);
  process.exit(1);
});
