import {
  decodeS3Key,
  MalformedEventError,
  parseS3EventMessage,
} from '../../lambdas/adapters/s3-event-message';

const event = (key: string, eventName = 'ObjectCreated:Put', sequencer = '0055AED6DCD90281E5') =>
  JSON.stringify({
    Records: [
      {
        eventName,
        eventTime: '2026-11-28T09:00:00.000Z',
        s3: { bucket: { name: 'b' }, object: { key, size: 10, eTag: 'e', sequencer } },
      },
    ],
  });

describe('S3 event messages', () => {
  it.each([
    ['incoming/a+b.txt', 'incoming/a b.txt'],
    ['incoming/a%2Bb.txt', 'incoming/a+b.txt'],
    ['incoming/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8.txt', 'incoming/новости.txt'],
    ['incoming/100%25+sure.txt', 'incoming/100% sure.txt'],
    ['incoming/deep/er/path/x.txt', 'incoming/deep/er/path/x.txt'],
  ])('decodes %s to %s', (encoded, decoded) => {
    expect(decodeS3Key(encoded)).toBe(decoded);
    expect(parseS3EventMessage(event(encoded), 'incoming/').objects[0]?.key).toBe(decoded);
  });

  it('pads sequencers so that string order is event order', () => {
    const short = parseS3EventMessage(event('incoming/a', 'ObjectCreated:Put', 'FF'), 'incoming/').objects[0];
    const long = parseS3EventMessage(event('incoming/a', 'ObjectCreated:Put', '0100'), 'incoming/')
      .objects[0];
    expect((short?.sequencer ?? '') < (long?.sequencer ?? '')).toBe(true);
  });

  it('recognises the S3 test event', () => {
    expect(
      parseS3EventMessage(JSON.stringify({ Event: 's3:TestEvent', Bucket: 'b' }), 'incoming/').isTestEvent,
    ).toBe(true);
  });

  it('skips deletes, folder markers and keys outside the prefix, saying why', () => {
    expect(
      parseS3EventMessage(event('incoming/a', 'ObjectRemoved:Delete'), 'incoming/').skipped[0]?.why,
    ).toMatch(/not ObjectCreated/);
    expect(parseS3EventMessage(event('other/a'), 'incoming/').skipped[0]?.why).toMatch(
      /outside the drop prefix/,
    );
    expect(parseS3EventMessage(event('incoming/folder/'), 'incoming/').objects).toEqual([]);
  });

  it('throws a MalformedEventError for bodies that are not S3 events', () => {
    expect(() => parseS3EventMessage('nope', 'incoming/')).toThrow(MalformedEventError);
    expect(() => parseS3EventMessage('{"foo":1}', 'incoming/')).toThrow(MalformedEventError);
    expect(() => parseS3EventMessage(event('incoming/%E0%A4%A'), 'incoming/')).toThrow(MalformedEventError);
  });
});
