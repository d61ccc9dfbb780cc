/**
 * `npm run redrive`: moves the local dead-letter queue (`.local/dlq.jsonl`)
 * back onto the queue of a running `npm start`, once the cause of the
 * failures is fixed. On AWS use the stack's RedriveCommand output instead:
 * `aws sqs start-message-move-task --source-arn <DeadLetterQueueArn>`.
 */
const port = Number(process.env.LOCAL_HTTP_PORT ?? 3000);
const url = `http://127.0.0.1:${port}/local/redrive`;

const main = async (): Promise<void> => {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST' });
  } catch {
    throw new Error(`Nothing answered on ${url}: is \`npm start\` running (LOCAL_HTTP_PORT=${port})?`);
  }
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const { redriven } = (await response.json()) as { redriven: number };
  process.stdout.write(
    redriven === 0
      ? 'The dead-letter queue is empty; nothing to redrive.\n'
      : `Redrove ${redriven} message(s) from the dead-letter queue; watch the npm start output for their outcome.\n`,
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
