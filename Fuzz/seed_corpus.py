#!/usr/bin/env python3
"""Seeds a libFuzzer corpus from the protocol test vectors (vectors.json).

Writes, per vector: the frame bytes, the frame as ASCII hex (the gb26875-2011-hex transport),
and a few composites: all standard frames back to back, a frame with garbage around it, a
truncated frame, and one JSON-form document.
"""
import json
import sys
from pathlib import Path

vectors_path, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
out_dir.mkdir(parents=True, exist_ok=True)
vectors = json.loads(vectors_path.read_text())


def write(name, data):
    (out_dir / f"seed-{name}").write_bytes(data)


frames = []
for v in vectors:
    raw = bytes.fromhex(v["hex"])
    frames.append(raw)
    write(v["id"], raw)
    write(v["id"] + "-hex", v["hex"].encode())

write("all-standard", b"".join(bytes.fromhex(v["hex"]) for v in vectors if v.get("category") == "standard"))
write("garbage-around", b"\x00\x40\x23" + frames[0] + b"\x40" + frames[1] + b"\x40")
write("truncated", frames[0][:-5])
write("hex-spaced", b" ".join(v["hex"].encode() for v in vectors[:4]))
write("json", json.dumps({
    "serial": 1, "version": [1, 1], "time": "2020-10-22T17:13:24",
    "source": "000000000000", "destination": "060504030201", "commandCode": 2,
    "adu": {"type": 2, "count": 1, "objects": [{
        "kind": "componentStatus", "systemType": 1, "systemAddress": 3, "componentType": 0,
        "componentAddress": 393433, "status": 2, "description": "A区1层", "time": "2020-08-01T19:18:48"}]},
}, ensure_ascii=False).encode())
print(f"seeded {len(list(out_dir.iterdir()))} files in {out_dir}")
