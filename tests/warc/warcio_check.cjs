// Reads WARC files with warcio (the npm package, an independent WARC implementation) and prints
// one JSON line per record: where warcio found it (offset, length), its type, target URI, id,
// and whether its WARC-Block-Digest and WARC-Payload-Digest match the bytes warcio read
// (recomputed here with node's crypto). Used by tests/warc/warcio_test.cc.
//
// Usage: node warcio_check.cjs NODE_MODULES_PARENT FILE.warc.gz...
// Exit: 0 when every file was read to its end, 1 on a read error (printed on stderr).
'use strict';
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const { createRequire } = require('module');

const requireFrom = createRequire(path.join(path.resolve(process.argv[2]), 'node_modules', 'x.js'));
const { WARCParser } = requireFrom('warcio');

function base32(bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= 0xff;
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

function sha1(bytes) {
  return 'sha1:' + base32(crypto.createHash('sha1').update(bytes).digest());
}

function indexOfHeadEnd(block) {
  for (let i = 0; i + 3 < block.length; i++) {
    if (block[i] === 13 && block[i + 1] === 10 && block[i + 2] === 13 && block[i + 3] === 10) return i + 4;
  }
  return -1;
}

async function main() {
  for (const file of process.argv.slice(3)) {
    const parser = new WARCParser(fs.createReadStream(file), { parseHttp: false });
    for await (const record of parser) {
      const block = Buffer.from(await record.readFully(false));
      const line = {
        file: path.basename(file),
        offset: parser.offset,
        length: parser.recordLength,
        type: record.warcType,
        uri: record.warcTargetURI || null,
        id: record.warcHeader('WARC-Record-ID'),
        concurrent_to: record.warcHeader('WARC-Concurrent-To') || null,
        warcinfo_id: record.warcHeader('WARC-Warcinfo-ID') || null,
        block_size: block.length,
        block_digest_ok: record.warcBlockDigest ? record.warcBlockDigest === sha1(block) : null,
        payload_digest_ok: null,
      };
      if (record.warcPayloadDigest) {
        const start = indexOfHeadEnd(block);
        line.payload_digest_ok = start >= 0 && record.warcPayloadDigest === sha1(block.subarray(start));
      }
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  }
}

main().catch((error) => {
  process.stderr.write('warcio_check: ' + error.stack + '\n');
  process.exit(1);
});
