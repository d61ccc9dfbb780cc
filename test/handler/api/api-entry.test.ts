/** The Lambda entry point's configuration: missing configuration fails at init, not on the first request. */
describe('query API entry point', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to start without TABLE_NAME', () => {
    delete process.env.TABLE_NAME;
    jest.isolateModules(() => {
      expect(() => require('../../../lambdas/api/handler')).toThrow('TABLE_NAME must name the article table');
    });
  });

  it('exports a handler when configured', () => {
    Object.assign(process.env, { TABLE_NAME: 'articles', DROP_BUCKET: 'drop', AWS_REGION: 'eu-central-1' });
    jest.isolateModules(() => {
      expect(typeof require('../../../lambdas/api/handler').handler).toBe('function');
    });
  });
});
