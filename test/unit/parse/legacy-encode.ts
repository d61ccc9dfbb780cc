/**
 * Test helpers that produce the byte forms analysts actually upload:
 * single-byte legacy code pages and UTF-16 with a byte-order mark.
 */

/** windows-1252 punctuation at 0x80–0x9F (Node's own windows-1252 decoder treats these bytes as latin1). */
const WINDOWS_1252_PUNCTUATION: Readonly<Record<string, number>> = {
  '€': 0x80,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
};

function codePageTable(encoding: 'windows-1251' | 'windows-1252'): Map<string, number> {
  const table = new Map<string, number>();
  if (encoding === 'windows-1252') {
    for (let b = 0; b < 256; b++) if (b < 0x80 || b > 0x9f) table.set(String.fromCharCode(b), b);
    for (const [ch, b] of Object.entries(WINDOWS_1252_PUNCTUATION)) table.set(ch, b);
    return table;
  }
  const decoder = new TextDecoder(encoding);
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return table;
}

/** Encodes text in a single-byte code page (windows-1251 or windows-1252). */
export function encodeSingleByte(text: string, encoding: 'windows-1251' | 'windows-1252'): Uint8Array {
  const table = codePageTable(encoding);
  return Uint8Array.from([...text], (ch) => {
    const byte = table.get(ch);
    if (byte === undefined) throw new Error(`"${ch}" is not encodable in ${encoding}`);
    return byte;
  });
}

/** UTF-16 with a byte-order mark, little- or big-endian. */
export function encodeUtf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, endian === 'le');
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), endian === 'le');
  return bytes;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
