#!/usr/bin/env python3
"""Writes the PyTorch fixture of TorchImportTest (run from anywhere; needs only torch, e.g. Debian's python3-torch).

A small CNN with batch norm is built in PyTorch, its batch-norm statistics are moved by three training-mode
forwards, and in eval mode its logits on a fixed input are recorded. Two safetensors files are written next to the
test resources (the format is simple enough to write with struct + json, so the safetensors package is not needed):

  torch_cnn.safetensors     the state_dict: 0.weight 0.bias 1.weight 1.bias 1.running_mean 1.running_var
                            1.num_batches_tracked 5.weight 5.bias
  torch_cnn_io.safetensors  x (2, 1, 8, 8) and the logits (2, 3) PyTorch computed in eval mode

The architecture (symkern's equivalent in TorchImportTest):
  nn.Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(), Linear(64, 3))
"""
import json
import os
import struct

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "symkern", "train")
DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.int32: "I32"}


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().tobytes()  # little-endian on x86-64
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(1234)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(64, 3))
    with torch.no_grad():
        model[1].weight.uniform_(0.5, 1.5)
        model[1].bias.uniform_(-0.5, 0.5)
        model.train()
        for _ in range(3):
            model(torch.randn(5, 1, 8, 8) * 2 + 0.3)
        model.eval()
        x = torch.randn(2, 1, 8, 8)
        logits = model(x)
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "torch_cnn.safetensors"), model.state_dict(),
                      {"torch": torch.__version__, "generator": "make_torch_fixture.py"})
    write_safetensors(os.path.join(OUT, "torch_cnn_io.safetensors"), {"x": x, "logits": logits})
    print("num_batches_tracked", int(model[1].num_batches_tracked), "logits", logits.tolist())


if __name__ == "__main__":
    main()
