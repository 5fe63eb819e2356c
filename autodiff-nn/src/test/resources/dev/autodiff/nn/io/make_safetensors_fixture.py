#!/usr/bin/env python3
"""Writes weights-fixture.safetensors with known values, using only the standard library (struct + json).

An independent writer for WeightsTest: the Java reader must read exactly these values. Run from this folder:
    python3 make_safetensors_fixture.py
The tensors are laid out in an order different from the model's, the header is not padded, and the metadata holds
a non-ASCII string (json.dumps writes it as a \\u escape).
"""
import json
import struct

# name -> (dtype, shape, row-major values)
TENSORS = {
    "output.W": ("F32", [3, 1], [1.5, -0.3, 2.0]),
    "hidden1.W": ("F64", [2, 3], [0.1, -0.2, 1.0 / 3.0, 1e-300, -2.5, 12345.678]),
    "swish.beta": ("F64", [], [0.7]),
    "hidden1.b": ("F32", [1, 3], [0.5, -0.1, 3.25]),
    "output.b": ("F64", [1, 1], [-0.125]),
}
FORMATS = {"F64": "<d", "F32": "<f"}

header = {"__metadata__": {"source": "make_safetensors_fixture.py", "note": "na\u00efve"}}
data = b""
for name, (dtype, shape, values) in TENSORS.items():
    raw = b"".join(struct.pack(FORMATS[dtype], v) for v in values)
    header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw

text = json.dumps(header).encode("utf-8")
with open("weights-fixture.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    f.write(data)
print(len(text), "header bytes,", len(data), "data bytes")
for name, (dtype, shape, values) in TENSORS.items():
    print(name, dtype, shape, [struct.unpack(FORMATS[dtype], struct.pack(FORMATS[dtype], v))[0] for v in values])
