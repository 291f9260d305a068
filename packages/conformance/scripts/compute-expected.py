#!/usr/bin/env python3
"""Independent computation of the expected bytes in BitMesh's own conformance cases.

Everything here is derived from the text of shared/spec/bitchat-wire.md with Python's standard
library (struct, hashlib, vanilla zlib 1.2.13) and `cryptography` for Ed25519 -- never from the
TypeScript codec under test. Running it rewrites src/suites/expected.ts:

    python3 packages/conformance/scripts/compute-expected.py

Frame layout (section 1): version u8, type u8, ttl u8, timestamp u64 BE, flags u8,
payloadLength u16 (v1) / u32 (v2) BE, sender 8, [recipient 8], [route: u8 count + 8*N (v2)],
[original size u16/u32 when compressed], payload, [signature 64], [PKCS#7-style padding].
"""
import hashlib
import os
import struct
import sys
import zlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

HAS_RECIPIENT, HAS_SIGNATURE, IS_COMPRESSED, HAS_ROUTE, IS_RSR = 0x01, 0x02, 0x04, 0x08, 0x10


def deflate_raw(data, level=5):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 8)
    return c.compress(data) + c.flush()


def should_compress(payload, version):
    # section 1.5: >= 100 bytes, distinct bytes / min(len, 256) < 0.9; iOS v1 refuses > 65535
    if len(payload) < 100:
        return False
    if version == 1 and len(payload) > 65535:
        return False
    return len(set(payload)) / min(len(payload), 256) < 0.9


def pad(frame):
    # section 1.6
    target = None
    for block in (256, 512, 1024, 2048):
        if len(frame) + 16 <= block:
            target = block
            break
    if target is None:
        return frame
    n = target - len(frame)
    if n == 0 or n > 255:
        return frame
    return frame + bytes([n]) * n


def encode(p, padding=False, compression='auto', deflated=None):
    """Encode a packet dict. `deflated` forces given DEFLATE bytes (a foreign encoder's output)."""
    v = p['version']
    payload = p['payload']
    compressed = None
    if deflated is not None:
        compressed = deflated
    elif compression == 'auto' and should_compress(payload, v):
        out = deflate_raw(payload)
        if len(out) < len(payload):
            compressed = out
    flags = 0
    if p.get('recipient') is not None:
        flags |= HAS_RECIPIENT
    if p.get('signature') is not None:
        flags |= HAS_SIGNATURE
    if compressed is not None:
        flags |= IS_COMPRESSED
    route = p.get('route') or []
    if v == 2 and route:
        flags |= HAS_ROUTE
    if p.get('rsr'):
        flags |= IS_RSR
    size_field = 2 if v == 1 else 4
    body = payload if compressed is None else compressed
    length = len(body) + (size_field if compressed is not None else 0)
    out = struct.pack('>BBBQB', v, p['type'], p['ttl'], p['ts'], flags)
    out += struct.pack('>H' if v == 1 else '>I', length)
    out += p['sender']
    if p.get('recipient') is not None:
        out += p['recipient']
    if v == 2 and route:
        out += bytes([len(route)]) + b''.join(route)
    if compressed is not None:
        out += struct.pack('>H' if v == 1 else '>I', len(payload))
    out += body
    if p.get('signature') is not None:
        out += p['signature']
    return pad(out) if padding else out


def preimage(p, compression='auto', deflated=None):
    # section 3.2: TTL 0, no signature, RSR clear, padded
    q = dict(p, ttl=0, signature=None, rsr=False)
    return encode(q, padding=True, compression=compression, deflated=deflated)


def sign(p, seed, compression='auto', deflated=None):
    key = Ed25519PrivateKey.from_private_bytes(seed)
    return key.sign(preimage(p, compression, deflated))


