import { apiRequests, parseQueryArgs, QueryUsageError } from '../../../scripts/lib/query-args';

describe('npm run query arguments', () => {
  it('turns filters into API query parameters', () => {
    const command = parseQueryArgs([
      'articles',
      '--target',
      'russia',
      '--stance=against',
      '--from',
      '2024-01',
      '--to',
      '2024-03',
      '--limit',
      '20',
    ]);
    expect(command).toMatchObject({
      what: 'articles',
      json: false,
      params: { target: 'russia', stance: 'against' },
    });
    expect(apiRequests(command)).toEqual([
      '/api/articles?target=russia&stance=against&from=2024-01&to=2024-03&limit=20',
    ]);
  });

  it('takes the article id and the upload key as arguments, encoded safely', () => {
    expect(apiRequests(parseQueryArgs(['article', 'abc123']))).toEqual(['/api/articles/abc123']);
    expect(
      apiRequests(parseQueryArgs(['upload', 'incoming/rt.de/München & Co.txt', '--bucket', 'drop'])),
    ).toEqual(['/api/uploads?bucket=drop&key=incoming%2Frt.de%2FM%C3%BCnchen+%26+Co.txt']);
  });

  it('asks for both failure lists when no status is given', () => {
    expect(apiRequests(parseQueryArgs(['failures', '--limit', '5']))).toEqual([
      '/api/failures?limit=5&status=REJECTED',
      '/api/failures?limit=5&status=FAILED',
    ]);
    expect(apiRequests(parseQueryArgs(['failures', '--status', 'FAILED']))).toEqual([
      '/api/failures?status=FAILED',
    ]);
  });

  it('reads the output and target options', () => {
    const command = parseQueryArgs([
      'counts',
      '--breakdown',
      'topic',
      '--json',
      '--outputs',
      'cdk-outputs.json',
      '--api-key',
      'k',
      '--lang',
      'de',
    ]);
    expect(command).toMatchObject({
      json: true,
      outputs: 'cdk-outputs.json',
      apiKey: 'k',
      stack: 'NewsIngestStack',
      params: { breakdown: 'topic', language: 'de' },
    });
  });

  it.each([
    [[], /say what to query/],
    [['everything'], /unknown query "everything"/],
    [['articles', 'politics'], /unexpected argument "politics".*--topic politics/],
    [['article'], /usage: article <id>/],
    [['upload', 'a', 'b'], /usage: upload <key>/],
    [['articles', '--colour', 'red'], /unknown option --colour/],
    [['articles', '--topic'], /--topic needs a value/],
    [['articles', '--topic', 'a', '--topic', 'b'], /--topic is given twice/],
    [['meta', '--endpoint', 'http://x', '--outputs', 'o.json'], /not both/],
    [['failures', '--cursor', 'abc'], /--cursor needs --status/],
    [['meta', '--json=yes'], /--json takes no value/],
  ])('refuses %j with a reason', (argv, reason) => {
    expect(() => parseQueryArgs(argv)).toThrow(QueryUsageError);
    expect(() => parseQueryArgs(argv)).toThrow(reason);
  });

  it('answers --help without a query', () => {
    expect(parseQueryArgs(['--help']).help).toBe(true);
    expect(parseQueryArgs(['article', '-h']).help).toBe(true);
  });
});
