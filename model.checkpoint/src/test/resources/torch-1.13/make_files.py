"""Writes the PyTorch checkpoints in this folder with real torch.save, and expected.tsv with every tensor's
dtype, shape and values (C order: float.hex for floats, decimal for integers and booleans), which
TorchWrittenFilesTest compares against. Run with any torch: `python3 make_files.py` (these files came from
torch 1.13.1)."""
import collections
import math

import torch

torch.manual_seed(0)
files = {}

# an OrderedDict of tensors: two views sharing one storage, a non-contiguous (transposed) view, edge values
flat = collections.OrderedDict()
flat["a.weight"] = torch.arange(6, dtype=torch.float32).reshape(2, 3)
half = torch.tensor([0.5, -2.0, 65504.0, 2.0 ** -24, float("inf"), -0.0, 1.0, 3.0, 4.0, 5.0], dtype=torch.float16)
flat["b.view1"] = half[2:5]
flat["b.view2"] = half[5:]
flat["c.transposed"] = torch.arange(6, dtype=torch.float32).reshape(2, 3).t()
files["flat.pt"] = flat

# a module's state dict (with torch's _metadata attribute) inside a dict, plus non-tensor values and a list
model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.LayerNorm(2))
nested = {
    "generator": model.state_dict(),
    "step": 5,
    "name": "run",
    "lst": [torch.tensor([1.5, -2.25], dtype=torch.bfloat16), torch.tensor([[7]], dtype=torch.int64)],
    "deep": {"x": {"y": torch.tensor(3.0, dtype=torch.float64)}},
}
files["nested.pt"] = nested

# a plain module's state dict at the top level (its _metadata: {"": {"version": 1}})
files["linear.pt"] = torch.nn.Linear(3, 2).state_dict()

# integer and boolean dtypes, an empty tensor and a Parameter
files["dtypes.pt"] = {
    "i64": torch.tensor([-(2 ** 63), -1, 2 ** 63 - 1], dtype=torch.int64),
    "i32": torch.tensor([-(2 ** 31), 2 ** 31 - 1], dtype=torch.int32),
    "i16": torch.tensor([-32768, 32767], dtype=torch.int16),
    "i8": torch.tensor([-128, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 255], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True]),
    "empty": torch.zeros(0, 3),
    "param": torch.nn.Parameter(torch.randn(2, 2)),
}


def values(t):
    if not t.dtype.is_floating_point:
        return ",".join(str(int(v)) for v in t.reshape(-1).tolist())
    out = []
    for v in t.detach().reshape(-1).tolist():
        v = float(v)
        if math.isnan(v):
            out.append("NaN")
        elif math.isinf(v):
            out.append("Infinity" if v > 0 else "-Infinity")
        else:
            out.append(v.hex())
    return ",".join(out)


def walk(node, path, rows):
    if isinstance(node, torch.Tensor):
        rows.append((path, str(node.dtype).replace("torch.", ""), ",".join(str(d) for d in node.shape), values(node)))
    elif isinstance(node, dict):
        for k, v in node.items():
            walk(v, k if not path else path + "." + k, rows)
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            walk(v, str(i) if not path else path + "." + str(i), rows)


with open("expected.tsv", "w") as f:
    f.write("# file\tname\tdtype\tshape\tvalues (C order; float.hex, or decimal for integers)\n")
    for name, obj in files.items():
        torch.save(obj, name)
        rows = []
        walk(obj, "", rows)
        for row in rows:
            f.write(name + "\t" + "\t".join(row) + "\n")