def public_key(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def packet_id(p):
    # section 2.7.1
    return hashlib.sha256(bytes([p['type']]) + p['sender'] + struct.pack('>Q', p['ts']) + p['payload']).digest()[:16]


def peer_id(noise_key):
    return hashlib.sha256(noise_key).digest()[:8]


def fragment_frames(original_frame, p, fragment_id, chunk):
    # section 2.6: type 0x20, same sender/timestamp/TTL/recipient/route/version, unsigned, unpadded
    chunks = [original_frame[i:i + chunk] for i in range(0, len(original_frame), chunk)]
    out = []
    for i, c in enumerate(chunks):
        payload = fragment_id + struct.pack('>HHB', i, len(chunks), p['type']) + c
        q = dict(p, type=0x20, payload=payload, signature=None)
        out.append(encode(q, compression='none'))
    return out


def h64(pid):
    return int.from_bytes(hashlib.sha256(pid).digest()[:8], 'big') & 0x7FFFFFFFFFFFFFFF


def gcs_build(ids, p, max_bytes):
    # section 2.7.2 without the trimming retry (every case here fits in max_bytes)
    n = min(len(ids), (8 * max_bytes) // (p + 2))
    if n == 0:
        return p, 1, b''
    m = min(n << p, 0xFFFFFFFF)
    values = sorted({(h64(i) % m) or 1 for i in ids[:n]})
    bits = []
    prev = 0
    for v in values:
        x = v - prev
        prev = v
        q, r = (x - 1) >> p, (x - 1) & ((1 << p) - 1)
        bits += [1] * q + [0]
        bits += [(r >> (p - 1 - k)) & 1 for k in range(p)]
    while len(bits) % 8:
        bits.append(0)
    data = bytes(int(''.join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))
    assert len(data) <= max_bytes, 'case would need the trimming retry; pick other parameters'
    return p, m, data


def gcs_members(p, m, data):
    values, acc, pos = set(), 0, 0
    nbits = len(data) * 8
    bit = lambda k: (data[k // 8] >> (7 - k % 8)) & 1
    while True:
        q = 0
        while pos < nbits and bit(pos) == 1:
            q += 1
            pos += 1
        if pos >= nbits:
            break
        pos += 1
        if pos + p > nbits:
            break
        r = 0
        for _ in range(p):
            r = (r << 1) | bit(pos)
            pos += 1
        acc += (q << p) + r + 1
        if acc >= m:
            break
        values.add(acc)
    return values


def gcs_contains(p, m, data, pid):
    return max(1, h64(pid) % m) in gcs_members(p, m, data)


# ---------------------------------------------------------------------------------------------
E = {}
H = lambda b: b.hex()

SEED = bytes(range(1, 33))
SEED_OTHER = bytes([0x77]) * 32
E['SIGNING_SEED'] = H(SEED)
E['SIGNING_PUBLIC'] = H(public_key(SEED))
E['OTHER_PUBLIC'] = H(public_key(SEED_OTHER))

SENDER = bytes.fromhex('a1b2c3d4e5f60718')
RECIPIENT = bytes.fromhex('0f1e2d3c4b5a6978')
HOP1, HOP2 = bytes.fromhex('2122232425262728'), bytes.fromhex('3132333435363738')
TS = 1735689600000  # 2025-01-01T00:00:00Z

msg = dict(version=1, type=0x02, ttl=7, ts=TS, sender=SENDER, recipient=None, payload=b'hello mesh', signature=None, rsr=False)
E['MSG_PREIMAGE'] = H(preimage(msg))

directed = dict(msg, ttl=5, recipient=RECIPIENT, rsr=True, signature=bytes([0x5a]) * 64, payload=b'directed')
E['DIRECTED_PREIMAGE'] = H(preimage(directed))

routed = dict(version=2, type=0x11, ttl=6, ts=42, sender=SENDER, recipient=RECIPIENT, route=[HOP1, HOP2],
              payload=bytes.fromhex('00000001') + bytes(range(16)), signature=None, rsr=False)
E['ROUTED_PREIMAGE'] = H(preimage(routed))

# compression decision
TEXT = ('hello mesh, this is a compressible public message from bitmesh ' * 3).encode()
E['COMPRESSIBLE_TEXT'] = H(TEXT)
comp = dict(msg, payload=TEXT)
E['COMPRESSIBLE_AUTO'] = H(encode(comp, compression='auto'))
E['COMPRESSIBLE_NONE'] = H(encode(comp, compression='none'))
E['COMPRESSIBLE_DEFLATE'] = H(deflate_raw(TEXT))
assert E['COMPRESSIBLE_AUTO'] != E['COMPRESSIBLE_NONE']
SHORT = TEXT[:99]
E['SHORT_TEXT'] = H(SHORT)
E['SHORT_AUTO'] = H(encode(dict(msg, payload=SHORT), compression='auto'))
assert not should_compress(SHORT, 1)
DIVERSE = bytes(range(120))
E['DIVERSE_AUTO'] = H(encode(dict(msg, payload=DIVERSE), compression='auto'))
comp2 = dict(routed, type=0x02, payload=TEXT)
E['COMPRESSIBLE_V2_AUTO'] = H(encode(comp2, compression='auto'))

# signing
E['MSG_SIGNED'] = H(encode(dict(msg, signature=sign(msg, SEED, 'none')), compression='none'))
E['COMP_SIGNED'] = H(encode(dict(comp, signature=sign(comp, SEED, 'auto')), compression='auto'))
hs = dict(msg, type=0x11, recipient=RECIPIENT, payload=bytes.fromhex('00000007') + bytes([0xc3]) * 40)
E['NOISE_SIGNED_PADDED'] = H(encode(dict(hs, signature=sign(hs, SEED, 'none')), padding=True, compression='none'))
relayed = bytearray(bytes.fromhex(E['MSG_SIGNED']))
relayed[2] = 3  # a relay decremented the TTL
E['MSG_SIGNED_TTL3'] = H(bytes(relayed))
rsr = bytearray(bytes.fromhex(E['MSG_SIGNED']))
rsr[11] |= IS_RSR  # a sync responder set the RSR flag
E['MSG_SIGNED_RSR'] = H(bytes(rsr))
tampered = bytearray(bytes.fromhex(E['MSG_SIGNED']))
tampered[22] ^= 0x01  # first payload byte
E['MSG_SIGNED_TAMPERED'] = H(bytes(tampered))
E['MSG_UNSIGNED'] = H(encode(msg, compression='none'))
E['MSG_SIGNED_PADDED'] = H(pad(bytes.fromhex(E['MSG_SIGNED'])))

# a signer whose DEFLATE encoder differs from level 5 (here zlib level 1)
FOREIGN_TEXT = b'Meet at the north gate at noon; bring water, the map, spare batteries and the long antenna. The north gate, not the south gate!'
assert deflate_raw(FOREIGN_TEXT, 1) != deflate_raw(FOREIGN_TEXT, 5)
foreign = dict(msg, payload=FOREIGN_TEXT)
fd = deflate_raw(FOREIGN_TEXT, 1)
E['FOREIGN_TEXT'] = H(FOREIGN_TEXT)
E['FOREIGN_SIGNED'] = H(encode(dict(foreign, signature=sign(foreign, SEED, deflated=fd)), deflated=fd))

# ids
E['GOLDEN_V1_PACKET_ID'] = H(packet_id(dict(type=2, sender=bytes.fromhex('1011121314151617'), ts=0x0102030405060708, payload=bytes.fromhex('aabbcc'))))
E['MSG_PACKET_ID'] = H(packet_id(msg))
E['COMPRESSIBLE_PACKET_ID'] = H(packet_id(comp))
E['PEER_ID_11'] = H(peer_id(bytes([0x11]) * 32))
E['PEER_ID_SEQ'] = H(peer_id(bytes(range(32))))

# fragments: the signed message frame, cut into 25-byte chunks
orig = bytes.fromhex(E['MSG_SIGNED'])
FID = bytes.fromhex('f0e1d2c3b4a59687')
E['FRAGMENT_ID'] = H(FID)
E['MSG_SIGNED_FRAGMENTS_25'] = [H(f) for f in fragment_frames(orig, msg, FID, 25)]
# a directed v2 routed original: fragments copy recipient and route
routed_frame = encode(routed, compression='none')
E['ROUTED_FRAME'] = H(routed_frame)
E['ROUTED_FRAGMENTS_30'] = [H(f) for f in fragment_frames(routed_frame, routed, FID, 30)]

# GCS
ids = [hashlib.sha256(b'bitmesh-gcs-%d' % i).digest()[:16] for i in range(20)]
E['GCS_IDS'] = [H(i) for i in ids]
p, m, data = gcs_build(ids[:5], 7, 400)
E['GCS_5'] = dict(p=p, m=m, data=H(data))
p2, m2, data2 = gcs_build(ids, 7, 16)
E['GCS_20_CAPPED'] = dict(p=p2, m=m2, data=H(data2))
E['GCS_20_CAPPED_N'] = (8 * 16) // 9
# an id outside the 5-id filter that is not a false positive
outside = next(i for i in ids[5:] if not gcs_contains(p, m, data, i))
E['GCS_OUTSIDE'] = H(outside)
assert all(gcs_contains(p, m, data, i) for i in ids[:5])
assert all(gcs_contains(p2, m2, data2, i) for i in ids[:E['GCS_20_CAPPED_N']])


def ts_literal(value):
    return str(value)


def emit(out):
    out.write('/**\n * Expected values of BitMesh\'s own conformance cases, computed independently of the\n')
    out.write(' * TypeScript codec by `scripts/compute-expected.py` (Python standard library: struct, hashlib,\n')
    out.write(' * vanilla zlib 1.2.13 raw DEFLATE level 5; Ed25519 from `cryptography`). Regenerate with\n')
    out.write(' * `python3 packages/conformance/scripts/compute-expected.py`; do not edit by hand.\n * @module\n */\n\n')
    out.write('/** Expected data, keyed by the names used in the Python script. */\n')
    out.write('export const EXPECTED = {\n')
    for k, v in E.items():
        if isinstance(v, list):
            out.write(f'  {k}: [\n')
            for item in v:
                out.write(f"    '{item}',\n")
            out.write('  ],\n')
        elif isinstance(v, dict):
            inner = ', '.join(f"{a}: '{b}'" if isinstance(b, str) else f'{a}: {b}' for a, b in v.items())
            out.write(f'  {k}: {{ {inner} }},\n')
        elif isinstance(v, int):
            out.write(f'  {k}: {v},\n')
        else:
            out.write(f"  {k}: '{v}',\n")
    out.write('} as const\n')


here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, '..', 'src', 'suites', 'expected.ts')
with open(target, 'w') as f:
    emit(f)
print('wrote', os.path.normpath(target), file=sys.stderr)
